import { Injectable } from '@nestjs/common';
import { EnvelopeEncryption, type SealedRecord } from '@citizen-zero/hsm';
import type { BiometricModality } from '@citizen-zero/service-contracts';
import { vectorBytes, vectorFromBytes } from '../face/face-gallery-index';
import { type BiometricTemplate, templateContext } from './biometric-template';

/**
 * Seals and opens template payloads: a face template is its embedding (float32, little-endian);
 * a fingerprint template is the one-view minutiae record as received (ISO/IEC 19794-2:2005 or
 * ANSI INCITS 378-2004 bytes, kept as they came).
 */
@Injectable()
export class TemplateVault {
  constructor(private readonly encryption: EnvelopeEncryption) {}

  sealEmbedding(id: string, embedding: Float32Array): Promise<SealedRecord> {
    return this.encryption.seal(vectorBytes(embedding), templateContext(id, 'face'));
  }

  sealMinutiae(id: string, record: Uint8Array): Promise<SealedRecord> {
    return this.encryption.seal(record, templateContext(id, 'fingerprint'));
  }

  async openEmbedding(template: BiometricTemplate): Promise<Float32Array> {
    return vectorFromBytes(await this.open(template, 'face'));
  }

  openMinutiae(template: BiometricTemplate): Promise<Uint8Array> {
    return this.open(template, 'fingerprint');
  }

  private open(template: BiometricTemplate, modality: BiometricModality): Promise<Uint8Array> {
    return this.encryption.open(template.sealed, templateContext(template.id, modality));
  }
}
