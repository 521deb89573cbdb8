import { readFileSync } from 'node:fs';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Hsm } from '@citizen-zero/hsm';
import { CoseHeader, CoseSign1, encodeCbor } from '@citizen-zero/mdoc';
import { type CertificateDescription, describeCertificate, encodeVicalPayload, parsePemBundle } from '@citizen-zero/pki';
import type { Signer } from '@citizen-zero/signing';
import { VERIFICATION_CONFIG, type VerificationConfig } from '../config/verification-config';
import { VerificationError } from '../verification-error';
import type { TrustedIaca } from './trust-list.repository';

/**
 * Signs the trust list for offline verifiers as a VICAL (a CBOR list of IACA certificates, as
 * ISO/IEC 18013-5 relying parties exchange them) in a COSE_Sign1 (RFC 9052 §4.2) with the signer
 * certificate in x5chain — the key in the HSM. Only when configured.
 */
@Injectable()
export class TrustBundleSigner implements OnModuleInit, OnApplicationShutdown {
  private hsm: Hsm | undefined;
  private signer: Signer | undefined;
  private certificateChain: Uint8Array[] = [];

  constructor(@Inject(VERIFICATION_CONFIG) private readonly config: VerificationConfig) {}

  async onModuleInit(): Promise<void> {
    const signing = this.config.bundleSigning;
    if (!signing) return;
    this.certificateChain = parsePemBundle(readFileSync(signing.certificateFile, 'utf8'));
    this.hsm = await Hsm.open({ modulePath: signing.modulePath, tokenLabel: signing.tokenLabel, pin: signing.pin });
    this.signer = await this.hsm.signer(signing.keyLabel);
  }

  /** Whether this deployment signs its trust list (then the HSM session is part of readiness). */
  get configured(): boolean {
    return this.config.bundleSigning !== undefined;
  }

  /** The signing key's label and its certificate chain (leaf first), for the security officers' inventory; undefined when the trust list is not signed. */
  async describe(): Promise<{ keyLabel: string; certificates: CertificateDescription[] } | undefined> {
    const signing = this.config.bundleSigning;
    if (!signing) return undefined;
    return { keyLabel: signing.keyLabel, certificates: await Promise.all(this.certificateChain.map((der) => describeCertificate(der))) };
  }

  /** Opens a session on the HSM (readiness). */
  async ping(): Promise<void> {
    if (!this.hsm) throw new VerificationError('TRUST_BUNDLE_NOT_CONFIGURED', 'the trust bundle signer is not open');
    await this.hsm.withSession('health', () => undefined);
  }

  /** The COSE_Sign1-wrapped VICAL over the given anchors; `issueId` increases with every trust-list change. */
  async sign(anchors: readonly TrustedIaca[], issueId: number, now = new Date()): Promise<Uint8Array> {
    if (!this.signer) throw new VerificationError('TRUST_BUNDLE_NOT_CONFIGURED', 'this deployment does not sign its trust list (set CZ_VERIFICATION_BUNDLE_KEY_LABEL); the PEM bundle is at /trust/bundle.pem');
    const payload = encodeVicalPayload({
      vicalProvider: new URL(this.config.publicUrl).host,
      date: now,
      vicalIssueID: issueId,
      nextUpdate: new Date(now.getTime() + 86_400_000),
      certificateInfos: anchors.map((anchor) => ({ certificate: anchor.certificate, docType: [...anchor.docTypes] })),
    });
    const signed = await CoseSign1.sign({ signer: this.signer, payload, unprotectedHeaders: new Map([[CoseHeader.x5chain, this.certificateChain.length === 1 ? this.certificateChain[0] : [...this.certificateChain]]]) });
    return encodeCbor(signed.toCbor());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.hsm?.close();
  }
}
