import { describe, expect, it } from 'vitest';
import { SoftwareSigner } from '@citizen-zero/signing/testing';
import { createIacaCertificate, describeCertificate, PkiError, validateCertificateProfile, type CreateIacaCertificateOptions } from '../src/index';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, Version } from '@peculiar/asn1-x509';
import { readCertificateExtensions } from '../src/certificate-extensions';
import { CRL_URI, IACA_SUBJECT, IAN, T, createTestIaca, openssl, tempDir } from './support';

describe.each(['ES256', 'ES384'] as const)('createIacaCertificate (%s)', (algorithm) => {
  it('produces the Annex B.1.2 profile: v3, random serial, self-signed, every extension and flag', async () => {
    const { iacaSigner, iaca } = await createTestIaca(algorithm);
    const asn = AsnConvert.parse(iaca.rawData, Certificate);
    expect(asn.tbsCertificate.version).toBe(Version.v3);

    const serial = new Uint8Array(asn.tbsCertificate.serialNumber);
    expect(serial[0]! & 0x80).toBe(0);
    expect(serial.length).toBeGreaterThanOrEqual(8);
    expect(serial.length).toBeLessThanOrEqual(20);

    expect(iaca.subject).toBe('C=UT, ST=UT-01, O=Utopia Department of Motor Vehicles, CN=Utopia IACA');
    expect(iaca.issuer).toBe(iaca.subject);
    const country = asn.tbsCertificate.subject.flatMap((rdn) => [...rdn]).find((attribute) => attribute.type === '2.5.4.6');
    expect(country?.value.printableString).toBe('UT');
    expect(iaca.notBefore.toISOString()).toBe(T.iacaNotBefore.toISOString());
    expect(iaca.notAfter.toISOString()).toBe(T.iacaNotAfter.toISOString());

    const signatureOid = algorithm === 'ES256' ? '1.2.840.10045.4.3.2' : '1.2.840.10045.4.3.3';
    expect(asn.signatureAlgorithm.algorithm).toBe(signatureOid);
    expect(asn.signatureAlgorithm.parameters ?? undefined).toBeUndefined();
    expect(asn.tbsCertificate.signature.algorithm).toBe(signatureOid);
    expect(await iaca.verify({ signatureOnly: true })).toBe(true);
    expect(new Uint8Array(iaca.publicKey.rawData)).toEqual(await iacaSigner.publicKeySpki());

    const extensions = readCertificateExtensions(iaca);
    expect(extensions.basicConstraints).toEqual({ ca: true, pathLength: 0, critical: true });
    expect(extensions.keyUsage).toEqual({ usages: ['keyCertSign', 'cRLSign'], critical: true });
    expect(extensions.subjectKeyIdentifier?.critical).toBe(false);
    const publicKey = await crypto.subtle.importKey('spki', iaca.publicKey.rawData, { name: 'ECDSA', namedCurve: algorithm === 'ES256' ? 'P-256' : 'P-384' }, true, ['verify']);
    const subjectPublicKey = await crypto.subtle.exportKey('raw', publicKey);
    const sha1 = Buffer.from(await crypto.subtle.digest('SHA-1', subjectPublicKey)).toString('hex');
    expect(extensions.subjectKeyIdentifier?.keyId).toBe(sha1);
    expect(extensions.issuerAlternativeName).toEqual({ names: [{ type: 'url', value: IAN.uri }, { type: 'email', value: IAN.email }], critical: false });
    expect(extensions.crlDistributionPoints).toEqual({ uris: [CRL_URI], usesForbiddenFields: false, critical: false });
    expect(extensions.authorityKeyIdentifier).toBeUndefined();
    expect(extensions.extendedKeyUsage).toBeUndefined();
    expect(extensions.all.map((extension) => extension.oid).sort()).toEqual(['2.5.29.14', '2.5.29.15', '2.5.29.18', '2.5.29.19', '2.5.29.31']);

    expect(await validateCertificateProfile(iaca, 'iaca', { at: T.now })).toEqual([]);
    const description = await describeCertificate(iaca);
    expect(description.curve).toBe(algorithm === 'ES256' ? 'P-256' : 'P-384');
  });

  it('is read by OpenSSL as a self-signed CA with the same extensions', async () => {
    const { iaca } = await createTestIaca(algorithm);
    const dir = tempDir();
    try {
      const file = dir.file('iaca.pem', iaca.toString('pem'));
      const text = openssl('x509', '-in', file, '-noout', '-text');
      expect(text.status).toBe(0);
      expect(text.output).toContain('Version: 3 (0x2)');
      expect(text.output).toMatch(/X509v3 Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
      expect(text.output).toMatch(/X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign/);
      expect(text.output).toContain('X509v3 Subject Key Identifier');
      expect(text.output).toMatch(/X509v3 Issuer Alternative Name:\s+URI:https:\/\/dmv\.utopia\.example\/pki, email:pki@dmv\.utopia\.example/);
      expect(text.output).toMatch(/X509v3 CRL Distribution Points:\s+Full Name:\s+URI:http:\/\/crl\.dmv\.utopia\.example\/iaca\.crl/);
      expect(text.output).toContain(algorithm === 'ES256' ? 'NIST CURVE: P-256' : 'NIST CURVE: P-384');
      const verified = openssl('verify', '-attime', String(T.now.getTime() / 1000), '-CAfile', file, file);
      expect(verified.output).toContain(': OK');
    } finally {
      dir.cleanup();
    }
  });
});

describe('createIacaCertificate limits', () => {
  const base = async (): Promise<CreateIacaCertificateOptions> => ({
    signer: await SoftwareSigner.generate('ES256'),
    subject: IACA_SUBJECT,
    validity: { notBefore: T.iacaNotBefore, notAfter: T.iacaNotAfter },
    issuerAlternativeName: IAN,
    crlDistributionPointUri: CRL_URI,
  });
  const rejects = async (options: CreateIacaCertificateOptions, code: string): Promise<PkiError> => {
    const error = await createIacaCertificate(options).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(PkiError);
    expect((error as PkiError).code).toBe(code);
    return error as PkiError;
  };

  it('accepts exactly 20 years and rejects 20 years and one second (VALIDITY_TOO_LONG)', async () => {
    const options = await base();
    const twenty = { notBefore: T.iacaNotBefore, notAfter: new Date('2045-01-01T00:00:00Z') };
    const certificate = await createIacaCertificate({ ...options, validity: twenty });
    expect(certificate.notAfter.toISOString()).toBe('2045-01-01T00:00:00.000Z');
    const error = await rejects({ ...options, validity: { notBefore: T.iacaNotBefore, notAfter: new Date('2045-01-01T00:00:01Z') } }, 'VALIDITY_TOO_LONG');
    expect(error.message).toContain('20 years');
  });

  it('rejects notAfter before notBefore and invalid dates', async () => {
    const options = await base();
    await rejects({ ...options, validity: { notBefore: T.iacaNotAfter, notAfter: T.iacaNotBefore } }, 'CERT_PROFILE_INVALID');
    await rejects({ ...options, validity: { notBefore: new Date('nope'), notAfter: T.iacaNotAfter } }, 'CERT_PROFILE_INVALID');
  });

  it('requires an upper-case ISO 3166-1 alpha-2 country and a commonName', async () => {
    const options = await base();
    await rejects({ ...options, subject: { ...IACA_SUBJECT, country: 'ut' } }, 'CERT_PROFILE_INVALID');
    await rejects({ ...options, subject: { ...IACA_SUBJECT, country: 'UTO' } }, 'CERT_PROFILE_INVALID');
    await rejects({ ...options, subject: { ...IACA_SUBJECT, country: '' } }, 'CERT_PROFILE_INVALID');
    await rejects({ ...options, subject: { ...IACA_SUBJECT, commonName: ' ' } }, 'CERT_PROFILE_INVALID');
    await rejects({ ...options, subject: { ...IACA_SUBJECT, commonName: 'x'.repeat(65) } }, 'CERT_PROFILE_INVALID');
  });

  it('requires an issuerAltName URI or e-mail and an http(s) CRL distribution point', async () => {
    const options = await base();
    const error = await rejects({ ...options, issuerAlternativeName: {} }, 'CERT_PROFILE_INVALID');
    expect(error.message).toContain('issuerAltName');
    await rejects({ ...options, issuerAlternativeName: { email: 'not an email' } }, 'CERT_PROFILE_INVALID');
    await rejects({ ...options, issuerAlternativeName: { uri: 'relative/path' } }, 'CERT_PROFILE_INVALID');
    await rejects({ ...options, crlDistributionPointUri: 'ftp://crl.example/iaca.crl' }, 'CERT_PROFILE_INVALID');
    const emailOnly = await createIacaCertificate({ ...options, issuerAlternativeName: { email: IAN.email } });
    expect(readCertificateExtensions(emailOnly).issuerAlternativeName?.names).toEqual([{ type: 'email', value: IAN.email }]);
  });

  it('checks caller-supplied serial numbers: 8–20 octets, positive', async () => {
    const options = await base();
    await rejects({ ...options, serialNumber: new Uint8Array(7).fill(1) }, 'CERT_PROFILE_INVALID');
    await rejects({ ...options, serialNumber: new Uint8Array(21).fill(1) }, 'CERT_PROFILE_INVALID');
    await rejects({ ...options, serialNumber: new Uint8Array(20).fill(0xff) }, 'CERT_PROFILE_INVALID');
    await rejects({ ...options, serialNumber: new Uint8Array(16) }, 'CERT_PROFILE_INVALID');
    const certificate = await createIacaCertificate({ ...options, serialNumber: Uint8Array.from([0x7f, ...new Uint8Array(19).fill(0xab)]) });
    expect(certificate.serialNumber).toBe(`7f${'ab'.repeat(19)}`);
  });

  it('generates a different random serial each time', async () => {
    const options = await base();
    const [a, b] = await Promise.all([createIacaCertificate(options), createIacaCertificate(options)]);
    expect(a.serialNumber).not.toBe(b.serialNumber);
    expect(a.serialNumber.length).toBeGreaterThanOrEqual(32);
  });

  it('rejects a signer whose key is not on the curve of its algorithm (SIGNER_MISMATCH)', async () => {
    const options = await base();
    const p256 = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    const lying = SoftwareSigner.fromKeyPair('ES384', p256, 'lying');
    await rejects({ ...options, signer: lying }, 'SIGNER_MISMATCH');
  });
});
