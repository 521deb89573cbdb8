import type { SealedRecord } from '@citizen-zero/hsm';
import type { BiometricModality } from '@citizen-zero/service-contracts';

/**
 * A captured biometric template. What is personal — the face embedding, the minutiae — is only
 * ever stored sealed (envelope encryption under the HSM KEK, bound to the template id); the rest
 * says what it is without saying whose: the subject is the identity service's person id, and it
 * is set only when the identity service puts the template in the gallery (ABIS insert).
 */
export interface BiometricTemplate {
  readonly id: string;
  readonly modality: BiometricModality;
  /** The enrolled subject, once in the gallery; undefined for a capture not (yet) enrolled. */
  readonly subjectId: string | undefined;
  /** ISO/IEC 19794-2 finger position code (fingerprints only). */
  readonly fingerPosition: number | undefined;
  /** `model-id@version` (face) or the matcher's template version (fingerprint): templates are compared only within one. */
  readonly model: string;
  /** 0–100. */
  readonly quality: number;
  readonly sealed: SealedRecord;
  readonly createdAt: Date;
  readonly enrolledAt: Date | undefined;
}

/** The GCM additional data binding a template's ciphertext to its row. */
export function templateContext(id: string, modality: BiometricModality): string {
  return `cz-biometric-template:v1:${modality}:${id}`;
}
