import { createIacaCertificate, issueDocumentSignerCertificate, type X509Certificate } from '@citizen-zero/pki';
import type { SignatureAlgorithm } from '@citizen-zero/signing';
import { SoftwareSigner } from '@citizen-zero/signing/testing';

export interface TestPki {
  readonly iacaSigner: SoftwareSigner;
  readonly iaca: X509Certificate;
  readonly iacaDer: Uint8Array;
  readonly dsSigner: SoftwareSigner;
  readonly ds: X509Certificate;
  readonly dsDer: Uint8Array;
}

export const DAY = 86_400_000;
/** The pinned "now" of the seal tests. */
export const T = new Date('2026-03-02T10:00:00Z');

/**
 * A synthetic Utopia IACA and document signer over in-memory keys (tests only; in production the keys
 * live in the HSM and are reached through the same Signer port).
 */
export async function createTestPki(options: { dsAlgorithm?: SignatureAlgorithm; notBefore?: Date; dsDays?: number; commonName?: string } = {}): Promise<TestPki> {
  const notBefore = options.notBefore ?? new Date(T.getTime() - 30 * DAY);
  const iacaSigner = await SoftwareSigner.generate('ES384', 'test-iaca');
  const iaca = await createIacaCertificate({
    signer: iacaSigner,
    subject: { country: 'UT', commonName: options.commonName ?? 'Utopia Test IACA', organization: 'Citizen Zero Tests' },
    validity: { notBefore, notAfter: new Date(notBefore.getTime() + 5 * 365 * DAY) },
    issuerAlternativeName: { uri: 'https://iaca.test.citizen-zero.example' },
    crlDistributionPointUri: 'https://iaca.test.citizen-zero.example/crl',
  });
  const dsSigner = await SoftwareSigner.generate(options.dsAlgorithm ?? 'ES256', 'test-seal-ds');
  const ds = await issueDocumentSignerCertificate({
    iacaSigner,
    iacaCertificate: iaca,
    publicKeySpki: await dsSigner.publicKeySpki(),
    subject: { country: 'UT', commonName: 'Utopia Test Document Signer' },
    validity: { notBefore, notAfter: new Date(notBefore.getTime() + (options.dsDays ?? 400) * DAY) },
  });
  return { iacaSigner, iaca, iacaDer: new Uint8Array(iaca.rawData), dsSigner, ds, dsDer: new Uint8Array(ds.rawData) };
}
