import { describe, expect, it } from 'vitest';
import { SoftwareSigner } from '@citizen-zero/signing/testing';
import { createCrl, validateCertificatePath, type CertificatePathValidationResult, type ValidateCertificatePathInput } from '../src/index';
import { readCertificateExtensions } from '../src/certificate-extensions';
import { createSignerCrypto } from '../src/signer-crypto';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsageExtension,
  Extension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
  type X509Certificate,
} from '../src/x509';
import { T, createTestIaca, createTestPki, der, epochSeconds, flipBitIn, openssl, tempDir } from './support';

const codes = (result: CertificatePathValidationResult): string[] => result.errors.map((error) => error.code);

const validate = (input: Partial<ValidateCertificatePathInput> & Pick<ValidateCertificatePathInput, 'chain' | 'trustAnchors'>): Promise<CertificatePathValidationResult> =>
  validateCertificatePath({ at: T.now, purpose: 'mdoc-document-signer', ...input });

/** A certificate signed by `issuerSigner` with exactly the given extensions (to build non-conforming certificates). */
async function manualCertificate(options: {
  issuerSigner: SoftwareSigner;
  issuer: string;
  subject: string;
  subjectSigner?: SoftwareSigner;
  extensions: (subjectKey: CryptoKey, crypto: Crypto) => Promise<Extension[]>;
  notBefore?: Date;
  notAfter?: Date;
}): Promise<X509Certificate> {
  const issuer = await createSignerCrypto(options.issuerSigner);
  const subject = options.subjectSigner ? await createSignerCrypto(options.subjectSigner) : issuer;
  return X509CertificateGenerator.create(
    {
      subject: options.subject,
      issuer: options.issuer,
      notBefore: options.notBefore ?? T.dsNotBefore,
      notAfter: options.notAfter ?? T.dsNotAfter,
      publicKey: subject.publicKey,
      signingKey: issuer.signingKey,
      signingAlgorithm: issuer.signingAlgorithm,
      extensions: await options.extensions(subject.publicKey, issuer.crypto),
    },
    issuer.crypto,
  );
}

describe.each([
  ['ES256', 'ES256'],
  ['ES384', 'ES384'],
  ['ES384', 'ES256'],
] as const)('validateCertificatePath — valid paths (IACA %s, DS %s)', (iacaAlgorithm, dsAlgorithm) => {
  it('accepts the DS alone and the DS followed by the IACA, at a time inside both validities', async () => {
    const { iaca, ds } = await createTestPki(iacaAlgorithm, dsAlgorithm);
    for (const chain of [[der(ds)], [der(ds), der(iaca)]]) {
      const result = await validate({ chain, trustAnchors: [der(iaca)] });
      expect(result.errors).toEqual([]);
      expect(result.valid).toBe(true);
      expect(result.leaf?.serialNumber).toBe(ds.serialNumber);
      expect(result.anchor?.subject).toBe(iaca.subject);
      expect(result.path.map((certificate) => certificate.subject)).toEqual([ds.subject, iaca.subject]);
    }
  });
});

