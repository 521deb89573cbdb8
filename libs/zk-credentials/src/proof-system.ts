import type { DisclosableClaim } from './claim-set/age-nationality-v1';
import type { IssuerPublicKey } from './issuer/issuer-key';
import type { ProofBinding } from './presentation/presentation-header';
import { parseProofEnvelope, type ZkProofEnvelope } from './presentation/proof-envelope';
import { type ZkErrorCode, ZkCredentialError } from './zk-error';

/**
 * What a proof system guarantees, stated so a verifier (and its audit) can tell a signed,
 * precomputed `age_over_18 = true` from an age proven inside the proof from a hidden birth date.
 */
export interface ZkSystemProperties {
  /**
   * `issuer-precomputed-value`: the disclosed statement is a value the issuer computed and signed at
   * issuance (BBS here). `proven-from-hidden-value`: the proof computes it from a hidden signed
   * attribute at presentation time (a range proof over the birth date; mdoc-ZK over an mdoc).
   */
  readonly statementBasis: 'issuer-precomputed-value' | 'proven-from-hidden-value';
  /** `none`: whoever holds the credential can present it. `device-key`: a key the credential is bound to must sign. */
  readonly holderBinding: 'none' | 'device-key' | 'link-secret';
  /** `expiry-only`: no per-credential revocation a verifier can check without linking. */
  readonly revocation: 'expiry-only' | 'status-list' | 'accumulator';
  /** Whether two presentations of the same credential are unlinkable beyond what they disclose. */
  readonly unlinkable: boolean;
}

/** What a verifier trusts. BBS uses issuer keys; an mdoc-ZK system (Longfellow) would use IACA certificates. */
export interface ZkTrust {
  readonly issuerKeys?: readonly IssuerPublicKey[];
  /** DER certificates of trusted IACAs, for systems that prove statements about ISO 18013-5 mdocs. */
  readonly trustAnchors?: readonly Uint8Array[];
}

export interface ZkProofRequest {
  readonly disclose: readonly DisclosableClaim[];
  readonly binding: ProofBinding;
}

export interface ZkVerifyOptions {
  readonly binding: ProofBinding;
  readonly trust: ZkTrust;
  /** Verification time (validity check); now by default. */
  readonly at?: Date;
}

/** A verifier's answer: never a throw, always a stable code when not valid. */
export interface ZkVerdict {
  readonly valid: boolean;
  readonly code?: ZkErrorCode;
  readonly message: string;
  readonly system?: string;
  readonly schema?: string;
  readonly issuerKeyId?: string;
  /** Only for a proof that verified: the statements it establishes (the disclosed, issuer-signed values). */
  readonly proven: Readonly<Partial<Record<DisclosableClaim, boolean | string>>>;
  /** Only for a proof that verified: the last month of the credential's validity. */
  readonly validUntil?: string;
  readonly properties?: ZkSystemProperties;
}

/**
 * The slot for zero-knowledge proof systems. BBS (draft-irtf-cfrg-bbs-signatures) implements it
 * today; a range-proof system (e.g. age ≥ 18 proven over a signed birth date, Bulletproofs or
 * BBS with range extensions) or an mdoc-ZK system (Longfellow: a ZK proof over an unmodified ISO
 * 18013-5 mdoc and its ECDSA issuer signature) adds an implementation with its own `id`, credential
 * type and trust, and verifiers dispatch on the envelope's `sys` through {@link verifyZkPresentation}.
 */
export interface ZeroKnowledgeProofSystem<Credential = unknown> {
  readonly id: string;
  readonly specification: string;
  readonly properties: ZkSystemProperties;
  derive(credential: Credential, request: ZkProofRequest): Promise<ZkProofEnvelope>;
  verify(envelope: ZkProofEnvelope, options: ZkVerifyOptions): Promise<ZkVerdict>;
}

/** An invalid verdict for an error (a ZkCredentialError's code, or ZK_ENVELOPE_MALFORMED for anything else). */
export function failedVerdict(error: unknown, context: Pick<ZkVerdict, 'system' | 'schema' | 'issuerKeyId'> = {}): ZkVerdict {
  const code: ZkErrorCode = error instanceof ZkCredentialError ? error.code : 'ZK_ENVELOPE_MALFORMED';
  return { valid: false, code, message: error instanceof Error ? error.message : String(error), proven: {}, ...context };
}

/**
 * Verifies a presentation with whichever registered system its envelope names. Malformed input,
 * an unknown system and every cryptographic failure come back as an invalid verdict with a code.
 */
export async function verifyZkPresentation(value: unknown, options: ZkVerifyOptions & { readonly systems: readonly ZeroKnowledgeProofSystem[] }): Promise<ZkVerdict> {
  let envelope: ZkProofEnvelope;
  try {
    envelope = parseProofEnvelope(value);
  } catch (error) {
    return failedVerdict(error);
  }
  const system = options.systems.find((candidate) => candidate.id === envelope.sys);
  if (!system) return failedVerdict(new ZkCredentialError('ZK_FORMAT_UNSUPPORTED', `no proof system "${envelope.sys}" here (known: ${options.systems.map((known) => known.id).join(', ')})`), { system: envelope.sys });
  return system.verify(envelope, options);
}
