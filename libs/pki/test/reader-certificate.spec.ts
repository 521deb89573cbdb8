import { describe, expect, it } from 'vitest';
import { SoftwareSigner } from '@citizen-zero/signing/testing';
import { createDocumentSignerCsr, describeCertificate, issueReaderCertificate, OID_MDL_READER_AUTH_EKU, PkiError, validateCertificatePath } from '../src/index';
import { SubjectAlternativeNameExtension } from '../src/x509';
import { createTestIaca, T } from './support';

const READER_SUBJECT = { country: 'UT', organization: 'Utopia Border Police', commonName: 'Counter 4' } as const;
const DAY = 86_400_000;

async function readerRequest() {
  const readerSigner = await SoftwareSigner.generate('ES256', 'reader-device');
  return { readerSigner, csr: await createDocumentSignerCsr({ signer: readerSigner, subject: { country: 'UT', commonName: 'requested name (ignored)' } }) };
}

describe('reader authentication certificate (ISO/IEC 18013-5 Annex B.1.7)', () => {
  it('certifies the requested key with keyUsage digitalSignature, EKU mdlReaderAuth, the CA as issuer and the subject the CA chose; it validates to the CA', async () => {
    const { iacaSigner: caSigner, iaca: ca } = await createTestIaca('ES384');
    const { readerSigner, csr } = await readerRequest();
    const certificate = await issueReaderCertificate({ caSigner, caCertificate: ca, csr, subject: READER_SUBJECT, validity: { notBefore: T.now, notAfter: new Date(T.now.getTime() + DAY) } });
    const description = await describeCertificate(certificate);
    expect(description.subject).toBe('C=UT, O=Utopia Border Police, CN=Counter 4');
    expect(description.issuer).toBe(ca.subject);
    expect(description.keyUsage).toEqual(['digitalSignature']);
    expect(description.extendedKeyUsage).toEqual([OID_MDL_READER_AUTH_EKU]);
    expect(description.basicConstraints?.ca ?? false).toBe(false);
    expect(new Uint8Array(certificate.publicKey.rawData)).toEqual(await readerSigner.publicKeySpki());
    const path = await validateCertificatePath({ chain: [new Uint8Array(certificate.rawData)], trustAnchors: [new Uint8Array(ca.rawData)], at: new Date(T.now.getTime() + 3_600_000), purpose: 'any' });
    expect(path.errors).toEqual([]);
    expect(path.valid).toBe(true);
    const expired = await validateCertificatePath({ chain: [new Uint8Array(certificate.rawData)], trustAnchors: [new Uint8Array(ca.rawData)], at: new Date(T.now.getTime() + 2 * DAY), purpose: 'any' });
    expect(expired.errors.map((error) => error.code)).toContain('CERT_EXPIRED');
  });

  it('names DNS hosts in subjectAltName for an online verifier access certificate (OpenID4VP x509_san_dns), and none for a reader device', async () => {
    const { iacaSigner: caSigner, iaca: ca } = await createTestIaca('ES256');
    const validity = { notBefore: T.now, notAfter: new Date(T.now.getTime() + DAY) };
    const access = await issueReaderCertificate({ caSigner, caCertificate: ca, csr: (await readerRequest()).csr, subject: READER_SUBJECT, validity, dnsNames: ['verify.example.gov'] });
    const san = access.getExtension(SubjectAlternativeNameExtension);
    expect(san?.critical).toBe(false);
    expect(san?.names.toJSON()).toEqual([{ type: 'dns', value: 'verify.example.gov' }]);
    const device = await issueReaderCertificate({ caSigner, caCertificate: ca, csr: (await readerRequest()).csr, subject: READER_SUBJECT, validity });
    expect(device.getExtension(SubjectAlternativeNameExtension)).toBeNull();
  });

  it('refuses a request without proof of possession, a validity past the Annex B limit or the CA, another country, and a signer that is not the CA key', async () => {
    const { iacaSigner: caSigner, iaca: ca } = await createTestIaca('ES256');
    const { csr } = await readerRequest();
    const validity = { notBefore: T.now, notAfter: new Date(T.now.getTime() + DAY) };
    const der = new Uint8Array(csr.rawData);
    der[der.length - 5]! ^= 0x01;
    const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => (error instanceof PkiError ? error.code : String(error)));
    expect(await failure(issueReaderCertificate({ caSigner, caCertificate: ca, csr: der, subject: READER_SUBJECT, validity }))).toBe('CSR_INVALID');
    expect(await failure(issueReaderCertificate({ caSigner, caCertificate: ca, csr, subject: READER_SUBJECT, validity: { notBefore: T.now, notAfter: new Date(T.now.getTime() + 1200 * DAY) } }))).toBe('VALIDITY_TOO_LONG');
    expect(await failure(issueReaderCertificate({ caSigner, caCertificate: ca, csr, subject: READER_SUBJECT, validity: { notBefore: T.now, notAfter: new Date(T.iacaNotAfter.getTime() + DAY) } }))).toBe('VALIDITY_TOO_LONG');
    expect(await failure(issueReaderCertificate({ caSigner, caCertificate: ca, csr, subject: { ...READER_SUBJECT, country: 'NL' }, validity }))).toBe('COUNTRY_MISMATCH');
    expect(await failure(issueReaderCertificate({ caSigner: await SoftwareSigner.generate('ES256', 'impostor'), caCertificate: ca, csr, subject: READER_SUBJECT, validity }))).toBe('SIGNER_MISMATCH');
  });
});
