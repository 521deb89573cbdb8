import { describe, expect, it } from 'vitest';
import { SoftwareSigner } from '@citizen-zero/signing/testing';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, Version } from '@peculiar/asn1-x509';
import {
  createDocumentSignerCsr,
  issueDocumentSignerCertificate,
  OID_MDL_DOCUMENT_SIGNER_EKU,
  PkiError,
  validateCertificateProfile,
  verifyCertificateRequest,
  type IssueDocumentSignerCertificateOptions,
} from '../src/index';
import { readCertificateExtensions } from '../src/certificate-extensions';
import { createSignerCrypto } from '../src/signer-crypto';
import { BasicConstraintsExtension, KeyUsageFlags, KeyUsagesExtension, SubjectKeyIdentifierExtension, X509CertificateGenerator } from '../src/x509';
import { CRL_URI, DS_SUBJECT, IAN, T, createTestIaca, createTestPki, epochSeconds, flipBitIn, openssl, tempDir } from './support';

const combinations = [
  ['ES256', 'ES256'],
  ['ES384', 'ES256'],
  ['ES384', 'ES384'],
  ['ES256', 'ES384'],
] as const;

describe.each(combinations)('document signer certificate (IACA %s, DS %s)', (iacaAlgorithm, dsAlgorithm) => {
  it('follows Annex B.1.4: AKI = IACA SKI, SKI, keyUsage, EKU 1.0.18013.5.1.2, IAN, CRL DP, no CA', async () => {
    const { iaca, ds, dsSigner } = await createTestPki(iacaAlgorithm, dsAlgorithm);
    const asn = AsnConvert.parse(ds.rawData, Certificate);
    expect(asn.tbsCertificate.version).toBe(Version.v3);
    expect(new Uint8Array(asn.tbsCertificate.serialNumber).length).toBeGreaterThanOrEqual(8);
    expect(ds.subject).toBe('C=UT, O=Utopia Department of Motor Vehicles, CN=Utopia Document Signer 1');
    // The issuer is the IACA subject byte for byte.
    expect(new Uint8Array(ds.issuerName.toArrayBuffer())).toEqual(new Uint8Array(iaca.subjectName.toArrayBuffer()));
    expect(ds.notBefore.toISOString()).toBe(T.dsNotBefore.toISOString());
    expect(ds.notAfter.toISOString()).toBe(T.dsNotAfter.toISOString());
    expect(asn.signatureAlgorithm.algorithm).toBe(iacaAlgorithm === 'ES256' ? '1.2.840.10045.4.3.2' : '1.2.840.10045.4.3.3');
    expect(new Uint8Array(ds.publicKey.rawData)).toEqual(await dsSigner.publicKeySpki());
    expect(await ds.verify({ publicKey: iaca.publicKey, signatureOnly: true })).toBe(true);

    const extensions = readCertificateExtensions(ds);
    const iacaExtensions = readCertificateExtensions(iaca);
    expect(extensions.authorityKeyIdentifier).toEqual({ keyId: iacaExtensions.subjectKeyIdentifier?.keyId, hasIssuerAndSerial: false, critical: false });
    expect(extensions.subjectKeyIdentifier?.keyId).toMatch(/^[0-9a-f]{40}$/);
    expect(extensions.subjectKeyIdentifier?.keyId).not.toBe(iacaExtensions.subjectKeyIdentifier?.keyId);
    expect(extensions.keyUsage).toEqual({ usages: ['digitalSignature'], critical: true });
    expect(extensions.extendedKeyUsage).toEqual({ usages: [OID_MDL_DOCUMENT_SIGNER_EKU], critical: true });
    expect(extensions.issuerAlternativeName?.names).toEqual([{ type: 'url', value: IAN.uri }, { type: 'email', value: IAN.email }]);
    expect(extensions.crlDistributionPoints).toEqual({ uris: [CRL_URI], usesForbiddenFields: false, critical: false });
    expect(extensions.basicConstraints).toBeUndefined();

    expect(await validateCertificateProfile(ds, 'document-signer', { issuer: iaca, at: T.now })).toEqual([]);
  });

  it('is verified by OpenSSL against the IACA, which also shows the EKU', async () => {
    const { iaca, ds } = await createTestPki(iacaAlgorithm, dsAlgorithm);
    const dir = tempDir();
    try {
      const iacaFile = dir.file('iaca.pem', iaca.toString('pem'));
      const dsFile = dir.file('ds.pem', ds.toString('pem'));
      const verified = openssl('verify', '-attime', epochSeconds(T.now), '-CAfile', iacaFile, '-partial_chain', dsFile);
      expect(verified).toEqual({ status: 0, output: `${dsFile}: OK\n` });
      const text = openssl('x509', '-in', dsFile, '-noout', '-text');
      expect(text.output).toMatch(/X509v3 Extended Key Usage: critical\s+1\.0\.18013\.5\.1\.2/);
      expect(text.output).toMatch(/X509v3 Key Usage: critical\s+Digital Signature/);
      expect(text.output).toContain('X509v3 Authority Key Identifier');
      expect(text.output).not.toContain('Basic Constraints');
    } finally {
      dir.cleanup();
    }
  });
});

