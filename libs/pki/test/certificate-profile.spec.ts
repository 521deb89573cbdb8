import { describe, expect, it } from 'vitest';
import { SoftwareSigner } from '@citizen-zero/signing/testing';
import { PROFILE_FINDING_CODES, validateCertificateProfile, type ProfileFinding } from '../src/index';
import { createSignerCrypto } from '../src/signer-crypto';
import { BasicConstraintsExtension, Extension, KeyUsageFlags, KeyUsagesExtension, X509CertificateGenerator } from '../src/x509';
import { T, createTestIaca, createTestPki, der } from './support';

const errorCodes = (findings: readonly ProfileFinding[]): string[] =>
  findings
    .filter((finding) => finding.severity === 'error')
    .map((finding) => finding.code)
    .sort();

describe('validateCertificateProfile', () => {
  it('finds nothing wrong with the IACA and DS this library issues', async () => {
    const { iaca, ds } = await createTestPki('ES384', 'ES256');
    expect(await validateCertificateProfile(der(iaca), 'iaca')).toEqual([]);
    expect(await validateCertificateProfile(iaca.toString('pem'), 'iaca', { at: T.now })).toEqual([]);
    expect(await validateCertificateProfile(der(ds), 'document-signer', { issuer: der(iaca), at: T.now })).toEqual([]);
  });

  it('reports every deviation of a non-conforming IACA with a stable code and a reference', async () => {
    const signer = await SoftwareSigner.generate('ES256');
    const crypto = await createSignerCrypto(signer);
    const bad = await X509CertificateGenerator.create(
      {
        serialNumber: '01020304',
        subject: 'C=ut, O=Sloppy Authority',
        issuer: 'C=ut, O=Sloppy Authority',
        notBefore: new Date('2025-01-01T00:00:00Z'),
        notAfter: new Date('2050-01-01T00:00:00Z'),
        publicKey: crypto.publicKey,
        signingKey: crypto.signingKey,
        signingAlgorithm: crypto.signingAlgorithm,
        extensions: [
          new BasicConstraintsExtension(true, undefined, false),
          new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.digitalSignature, false),
          new Extension('2.5.29.30', false, Uint8Array.of(0x30, 0x00)), // nameConstraints, forbidden by B.1.1
        ],
      },
      crypto.crypto,
    );
    const findings = await validateCertificateProfile(der(bad), 'iaca', { at: new Date('2051-01-01T00:00:00Z') });
    expect(errorCodes(findings)).toEqual(
      [
        'BASIC_CONSTRAINTS_INVALID',
        'BASIC_CONSTRAINTS_NOT_CRITICAL',
        'CERTIFICATE_EXPIRED',
        'CRL_DISTRIBUTION_POINTS_MISSING',
        'EXTENSION_FORBIDDEN',
        'ISSUER_ALT_NAME_MISSING',
        'KEY_USAGE_INVALID',
        'KEY_USAGE_NOT_CRITICAL',
        'SERIAL_NUMBER_TOO_SHORT',
        'SUBJECT_COMMON_NAME_MISSING',
        'SUBJECT_COUNTRY_INVALID',
        'SUBJECT_KEY_IDENTIFIER_MISSING',
        'VALIDITY_TOO_LONG',
      ].sort(),
    );
    for (const finding of findings) {
      expect(PROFILE_FINDING_CODES).toContain(finding.code);
      expect(finding.reference).toMatch(/ISO\/IEC 18013-5:2021 B\.1\.[124]|RFC 5280|X\.520/);
      expect(finding.message.length).toBeGreaterThan(10);
    }
    expect(findings.find((finding) => finding.code === 'KEY_USAGE_INVALID')?.message).toContain('unexpected digitalSignature');
    expect(findings.find((finding) => finding.code === 'EXTENSION_FORBIDDEN')?.reference).toBe('ISO/IEC 18013-5:2021 B.1.1');
  });

  it('checks a document signer against the IACA that should have issued it', async () => {
    const { ds } = await createTestPki();
    const { iaca: stranger } = await createTestIaca();
    const findings = await validateCertificateProfile(ds, 'document-signer', { issuer: stranger });
    expect(errorCodes(findings)).toEqual(['AUTHORITY_KEY_IDENTIFIER_MISMATCH', 'SIGNATURE_INVALID']);
  });

  it('flags a certificate used under the wrong profile', async () => {
    const { iaca, ds } = await createTestPki();
    expect(errorCodes(await validateCertificateProfile(iaca, 'document-signer'))).toEqual(
      ['AUTHORITY_KEY_IDENTIFIER_MISSING', 'BASIC_CONSTRAINTS_INVALID', 'EXTENDED_KEY_USAGE_MISSING', 'KEY_USAGE_INVALID', 'VALIDITY_TOO_LONG'].sort(),
    );
    expect(errorCodes(await validateCertificateProfile(ds, 'iaca'))).toEqual(['BASIC_CONSTRAINTS_MISSING', 'ISSUER_NOT_SUBJECT', 'KEY_USAGE_INVALID', 'SIGNATURE_INVALID'].sort());
  });

  it('reports an unparseable certificate as a single CERT_MALFORMED finding', async () => {
    expect(await validateCertificateProfile(Uint8Array.of(0x30, 0x00), 'iaca')).toEqual([expect.objectContaining({ code: 'CERT_MALFORMED', severity: 'error' })]);
    expect(await validateCertificateProfile('no pem here', 'iaca')).toEqual([expect.objectContaining({ code: 'CERT_MALFORMED' })]);
  });
});
