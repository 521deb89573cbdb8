import { createIacaCertificate, issueDocumentSignerCertificate, type X509Certificate } from '@citizen-zero/pki';
import type { SignatureAlgorithm } from '@citizen-zero/signing';
import { SoftwareSigner } from '@citizen-zero/signing/testing';

export interface TestPki {
  readonly iacaSigner: SoftwareSigner;
  readonly iaca: X509Certificate;
  readonly dsSigner: SoftwareSigner;
  readonly ds: X509Certificate;
  readonly iacaDer: Uint8Array;
  readonly dsDer: Uint8Array;
}

const DAY = 86_400_000;

/** An IACA and a DS certificate (Annex B profiles) over in-memory keys, for unit tests of libs/mdoc. */
export async function createTestPki(options: { iacaAlgorithm?: SignatureAlgorithm; dsAlgorithm?: SignatureAlgorithm; notBefore?: Date; dsDays?: number; country?: string; extractableDsKey?: boolean } = {}): Promise<TestPki> {
  const notBefore = options.notBefore ?? new Date(Date.now() - DAY);
  const country = options.country ?? 'UT';
  const iacaSigner = await SoftwareSigner.generate(options.iacaAlgorithm ?? 'ES384', 'test-iaca');
  const iaca = await createIacaCertificate({
    signer: iacaSigner,
    subject: { country, commonName: 'Citizen Zero Test IACA', organization: 'Citizen Zero Tests' },
    validity: { notBefore, notAfter: new Date(notBefore.getTime() + 5 * 365 * DAY) },
    issuerAlternativeName: { uri: 'https://iaca.test.citizen-zero.example' },
    crlDistributionPointUri: 'https://iaca.test.citizen-zero.example/crl',
  });
  const dsSigner = await SoftwareSigner.generate(options.dsAlgorithm ?? 'ES256', 'test-ds', options.extractableDsKey ?? false);
  const ds = await issueDocumentSignerCertificate({
    iacaSigner,
    iacaCertificate: iaca,
    publicKeySpki: await dsSigner.publicKeySpki(),
    subject: { country, commonName: 'Citizen Zero Test DS' },
    validity: { notBefore, notAfter: new Date(notBefore.getTime() + (options.dsDays ?? 400) * DAY) },
  });
  return { iacaSigner, iaca, dsSigner, ds, iacaDer: new Uint8Array(iaca.rawData), dsDer: new Uint8Array(ds.rawData) };
}