describe('createDocumentSignerCsr / verifyCertificateRequest', () => {
  it('creates a PKCS#10 request signed by the document signer key that OpenSSL verifies', async () => {
    const signer = await SoftwareSigner.generate('ES384');
    const csr = await createDocumentSignerCsr({ signer, subject: DS_SUBJECT });
    expect(csr.subject).toBe('C=UT, O=Utopia Department of Motor Vehicles, CN=Utopia Document Signer 1');
    expect(new Uint8Array(csr.publicKey.rawData)).toEqual(await signer.publicKeySpki());
    expect(await verifyCertificateRequest(new Uint8Array(csr.rawData))).toBeDefined();
    expect(await verifyCertificateRequest(csr.toString('pem'))).toBeDefined();
    const dir = tempDir();
    try {
      const file = dir.file('ds.csr', csr.toString('pem'));
      const verified = openssl('req', '-in', file, '-verify', '-noout');
      expect(verified.status).toBe(0);
    } finally {
      dir.cleanup();
    }
  });

  it('rejects a request whose self-signature does not verify (CSR_INVALID)', async () => {
    const signer = await SoftwareSigner.generate('ES256');
    const csr = await createDocumentSignerCsr({ signer, subject: DS_SUBJECT });
    const tampered = flipBitIn(new Uint8Array(csr.rawData), 'Utopia Document Signer');
    const error = await verifyCertificateRequest(tampered).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PkiError);
    expect((error as PkiError).code).toBe('CSR_INVALID');
    expect((error as PkiError).message).toContain('self-signature does not verify');

    const { iaca, iacaSigner } = await createTestIaca('ES256');
    const issue = issueDocumentSignerCertificate({ iacaSigner, iacaCertificate: iaca, csr: tampered, subject: DS_SUBJECT, validity: { notBefore: T.dsNotBefore, notAfter: T.dsNotAfter } });
    await expect(issue).rejects.toMatchObject({ code: 'CSR_INVALID' });
  });

  it('rejects garbage as a request (CSR_INVALID)', async () => {
    await expect(verifyCertificateRequest(Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x00))).rejects.toMatchObject({ code: 'CSR_INVALID' });
    await expect(verifyCertificateRequest('not pem')).rejects.toMatchObject({ code: 'CSR_INVALID' });
  });
});

