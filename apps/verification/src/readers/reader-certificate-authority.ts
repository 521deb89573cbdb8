import { readFileSync } from 'node:fs';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Hsm } from '@citizen-zero/hsm';
import { certificateFingerprint, certificatePem, describeCertificate, issueReaderCertificate, parseCertificate, parsePemBundle, PkiError, type X509Certificate } from '@citizen-zero/pki';
import type { Actor } from '@citizen-zero/nest-platform';
import type { Signer } from '@citizen-zero/signing';
import { VERIFICATION_CONFIG, type VerificationConfig } from '../config/verification-config';
import { VerificationError } from '../verification-error';
import { ReaderCertificateRepository } from './reader-certificate.repository';

export interface IssuedReaderCertificateView {
  readonly certificatePem: string;
  /** The reader CA certificate the wallet must trust (not part of the x5chain a reader sends). */
  readonly caCertificatePem: string;
  readonly serialNumber: string;
  readonly subject: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** Certificates start a little in the past: the verifier device's clock may run behind the service's. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The reader CA (ISO/IEC 18013-5 §9.1.4, Annex B.1.7): issues short-lived reader authentication
 * certificates for verifier devices' keys, signed with the CA key in the HSM through the `Signer`
 * port. The device proves possession of its key with a PKCS#10 request; the subject is decided here
 * (the CA's country and organisation, the device name as common name), never taken from the request.
 * Only when configured (`CZ_VERIFICATION_READER_CA_KEY_LABEL`).
 */
@Injectable()
export class ReaderCertificateAuthority implements OnModuleInit, OnApplicationShutdown {
  private hsm: Hsm | undefined;
  private signer: Signer | undefined;
  private caCertificate: X509Certificate | undefined;
  private caPem: string | undefined;

  constructor(
    @Inject(VERIFICATION_CONFIG) private readonly config: VerificationConfig,
    private readonly repository: ReaderCertificateRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    const readers = this.config.readers;
    if (!readers) return;
    const certificates = parsePemBundle(readFileSync(readers.certificateFile, 'utf8'));
    if (certificates.length !== 1) throw new Error(`${readers.certificateFile} must hold exactly the reader CA certificate (found ${certificates.length})`);
    this.caCertificate = parseCertificate(certificates[0]!, 'reader CA certificate');
    this.caPem = certificatePem(this.caCertificate);
    this.hsm = await Hsm.open(readers.hsm);
    this.signer = await this.hsm.signer(readers.keyLabel);
    const spki = await this.signer.publicKeySpki();
    if (Buffer.compare(Buffer.from(spki), Buffer.from(this.caCertificate.publicKey.rawData)) !== 0) throw new Error(`the HSM key "${readers.keyLabel}" is not the key of the reader CA certificate ${readers.certificateFile}`);
  }

  get configured(): boolean {
    return this.config.readers !== undefined;
  }

  /** The reader CA certificate wallets trust, PEM. */
  caCertificatePem(): string {
    if (!this.caPem) throw notConfigured();
    return this.caPem;
  }

  /** Issues a reader certificate for the key of `csrPem` to the device `deviceName`, enrolled by `actor`. */
  async issue(actor: Actor, csrPem: string, deviceName: string, now = new Date()): Promise<IssuedReaderCertificateView> {
    const readers = this.config.readers;
    if (!readers || !this.signer || !this.caCertificate || !this.caPem) throw notConfigured();
    const ca = this.caCertificate;
    const country = ca.subjectName.getField('C')[0]!;
    const organization = readers.organization ?? ca.subjectName.getField('O')[0];
    const notBefore = new Date(Math.max(now.getTime() - CLOCK_SKEW_MS, ca.notBefore.getTime()));
    const notAfter = new Date(Math.min(now.getTime() + readers.certificateHours * 3_600_000, ca.notAfter.getTime()));
    let certificate: X509Certificate;
    try {
      certificate = await issueReaderCertificate({ caSigner: this.signer, caCertificate: ca, csr: csrPem, subject: { country, commonName: deviceName, ...(organization && { organization }) }, validity: { notBefore, notAfter } });
    } catch (error) {
      if (error instanceof PkiError && (error.code === 'CSR_INVALID' || error.code === 'CERT_PROFILE_INVALID')) throw new VerificationError('READER_REQUEST_INVALID', error.message, { cause: error.code }, { cause: error });
      throw error;
    }
    const description = await describeCertificate(certificate);
    await this.repository.insert({
      serialNumber: description.serialNumber,
      subject: description.subject,
      sha256Fingerprint: await certificateFingerprint(certificate),
      requestedBy: actor.subject,
      notBefore: description.notBefore,
      notAfter: description.notAfter,
      issuedAt: now,
    });
    return { certificatePem: certificatePem(certificate), caCertificatePem: this.caPem, serialNumber: description.serialNumber, subject: description.subject, notBefore: description.notBefore, notAfter: description.notAfter };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.hsm?.close();
  }
}

function notConfigured(): VerificationError {
  return new VerificationError('READER_CA_NOT_CONFIGURED', 'this deployment issues no reader certificates (set CZ_VERIFICATION_READER_CA_KEY_LABEL and CZ_VERIFICATION_READER_CA_CERTIFICATE)');
}