describe('validateCertificatePath — failures with their exact code', () => {
  it('CERT_EXPIRED after the DS notAfter (OpenSSL agrees)', async () => {
    const { iaca, ds } = await createTestPki();
    const at = new Date('2026-06-01T00:00:01Z');
    const result = await validate({ chain: [der(ds)], trustAnchors: [der(iaca)], at });
    expect(result.valid).toBe(false);
    expect(codes(result)).toEqual(['CERT_EXPIRED']);
    expect(result.errors[0]?.subject).toBe(ds.subject);
    expect(result.leaf?.subject).toBe(ds.subject);
    expect(result.anchor?.subject).toBe(iaca.subject);
    const dir = tempDir();
    try {
      const out = openssl('verify', '-attime', epochSeconds(at), '-CAfile', dir.file('iaca.pem', iaca.toString('pem')), dir.file('ds.pem', ds.toString('pem')));
      expect(out.output).toContain('certificate has expired');
    } finally {
      dir.cleanup();
    }
  });

  it('CERT_NOT_YET_VALID before the DS notBefore', async () => {
    const { iaca, ds } = await createTestPki();
    const result = await validate({ chain: [der(ds)], trustAnchors: [der(iaca)], at: new Date('2025-05-31T23:59:59Z') });
    expect(codes(result)).toEqual(['CERT_NOT_YET_VALID']);
  });

  it('reports the anchor itself when it has expired', async () => {
    const { iaca, ds } = await createTestPki();
    const result = await validate({ chain: [der(ds)], trustAnchors: [der(iaca)], at: new Date('2031-01-01T00:00:00Z') });
    expect(codes(result)).toEqual(['CERT_EXPIRED', 'CERT_EXPIRED']);
    expect(result.errors.map((error) => error.subject)).toEqual([ds.subject, iaca.subject]);
  });

  it('CERT_CHAIN_UNTRUSTED against another IACA, even one with the same name', async () => {
    const { iaca, ds } = await createTestPki();
    const other = await createTestIaca('ES256');
    expect(other.iaca.subject).toBe(iaca.subject);
    const result = await validate({ chain: [der(ds), der(iaca)], trustAnchors: [der(other.iaca)] });
    expect(result.valid).toBe(false);
    expect(codes(result)).toEqual(['CERT_CHAIN_UNTRUSTED']);
    expect(result.anchor).toBeUndefined();
    expect(result.leaf?.subject).toBe(ds.subject);
  });

  it('CERT_CHAIN_UNTRUSTED with no trust anchors, or only unparseable ones', async () => {
    const { ds } = await createTestPki();
    expect(codes(await validate({ chain: [der(ds)], trustAnchors: [] }))).toEqual(['CERT_CHAIN_UNTRUSTED']);
    const garbage = await validate({ chain: [der(ds)], trustAnchors: [Uint8Array.of(1, 2, 3)] });
    expect(codes(garbage)).toEqual(['CERT_CHAIN_UNTRUSTED']);
    expect(garbage.errors[0]?.message).toContain('could not be parsed');
  });

  it('CERT_SIGNATURE_INVALID when a bit of the DS TBSCertificate is flipped (OpenSSL agrees)', async () => {
    const { iaca, ds } = await createTestPki('ES384', 'ES256');
    const tampered = flipBitIn(der(ds), 'Utopia Document Signer');
    const result = await validate({ chain: [tampered], trustAnchors: [der(iaca)] });
    expect(result.valid).toBe(false);
    expect(codes(result)).toEqual(['CERT_SIGNATURE_INVALID']);
    expect(result.leaf?.subject).toBe('C=UT, O=Utopia Department of Motor Vehicles, CN=utopia Document Signer 1');
    const dir = tempDir();
    try {
      const out = openssl('verify', '-attime', epochSeconds(T.now), '-CAfile', dir.file('iaca.pem', iaca.toString('pem')), dir.file('ds.der.pem', `-----BEGIN CERTIFICATE-----\n${Buffer.from(tampered).toString('base64')}\n-----END CERTIFICATE-----\n`));
      expect(out.status).not.toBe(0);
      expect(out.output).toContain('signature failure');
    } finally {
      dir.cleanup();
    }
  });

  it('CERT_EKU_INVALID for a DS without extKeyUsage (valid for purpose "any")', async () => {
    const { iaca, iacaSigner } = await createTestIaca();
    const dsSigner = await SoftwareSigner.generate('ES256');
    const iacaKeyId = readCertificateExtensions(iaca).subjectKeyIdentifier!.keyId;
    const noEku = await manualCertificate({
      issuerSigner: iacaSigner,
      issuer: iaca.subject,
      subject: 'C=UT, CN=No EKU',
      subjectSigner: dsSigner,
      extensions: async (key, crypto) => [new AuthorityKeyIdentifierExtension(iacaKeyId), await SubjectKeyIdentifierExtension.create(key, false, crypto), new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true)],
    });
    expect(codes(await validate({ chain: [der(noEku)], trustAnchors: [der(iaca)] }))).toEqual(['CERT_EKU_INVALID']);
    expect((await validate({ chain: [der(noEku)], trustAnchors: [der(iaca)], purpose: 'any' })).valid).toBe(true);

    const wrongEku = await manualCertificate({
      issuerSigner: iacaSigner,
      issuer: iaca.subject,
      subject: 'C=UT, CN=TLS server',
      subjectSigner: dsSigner,
      extensions: async () => [new AuthorityKeyIdentifierExtension(iacaKeyId), new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true), new ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.1'], true)],
    });
    expect(codes(await validate({ chain: [der(wrongEku)], trustAnchors: [der(iaca)] }))).toEqual(['CERT_EKU_INVALID']);
  });

  it('CERT_KEY_USAGE_INVALID for a DS whose keyUsage lacks digitalSignature', async () => {
    const { iaca, iacaSigner } = await createTestIaca();
    const leaf = await manualCertificate({
      issuerSigner: iacaSigner,
      issuer: iaca.subject,
      subject: 'C=UT, CN=Key agreement only',
      subjectSigner: await SoftwareSigner.generate('ES256'),
      extensions: async () => [new KeyUsagesExtension(KeyUsageFlags.keyAgreement, true), new ExtendedKeyUsageExtension(['1.0.18013.5.1.2'], true)],
    });
    expect(codes(await validate({ chain: [der(leaf)], trustAnchors: [der(iaca)] }))).toEqual(['CERT_KEY_USAGE_INVALID']);
  });

  it('CERT_KEY_USAGE_INVALID when the issuer is not a CA (no basicConstraints cA)', async () => {
    const rootSigner = await SoftwareSigner.generate('ES256');
    const notCa = await manualCertificate({
      issuerSigner: rootSigner,
      issuer: 'C=UT, CN=Not a CA',
      subject: 'C=UT, CN=Not a CA',
      notBefore: T.iacaNotBefore,
      notAfter: T.iacaNotAfter,
      extensions: async (key, crypto) => [new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true), await SubjectKeyIdentifierExtension.create(key, false, crypto)],
    });
    const leaf = await manualCertificate({
      issuerSigner: rootSigner,
      issuer: 'C=UT, CN=Not a CA',
      subject: 'C=UT, CN=Signed by a non-CA',
      subjectSigner: await SoftwareSigner.generate('ES256'),
      extensions: async () => [new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true), new ExtendedKeyUsageExtension(['1.0.18013.5.1.2'], true)],
    });
    const result = await validate({ chain: [der(leaf)], trustAnchors: [der(notCa)] });
    expect(result.valid).toBe(false);
    expect(codes(result)).toEqual(['CERT_KEY_USAGE_INVALID']);
    expect(result.errors[0]?.subject).toBe('C=UT, CN=Not a CA');
    expect(result.errors[0]?.message).toContain('not a CA');

    // cA=TRUE but keyUsage without keyCertSign is refused too.
    const noKeyCertSign = await manualCertificate({
      issuerSigner: rootSigner,
      issuer: 'C=UT, CN=Not a CA',
      subject: 'C=UT, CN=Not a CA',
      notBefore: T.iacaNotBefore,
      notAfter: T.iacaNotAfter,
      extensions: async () => [new BasicConstraintsExtension(true, 0, true), new KeyUsagesExtension(KeyUsageFlags.cRLSign, true)],
    });
    expect(codes(await validate({ chain: [der(leaf)], trustAnchors: [der(noKeyCertSign)] }))).toEqual(['CERT_KEY_USAGE_INVALID']);
  });

  it('CERT_REVOKED when the DS serial is on a valid CRL of the IACA', async () => {
    const { iaca, iacaSigner, ds } = await createTestPki();
    const crl = await createCrl({
      iacaSigner,
      iacaCertificate: iaca,
      thisUpdate: new Date('2025-12-31T00:00:00Z'),
      nextUpdate: new Date('2026-01-07T00:00:00Z'),
      revoked: [{ serialNumber: ds.serialNumber, revocationDate: new Date('2025-12-30T00:00:00Z'), reason: 'keyCompromise' }],
    });
    const result = await validate({ chain: [der(ds)], trustAnchors: [der(iaca)], crls: [new Uint8Array(crl.rawData)] });
    expect(result.valid).toBe(false);
    expect(codes(result)).toEqual(['CERT_REVOKED']);
    expect(result.errors[0]?.message).toContain('keyCompromise');

    // A CRL that does not list the DS leaves the path valid.
    const clean = await createCrl({ iacaSigner, iacaCertificate: iaca, thisUpdate: new Date('2025-12-31T00:00:00Z'), nextUpdate: new Date('2026-01-07T00:00:00Z'), revoked: [] });
    expect((await validate({ chain: [der(ds)], trustAnchors: [der(iaca)], crls: [new Uint8Array(clean.rawData)] })).valid).toBe(true);
  });

  it('CRL_INVALID for a stale or wrongly signed CRL of the IACA (fail closed), CRLs of other issuers are ignored', async () => {
    const { iaca, iacaSigner, ds } = await createTestPki();
    const stale = await createCrl({ iacaSigner, iacaCertificate: iaca, thisUpdate: new Date('2025-11-01T00:00:00Z'), nextUpdate: new Date('2025-11-08T00:00:00Z'), revoked: [] });
    expect(codes(await validate({ chain: [der(ds)], trustAnchors: [der(iaca)], crls: [new Uint8Array(stale.rawData)] }))).toEqual(['CRL_INVALID']);

    const fresh = await createCrl({ iacaSigner, iacaCertificate: iaca, thisUpdate: new Date('2025-12-31T00:00:00Z'), nextUpdate: new Date('2026-01-07T00:00:00Z'), revoked: [] });
    const badSignature = new Uint8Array(fresh.rawData);
    badSignature[badSignature.length - 1] = badSignature[badSignature.length - 1]! ^ 0x01; // last octet of s
    const invalid = await validate({ chain: [der(ds)], trustAnchors: [der(iaca)], crls: [badSignature] });
    expect(codes(invalid)).toEqual(['CRL_INVALID']);
    expect(invalid.errors[0]?.message).toContain('signature');
    expect(codes(await validate({ chain: [der(ds)], trustAnchors: [der(iaca)], crls: [Uint8Array.of(0x30, 0x01, 0x00)] }))).toEqual(['CRL_INVALID']);

    const other = await createTestIaca('ES256');
    const otherIssuer = await createCrl({ iacaSigner: other.iacaSigner, iacaCertificate: other.iaca, thisUpdate: new Date('2025-11-01T00:00:00Z'), nextUpdate: new Date('2025-11-08T00:00:00Z'), revoked: [{ serialNumber: ds.serialNumber, revocationDate: new Date('2025-11-01T00:00:00Z') }] });
    expect((await validate({ chain: [der(ds)], trustAnchors: [der(iaca)], crls: [new Uint8Array(otherIssuer.rawData)] })).valid).toBe(true);
  });

  it('never throws on bad input: CERT_MALFORMED for garbage, truncated, trailing bytes, empty chains', async () => {
    const { iaca, ds } = await createTestPki();
    const cases: Array<readonly Uint8Array[]> = [[], [new Uint8Array(0)], [Uint8Array.of(0x30, 0x82, 0xff)], [der(ds).subarray(0, 100)], [Uint8Array.from([...der(ds), 0])], [new TextEncoder().encode('-----BEGIN CERTIFICATE-----')]];
    for (const chain of cases) {
      const result = await validate({ chain, trustAnchors: [der(iaca)] });
      expect(result.valid).toBe(false);
      expect(codes(result)).toEqual(['CERT_MALFORMED']);
      expect(result.leaf).toBeUndefined();
    }
    const badIntermediate = await validate({ chain: [der(ds), Uint8Array.of(1, 2, 3)], trustAnchors: [der(iaca)] });
    expect(codes(badIntermediate)).toEqual(['CERT_MALFORMED']);
    expect(badIntermediate.leaf?.subject).toBe(ds.subject);
    expect(codes(await validate({ chain: [der(ds)], trustAnchors: [der(iaca)], at: new Date(Number.NaN) }))).toEqual(['CERT_MALFORMED']);
  });

  it('rejects an unrecognised critical extension in the DS (CERT_PROFILE_INVALID)', async () => {
    const { iaca, iacaSigner } = await createTestIaca();
    const leaf = await manualCertificate({
      issuerSigner: iacaSigner,
      issuer: iaca.subject,
      subject: 'C=UT, CN=Critical surprise',
      subjectSigner: await SoftwareSigner.generate('ES256'),
      extensions: async () => [new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true), new ExtendedKeyUsageExtension(['1.0.18013.5.1.2'], true), new Extension('1.2.3.4.5', true, Uint8Array.of(0x05, 0x00))],
    });
    expect(codes(await validate({ chain: [der(leaf)], trustAnchors: [der(iaca)] }))).toEqual(['CERT_PROFILE_INVALID']);
  });

  it('accepts PEM and parsed certificates as well as DER', async () => {
    const { iaca, ds } = await createTestPki();
    expect((await validate({ chain: [ds.toString('pem')], trustAnchors: [iaca] })).valid).toBe(true);
  });
});