describe('issueDocumentSignerCertificate limits', () => {
  type FromPublicKey = Extract<IssueDocumentSignerCertificateOptions, { readonly publicKeySpki: Uint8Array }>;
  const setup = async (): Promise<{ base: FromPublicKey; iacaSigner: SoftwareSigner }> => {
    const { iaca, iacaSigner } = await createTestIaca('ES256');
    const dsSigner = await SoftwareSigner.generate('ES256');
    const base: FromPublicKey = {
      iacaSigner,
      iacaCertificate: new Uint8Array(iaca.rawData),
      publicKeySpki: await dsSigner.publicKeySpki(),
      subject: DS_SUBJECT,
      validity: { notBefore: T.dsNotBefore, notAfter: T.dsNotAfter },
      crlDistributionPointUri: CRL_URI,
      issuerAlternativeName: IAN,
    };
    return { base, iacaSigner };
  };

  it('accepts 457 days and rejects 457 days and one second (VALIDITY_TOO_LONG)', async () => {
    const { base } = await setup();
    const notAfter = new Date(T.dsNotBefore.getTime() + 457 * 86_400_000);
    const certificate = await issueDocumentSignerCertificate({ ...base, validity: { notBefore: T.dsNotBefore, notAfter } });
    expect(certificate.notAfter.getTime()).toBe(notAfter.getTime());
    const tooLong = issueDocumentSignerCertificate({ ...base, validity: { notBefore: T.dsNotBefore, notAfter: new Date(notAfter.getTime() + 1000) } });
    await expect(tooLong).rejects.toMatchObject({ code: 'VALIDITY_TOO_LONG', message: expect.stringContaining('457 days') });
  });

  it('rejects a validity beyond the IACA notAfter or before its notBefore (VALIDITY_TOO_LONG)', async () => {
    const { base } = await setup();
    const beyond = issueDocumentSignerCertificate({ ...base, validity: { notBefore: new Date('2029-06-01T00:00:00Z'), notAfter: new Date('2030-01-01T00:00:01Z') } });
    await expect(beyond).rejects.toMatchObject({ code: 'VALIDITY_TOO_LONG', message: expect.stringContaining('IACA notAfter') });
    const before = issueDocumentSignerCertificate({ ...base, validity: { notBefore: new Date('2024-12-31T23:59:59Z'), notAfter: new Date('2025-06-01T00:00:00Z') } });
    await expect(before).rejects.toMatchObject({ code: 'VALIDITY_TOO_LONG' });
  });

  it('requires the IACA country (COUNTRY_MISMATCH)', async () => {
    const { base } = await setup();
    await expect(issueDocumentSignerCertificate({ ...base, subject: { ...DS_SUBJECT, country: 'NL' } })).rejects.toMatchObject({ code: 'COUNTRY_MISMATCH' });
  });

  it('copies IAN and CRL distribution point from the IACA when not given', async () => {
    const { base } = await setup();
    const { crlDistributionPointUri: _uri, issuerAlternativeName: _ian, ...rest } = base;
    const certificate = await issueDocumentSignerCertificate(rest);
    const extensions = readCertificateExtensions(certificate);
    expect(extensions.crlDistributionPoints?.uris).toEqual([CRL_URI]);
    expect(extensions.issuerAlternativeName?.names).toEqual([{ type: 'url', value: IAN.uri }, { type: 'email', value: IAN.email }]);
  });

  it('refuses an iacaSigner that does not hold the IACA key (SIGNER_MISMATCH)', async () => {
    const { base } = await setup();
    const other = await SoftwareSigner.generate('ES256');
    await expect(issueDocumentSignerCertificate({ ...base, iacaSigner: other })).rejects.toMatchObject({ code: 'SIGNER_MISMATCH' });
  });

  it('refuses to certify the IACA key itself, or a non-EC key', async () => {
    const { base, iacaSigner } = await setup();
    await expect(issueDocumentSignerCertificate({ ...base, publicKeySpki: await iacaSigner.publicKeySpki() })).rejects.toMatchObject({ code: 'CERT_PROFILE_INVALID' });
    const rsa = await crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: Uint8Array.of(1, 0, 1), hash: 'SHA-256' }, true, ['sign', 'verify']);
    const rsaSpki = new Uint8Array(await crypto.subtle.exportKey('spki', rsa.publicKey));
    await expect(issueDocumentSignerCertificate({ ...base, publicKeySpki: rsaSpki })).rejects.toMatchObject({ code: 'CERT_PROFILE_INVALID' });
  });

  it('refuses to issue from a certificate that is not a CA', async () => {
    const { base } = await setup();
    const leafSigner = await SoftwareSigner.generate('ES256');
    const signer = await createSignerCrypto(leafSigner);
    const notCa = await X509CertificateGenerator.create(
      {
        subject: 'C=UT, CN=Not a CA',
        issuer: 'C=UT, CN=Not a CA',
        notBefore: T.iacaNotBefore,
        notAfter: T.iacaNotAfter,
        publicKey: signer.publicKey,
        signingKey: signer.signingKey,
        signingAlgorithm: signer.signingAlgorithm,
        extensions: [new BasicConstraintsExtension(false, undefined, true), new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true), await SubjectKeyIdentifierExtension.create(signer.publicKey, false, signer.crypto)],
      },
      signer.crypto,
    );
    await expect(issueDocumentSignerCertificate({ ...base, iacaSigner: leafSigner, iacaCertificate: notCa })).rejects.toMatchObject({ code: 'CERT_PROFILE_INVALID' });
  });

  it('rejects a malformed IACA certificate (CERT_MALFORMED)', async () => {
    const { base } = await setup();
    await expect(issueDocumentSignerCertificate({ ...base, iacaCertificate: Uint8Array.of(1, 2, 3) })).rejects.toMatchObject({ code: 'CERT_MALFORMED' });
  });
});
