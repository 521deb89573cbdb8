import { describe, expect, it } from 'vitest';
import { Decoder, Tag } from 'cbor-x';
import { SoftwareSigner } from '@citizen-zero/signing/testing';
import { certificateFingerprint, describeCertificate, encodeVicalPayload, exportTrustListPem, parsePemBundle, PkiError } from '../src/index';
import { readCertificateExtensions } from '../src/certificate-extensions';
import { createSignerCrypto } from '../src/signer-crypto';
import { Name, X509CertificateGenerator } from '../src/x509';
import { T, createTestIaca, createTestPki, der, epochSeconds, openssl, tempDir } from './support';

describe('exportTrustListPem / parsePemBundle', () => {
  it('writes each certificate with subject, SHA-256 fingerprint and notAfter comments, and reads it back', async () => {
    const a = await createTestIaca('ES256');
    const b = await createTestIaca('ES384');
    const bundle = await exportTrustListPem([der(a.iaca), b.iaca]);
    const fingerprintA = await certificateFingerprint(a.iaca);
    expect(bundle.split('\n').slice(0, 4)).toEqual([
      '# Subject: C=UT, ST=UT-01, O=Utopia Department of Motor Vehicles, CN=Utopia IACA',
      `# SHA-256: ${fingerprintA}`,
      '# Not After: 2030-01-01T00:00:00Z',
      '-----BEGIN CERTIFICATE-----',
    ]);
    expect(bundle.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(2);
    expect(parsePemBundle(bundle)).toEqual([der(a.iaca), der(b.iaca)]);
    expect(await exportTrustListPem([])).toBe('');
  });

  it('is usable as an OpenSSL CA file, and its fingerprints match OpenSSL', async () => {
    const { iaca, ds } = await createTestPki('ES384', 'ES256');
    const other = await createTestIaca('ES256');
    const dir = tempDir();
    try {
      const bundle = dir.file('trust.pem', await exportTrustListPem([other.iaca, iaca]));
      const verified = openssl('verify', '-attime', epochSeconds(T.now), '-CAfile', bundle, dir.file('ds.pem', ds.toString('pem')));
      expect(verified.status).toBe(0);
      const fingerprint = openssl('x509', '-in', dir.file('iaca.pem', iaca.toString('pem')), '-noout', '-fingerprint', '-sha256');
      expect(fingerprint.output.trim().split('=')[1]?.replace(/:/g, '').toLowerCase()).toBe(await certificateFingerprint(iaca));
    } finally {
      dir.cleanup();
    }
  });

  it('keeps a crafted subject from injecting lines into the bundle', async () => {
    const signer = await SoftwareSigner.generate('ES256');
    const crypto = await createSignerCrypto(signer);
    const evil = await X509CertificateGenerator.create(
      {
        subject: new Name([{ CN: [{ utf8String: 'x\n-----END CERTIFICATE-----\n# Subject: trusted' }] }]),
        issuer: 'CN=evil',
        notBefore: T.iacaNotBefore,
        notAfter: T.iacaNotAfter,
        publicKey: crypto.publicKey,
        signingKey: crypto.signingKey,
        signingAlgorithm: crypto.signingAlgorithm,
      },
      crypto.crypto,
    );
    const bundle = await exportTrustListPem([evil]);
    expect(bundle.split('\n').filter((line) => line.startsWith('-----'))).toEqual(['-----BEGIN CERTIFICATE-----', '-----END CERTIFICATE-----']);
    expect(parsePemBundle(bundle)).toEqual([der(evil)]);
  });

  it('ignores other blocks and text, and rejects broken blocks (CERT_MALFORMED)', async () => {
    const { iaca } = await createTestIaca();
    const pem = iaca.toString('pem');
    expect(parsePemBundle(`intro text\n-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n${pem}\ntrailer`)).toEqual([der(iaca)]);
    expect(() => parsePemBundle(pem.replace('-----END CERTIFICATE-----', ''))).toThrow(PkiError);
    expect(() => parsePemBundle('-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----')).toThrow(/base64/);
    expect(() => parsePemBundle('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----')).toThrow(PkiError);
    expect(() => parsePemBundle('-----END CERTIFICATE-----')).toThrow(PkiError);
  });
});

describe('encodeVicalPayload', () => {
  it('encodes the Annex C.1.7 VICAL structure with tdate, biguint and bstr fields', async () => {
    const { iaca } = await createTestIaca('ES384');
    const bytes = encodeVicalPayload({
      vicalProvider: 'Utopia Trust Services',
      date: new Date('2026-01-01T12:00:00.123Z'),
      vicalIssueID: 42,
      nextUpdate: new Date('2026-02-01T00:00:00Z'),
      certificateInfos: [{ certificate: iaca, docType: ['org.iso.18013.5.1.mDL'], issuingAuthority: 'Utopia DMV' }],
    });
    const decoded = new Decoder({ useRecords: false, mapsAsObjects: false }).decode(bytes) as Map<string, unknown>;
    expect([...decoded.keys()]).toEqual(['version', 'vicalProvider', 'date', 'vicalIssueID', 'nextUpdate', 'certificateInfos']);
    expect(decoded.get('version')).toBe('1.0');
    expect(decoded.get('vicalProvider')).toBe('Utopia Trust Services');
    const date = decoded.get('date');
    // cbor-x decodes tag 0 into a Date; check the encoding on the wire instead: tag 0 + text without fractional seconds.
    expect(date).toEqual(new Date('2026-01-01T12:00:00Z'));
    expect(Buffer.from(bytes).includes(Buffer.from('c074323032362d30312d30315431323a30303a30305a', 'hex'))).toBe(true);
    expect(decoded.get('vicalIssueID')).toBe(42);
    const infos = decoded.get('certificateInfos') as Array<Map<string, unknown>>;
    expect(infos).toHaveLength(1);
    const info = infos[0]!;
    expect(new Uint8Array(info.get('certificate') as Uint8Array)).toEqual(der(iaca));
    const serial = info.get('serialNumber');
    const serialBytes = serial instanceof Tag ? new Uint8Array(serial.value as Uint8Array) : undefined;
    const serialValue = typeof serial === 'bigint' ? serial : BigInt(`0x${Buffer.from(serialBytes ?? []).toString('hex')}`);
    expect(serialValue).toBe(BigInt(`0x${iaca.serialNumber}`));
    expect(Buffer.from(info.get('ski') as Uint8Array).toString('hex')).toBe(readCertificateExtensions(iaca).subjectKeyIdentifier?.keyId);
    expect(info.get('docType')).toEqual(['org.iso.18013.5.1.mDL']);
    expect(info.get('issuingAuthority')).toBe('Utopia DMV');
    expect(info.get('issuingCountry')).toBe('UT');
    expect(info.get('stateOrProvinceName')).toBe('UT-01');
    expect(new Uint8Array(info.get('issuer') as Uint8Array)).toEqual(new Uint8Array(iaca.issuerName.toArrayBuffer()));
    expect(info.get('notAfter')).toEqual(T.iacaNotAfter);
  });

  it('requires a subjectKeyIdentifier and at least one docType', async () => {
    const { iaca } = await createTestIaca();
    expect(() => encodeVicalPayload({ vicalProvider: 'x', date: T.now, certificateInfos: [{ certificate: iaca, docType: [] }] })).toThrow(PkiError);
    const signer = await SoftwareSigner.generate('ES256');
    const crypto = await createSignerCrypto(signer);
    const noSki = await X509CertificateGenerator.create(
      { subject: 'C=UT, CN=x', issuer: 'C=UT, CN=x', publicKey: crypto.publicKey, signingKey: crypto.signingKey, signingAlgorithm: crypto.signingAlgorithm, notBefore: T.iacaNotBefore, notAfter: T.iacaNotAfter },
      crypto.crypto,
    );
    expect(() => encodeVicalPayload({ vicalProvider: 'x', date: T.now, certificateInfos: [{ certificate: noSki, docType: ['org.iso.18013.5.1.mDL'] }] })).toThrow(/subjectKeyIdentifier/);
  });
});

describe('describeCertificate', () => {
  it('summarises the DS for the console', async () => {
    const { iaca, ds } = await createTestPki('ES384', 'ES256');
    const description = await describeCertificate(der(ds));
    expect(description).toEqual({
      subject: ds.subject,
      issuer: iaca.subject,
      serialNumber: ds.serialNumber.toLowerCase(),
      notBefore: T.dsNotBefore,
      notAfter: T.dsNotAfter,
      keyAlgorithm: 'EC',
      curve: 'P-256',
      signatureAlgorithm: 'ecdsa-with-SHA384',
      subjectKeyIdentifier: readCertificateExtensions(ds).subjectKeyIdentifier?.keyId,
      authorityKeyIdentifier: readCertificateExtensions(iaca).subjectKeyIdentifier?.keyId,
      keyUsage: ['digitalSignature'],
      extendedKeyUsage: ['1.0.18013.5.1.2'],
      selfIssued: false,
      sha256Fingerprint: await certificateFingerprint(ds),
    });
    const iacaDescription = await describeCertificate(iaca.toString('pem'));
    expect(iacaDescription.basicConstraints).toEqual({ ca: true, pathLength: 0 });
    expect(iacaDescription.keyUsage).toEqual(['keyCertSign', 'cRLSign']);
    expect(iacaDescription.curve).toBe('P-384');
    expect(iacaDescription.selfIssued).toBe(true);
    await expect(describeCertificate(Uint8Array.of(1))).rejects.toMatchObject({ code: 'CERT_MALFORMED' });
  });
});
