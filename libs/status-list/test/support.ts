import { createIacaCertificate, issueDocumentSignerCertificate, type X509Certificate } from '@citizen-zero/pki';
import type { SignatureAlgorithm } from '@citizen-zero/signing';
import { SoftwareSigner } from '@citizen-zero/signing/testing';

export const DAY = 86_400_000;

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
export const unhex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));

export interface TestPki {
  readonly iacaSigner: SoftwareSigner;
  readonly iaca: X509Certificate;
  readonly iacaDer: Uint8Array;
  readonly signer: SoftwareSigner;
  readonly certificate: X509Certificate;
  readonly certificateDer: Uint8Array;
}

/** An IACA and a certificate it issued for a status-list signing key, over in-memory keys (Annex B profiles of libs/pki). */
export async function createTestPki(algorithm: SignatureAlgorithm = 'ES256', notBefore = new Date(Date.now() - DAY)): Promise<TestPki> {
  const iacaSigner = await SoftwareSigner.generate('ES384', 'test-iaca');
  const iaca = await createIacaCertificate({
    signer: iacaSigner,
    subject: { country: 'UT', commonName: 'Citizen Zero Test IACA', organization: 'Citizen Zero Tests' },
    validity: { notBefore, notAfter: new Date(notBefore.getTime() + 5 * 365 * DAY) },
    issuerAlternativeName: { uri: 'https://iaca.test.citizen-zero.example' },
    crlDistributionPointUri: 'https://iaca.test.citizen-zero.example/crl',
  });
  const signer = await SoftwareSigner.generate(algorithm, 'test-status-issuer');
  const certificate = await issueDocumentSignerCertificate({
    iacaSigner,
    iacaCertificate: iaca,
    publicKeySpki: await signer.publicKeySpki(),
    subject: { country: 'UT', commonName: 'Citizen Zero Test Status Issuer' },
    validity: { notBefore, notAfter: new Date(notBefore.getTime() + 400 * DAY) },
  });
  return { iacaSigner, iaca, iacaDer: new Uint8Array(iaca.rawData), signer, certificate, certificateDer: new Uint8Array(certificate.rawData) };
}

/** `bytes` with bit `bit` (0 = least significant bit of the first byte) flipped. */
export function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = new Uint8Array(bytes);
  out[bit >>> 3]! ^= 1 << (bit & 7);
  return out;
}

/** A JWT (ASCII) with one bit of its characters flipped; non-ASCII results become their Latin-1 character. */
export function flipBitInText(text: string, bit: number): string {
  const flipped = flipBit(new Uint8Array(Buffer.from(text, 'latin1')), bit);
  return Buffer.from(flipped).toString('latin1');
}
