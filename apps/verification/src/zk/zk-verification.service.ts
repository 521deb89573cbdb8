import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type Actor, PlatformMetrics } from '@citizen-zero/nest-platform';
import { ALWAYS_DISCLOSED_CLAIM, bbsProofSystem, type DisclosableClaim, verifyZkPresentation, type ZkErrorCode, type ZkSystemProperties } from '@citizen-zero/zk-credentials';
import { VERIFICATION_CONFIG, type VerificationConfig } from '../config/verification-config';
import { RelyingPartiesService } from '../relying-parties/relying-parties.service';
import { VerificationError } from '../verification-error';
import { VerificationRecordRepository } from '../verification/verification-record.repository';
import { ZkNonceRepository } from './zk-nonce.repository';
import { ZkTrustedIssuerKeys } from './zk-trusted-issuer-keys';

/** Codes this service adds to those of libs/zk-credentials. */
export type ZkVerificationCode = ZkErrorCode | 'ZK_NONCE_INVALID' | 'ZK_CLAIM_NOT_DISCLOSED';

export interface ZkNonce {
  /** 32 random bytes, base64url: what the wallet binds its proof to, with the audience. */
  readonly nonce: string;
  readonly audience: string;
  readonly expiresAt: Date;
}

export interface ZkVerificationVerdict {
  readonly valid: boolean;
  readonly code?: ZkVerificationCode;
  readonly message: string;
  readonly verifiedAt: Date;
  /** The statements the proof establishes, limited to what the relying party asked for (when it asked). */
  readonly proven: Readonly<Partial<Record<DisclosableClaim, boolean | string>>>;
  readonly validUntil?: string;
  readonly issuerKeyId?: string;
  readonly system?: string;
  readonly schema?: string;
  /** How the statements are established: issuer-precomputed values, no holder binding, expiry-only revocation (BBS). */
  readonly properties?: ZkSystemProperties;
  readonly recordId: string;
}

const NONCE_PURGE_AFTER_MS = 86_400_000;

/**
 * Verifies zero-knowledge presentations (libs/zk-credentials) for relying parties.
 *
 * Replay protection: a relying party first asks for a nonce; the service keeps it (random, 256
 * bits) with the relying party and an audience naming it, for `CZ_VERIFICATION_ZK_NONCE_TTL_SECONDS`.
 * The wallet binds its proof to (audience, nonce) through the BBS presentation header. At
 * verification the nonce is taken — used, in one atomic UPDATE, only by the relying party it was
 * issued to, only before it expires — before the proof is even looked at; so a proof verifies
 * once, for one relying party, and a captured proof is worth nothing afterwards, here or at any
 * other verifier (whose nonces differ). Failed attempts spend their nonce too.
 */
@Injectable()
export class ZkVerificationService {
  constructor(
    private readonly nonces: ZkNonceRepository,
    private readonly trusted: ZkTrustedIssuerKeys,
    private readonly records: VerificationRecordRepository,
    private readonly relyingParties: RelyingPartiesService,
    private readonly metrics: PlatformMetrics,
    @Inject(VERIFICATION_CONFIG) private readonly config: VerificationConfig,
  ) {}

  private assertConfigured(): void {
    if (!this.trusted.configured) throw new VerificationError('ZK_NOT_CONFIGURED', 'zero-knowledge proofs are not configured here: no trusted BBS issuer keys (CZ_VERIFICATION_ZK_ISSUER_KEYS_FILE)');
  }

  /** The audience a relying party's proofs are bound to: it names the relying party, so a proof made for one is useless to another. */
  private audienceOf(actor: Actor): string {
    return `${this.config.publicUrl.replace(/\/$/, '')}/verifications/zk#${encodeURIComponent(actor.relyingParty?.id ?? actor.subject)}`;
  }

  async issueNonce(actor: Actor): Promise<ZkNonce> {
    this.assertConfigured();
    const issuedAt = new Date();
    const nonce = { nonce: randomBytes(32).toString('base64url'), audience: this.audienceOf(actor), expiresAt: new Date(issuedAt.getTime() + this.config.zk.nonceTtlSeconds * 1000) };
    await this.nonces.purgeExpired(new Date(issuedAt.getTime() - NONCE_PURGE_AFTER_MS));
    await this.nonces.insert({ ...nonce, relyingParty: actor.subject, issuedAt });
    return nonce;
  }

  async verify(actor: Actor, input: { proof: unknown; nonce: string; request?: readonly DisclosableClaim[]; purpose?: string }): Promise<ZkVerificationVerdict> {
    this.assertConfigured();
    if (actor.relyingParty && !input.request) throw new VerificationError('REQUEST_REQUIRED', 'a relying party must name the claims it asks for (request); only those are returned');
    await this.relyingParties.authorise(actor, 'zk', input.purpose, input.request);
    const verifiedAt = new Date();
    const taken = await this.nonces.take(input.nonce, actor.subject, verifiedAt);
    let verdict: Omit<ZkVerificationVerdict, 'recordId' | 'verifiedAt'>;
    if (!taken) {
      verdict = { valid: false, code: 'ZK_NONCE_INVALID', message: 'the nonce is unknown, already used, expired, or was issued to another relying party: ask for a new one', proven: {} };
    } else {
      const result = await verifyZkPresentation(input.proof, { systems: [bbsProofSystem], trust: { issuerKeys: this.trusted.keys }, binding: { audience: taken.audience, nonce: input.nonce }, at: verifiedAt });
      const missing = result.valid && input.request ? input.request.filter((claim) => !(claim in result.proven)) : [];
      const proven = input.request ? Object.fromEntries(Object.entries(result.proven).filter(([claim]) => input.request!.includes(claim as DisclosableClaim))) : result.proven;
      verdict = {
        ...result,
        proven: missing.length > 0 ? {} : proven,
        ...(missing.length > 0 && { valid: false, code: 'ZK_CLAIM_NOT_DISCLOSED' as const, message: `the proof does not disclose what was asked for: ${missing.join(', ')}` }),
      };
    }
    const recordId = await this.records.insert({
      relyingParty: actor.subject,
      kind: 'zk',
      docTypes: verdict.schema ? [verdict.schema] : [],
      disclosedElements: verdict.valid ? [...Object.keys(verdict.proven), ALWAYS_DISCLOSED_CLAIM] : [],
      valid: verdict.valid,
      failedChecks: verdict.code ? [verdict.code] : [],
      statusStale: false,
      verifiedAt,
    });
    this.metrics.counter('verifications_total', 'Verifications by kind and outcome', ['kind', 'outcome']).inc({ kind: 'zk', outcome: verdict.valid ? 'valid' : 'invalid' });
    return { ...verdict, verifiedAt, recordId };
  }
}
