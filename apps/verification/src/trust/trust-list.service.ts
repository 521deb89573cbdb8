import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { certificateFingerprint, describeCertificate, exportTrustListPem, parsePemBundle, validateCertificateProfile } from '@citizen-zero/pki';
import type { Actor } from '@citizen-zero/nest-platform';
import { VerificationError } from '../verification-error';
import { TrustBundleSigner } from './trust-bundle-signer';
import { DuplicateTrustAnchorError, type TrustedIaca, TrustListRepository } from './trust-list.repository';

export const RETIREMENT_REASONS = ['key-compromise', 'superseded', 'cessation', 'policy-change'] as const;
export type RetirementReason = (typeof RETIREMENT_REASONS)[number];

/**
 * The IACA certificates relying parties trust, managed by security officers: each is checked
 * against the ISO/IEC 18013-5 Annex B IACA profile before it is accepted, and retiring one keeps
 * its record (who, when, why) while removing it from verification and the published bundle.
 */
@Injectable()
export class TrustListService {
  private cache: { at: number; anchors: Uint8Array[] } | undefined;

  constructor(
    private readonly trust: TrustListRepository,
    private readonly bundleSigner: TrustBundleSigner,
  ) {}

  async add(actor: Actor, pem: string, docTypes: readonly string[]): Promise<TrustedIaca> {
    let certificates: Uint8Array[];
    try {
      certificates = parsePemBundle(pem);
    } catch (error) {
      throw new VerificationError('TRUST_ANCHOR_INVALID', 'the upload is not a PEM certificate', {}, { cause: error });
    }
    if (certificates.length !== 1) throw new VerificationError('TRUST_ANCHOR_INVALID', `upload exactly one IACA certificate (found ${certificates.length})`);
    const der = certificates[0]!;
    const findings = (await validateCertificateProfile(der, 'iaca')).filter((finding) => finding.severity === 'error');
    if (findings.length > 0) {
      throw new VerificationError('TRUST_ANCHOR_INVALID', `the certificate does not meet the IACA profile (ISO/IEC 18013-5 Annex B.1.2): ${findings.map((finding) => `${finding.code}: ${finding.message}`).join('; ')}`, { findings: findings.map((finding) => finding.code).join(',') });
    }
    const description = await describeCertificate(der);
    const iaca: TrustedIaca = {
      id: randomUUID(),
      fingerprint: Buffer.from(await certificateFingerprint(der), 'hex'),
      certificate: der,
      subject: description.subject,
      country: /(?:^|, )C=([A-Z]{2})/.exec(description.subject)?.[1] ?? '',
      docTypes: [...docTypes],
      notBefore: description.notBefore,
      notAfter: description.notAfter,
      addedBy: actor.subject,
      addedAt: new Date(),
      retiredAt: undefined,
      retiredBy: undefined,
      retirementReason: undefined,
    };
    try {
      await this.trust.insert(iaca);
    } catch (error) {
      if (error instanceof DuplicateTrustAnchorError) {
        const known = await this.trust.findByFingerprint(iaca.fingerprint);
        // A removed anchor stays removed (its record says who removed it and why): say so rather than "already trusted".
        if (known?.retiredAt) throw new VerificationError('TRUST_ANCHOR_EXISTS', `this IACA certificate was removed from the trust list on ${known.retiredAt.toISOString().slice(0, 10)} (${known.retirementReason ?? 'no reason recorded'}); a removed trust anchor is not added again`, { retired: true });
        throw new VerificationError('TRUST_ANCHOR_EXISTS', 'this IACA certificate is already in the trust list');
      }
      throw error;
    }
    this.cache = undefined;
    return iaca;
  }

  async retire(actor: Actor, id: string, reason: RetirementReason): Promise<void> {
    if (!(await this.trust.retire(id, actor.subject, reason))) throw new VerificationError('TRUST_ANCHOR_NOT_FOUND', 'no active trust anchor with this id');
    this.cache = undefined;
  }

  list(includeRetired: boolean): Promise<TrustedIaca[]> {
    return includeRetired ? this.trust.all() : this.trust.active();
  }

  /** The active anchors (DER), cached briefly: every verification needs them. */
  async anchors(): Promise<Uint8Array[]> {
    if (!this.cache || Date.now() - this.cache.at > 10_000) this.cache = { at: Date.now(), anchors: (await this.trust.active()).map((iaca) => iaca.certificate) };
    return this.cache.anchors;
  }

  /** The trust list signed as a VICAL; its issue id counts every change (additions and retirements are never deleted). */
  async bundleVical(): Promise<Uint8Array> {
    const all = await this.trust.all();
    const issueId = all.length + all.filter((anchor) => anchor.retiredAt).length;
    return this.bundleSigner.sign(all.filter((anchor) => !anchor.retiredAt), issueId);
  }

  /** Who signs the published VICAL: the HSM key label and its certificates (public information). */
  describeBundleSigner(): ReturnType<TrustBundleSigner['describe']> {
    return this.bundleSigner.describe();
  }

  /** The trust list for offline verifiers as a PEM bundle. */
  async bundlePem(): Promise<string> {
    return exportTrustListPem((await this.trust.active()).map((iaca) => iaca.certificate));
  }
}
