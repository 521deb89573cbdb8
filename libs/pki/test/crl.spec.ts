import { describe, expect, it } from 'vitest';
import { SoftwareSigner } from '@citizen-zero/signing/testing';
import { AsnConvert } from '@peculiar/asn1-schema';
import { CertificateList } from '@peculiar/asn1-x509';
import { createCrl, crlPem, findRevokedEntry, parseCrl, PkiError, verifyCrl } from '../src/index';
import { readCertificateExtensions } from '../src/certificate-extensions';
import { T, createTestIaca, createTestPki, epochSeconds, flipBitIn, openssl, opensslAll, tempDir } from './support';

const thisUpdate = new Date('2025-12-31T00:00:00Z');
const nextUpdate = new Date('2026-01-07T00:00:00Z');

describe.each(['ES256', 'ES384'] as const)('createCrl (IACA %s)', (algorithm) => {
  it('builds a v2 CRL with AKI and cRLNumber that OpenSSL verifies with the IACA key', async () => {
    const { iacaSigner, iaca, ds } = await createTestPki(algorithm, 'ES256');
    const crl = await createCrl({
      iacaSigner,
      iacaCertificate: iaca,
      thisUpdate,
      nextUpdate,
      crlNumber: 7n,
      revoked: [
        { serialNumber: ds.serialNumber, revocationDate: new Date('2025-12-30T12:00:00Z'), reason: 'keyCompromise' },
        { serialNumber: 'ab'.repeat(16), revocationDate: new Date('2025-12-29T00:00:00Z') },
      ],
    });
    const parsed = parseCrl(new Uint8Array(crl.rawData));
    expect(parsed.issuer).toBe(iaca.subject);
    expect(parsed.thisUpdate.toISOString()).toBe(thisUpdate.toISOString());
    expect(parsed.nextUpdate?.toISOString()).toBe(nextUpdate.toISOString());
    expect(parsed.crlNumber).toBe(7n);
    expect(parsed.authorityKeyIdentifier).toBe(readCertificateExtensions(iaca).subjectKeyIdentifier?.keyId);
    expect(parsed.entries).toEqual([
      { serialNumber: ds.serialNumber.toLowerCase().replace(/^(00)+/, ''), revocationDate: new Date('2025-12-30T12:00:00Z'), reason: 'keyCompromise' },
      { serialNumber: 'ab'.repeat(16), revocationDate: new Date('2025-12-29T00:00:00Z') },
    ]);
    expect(findRevokedEntry(parsed, ds.serialNumber)?.reason).toBe('keyCompromise');
    expect(findRevokedEntry(parsed, '00' + 'AB'.repeat(16))).toBeDefined();
    expect(findRevokedEntry(parsed, '01')).toBeUndefined();

    // An entry without a reason has no crlEntryExtensions at all (never an empty SEQUENCE).
    const asn = AsnConvert.parse(crl.rawData, CertificateList);
    expect(asn.tbsCertList.version).toBe(1);
    expect(asn.tbsCertList.revokedCertificates?.[1]?.crlEntryExtensions).toBeUndefined();
    expect(asn.tbsCertList.revokedCertificates?.[0]?.crlEntryExtensions?.length).toBe(1);

    expect(await verifyCrl({ crl: parsed, issuer: iaca, at: T.now })).toEqual({ valid: true, problems: [] });

    const dir = tempDir();
    try {
      const pem = crlPem(crl);
      expect(pem.startsWith('-----BEGIN X509 CRL-----')).toBe(true);
      expect(parseCrl(pem).entries).toHaveLength(2);
      const iacaFile = dir.file('iaca.pem', iaca.toString('pem'));
      const crlFile = dir.file('iaca.crl.pem', pem);
      const dsFile = dir.file('ds.pem', ds.toString('pem'));
      const verified = opensslAll('crl', '-in', crlFile, '-CAfile', iacaFile, '-verify', '-noout', '-text');
      expect(verified.status).toBe(0);
      expect(verified.output).toContain('verify OK');
      expect(verified.output).toMatch(/X509v3 CRL Number:\s+7/);
      expect(verified.output).toContain('X509v3 Authority Key Identifier');
      // OpenSSL's own revocation check agrees that the DS is revoked.
      const checked = openssl('verify', '-attime', epochSeconds(T.now), '-crl_check', '-CRLfile', crlFile, '-CAfile', iacaFile, dsFile);
      expect(checked.status).not.toBe(0);
      expect(checked.output).toContain('certificate revoked');
    } finally {
      dir.cleanup();
    }
  });
});

describe('createCrl and verifyCrl edge cases', () => {
  it('omits revokedCertificates when nothing is revoked, and OpenSSL still accepts it', async () => {
    const { iacaSigner, iaca, ds } = await createTestPki();
    const crl = await createCrl({ iacaSigner, iacaCertificate: iaca, thisUpdate, nextUpdate, revoked: [] });
    const asn = AsnConvert.parse(crl.rawData, CertificateList);
    expect(asn.tbsCertList.revokedCertificates).toBeUndefined();
    expect(parseCrl(crl).crlNumber).toBe(BigInt(thisUpdate.getTime() / 1000));
    const dir = tempDir();
    try {
      const iacaFile = dir.file('iaca.pem', iaca.toString('pem'));
      const crlFile = dir.file('crl.pem', crlPem(crl));
      expect(opensslAll('crl', '-in', crlFile, '-CAfile', iacaFile, '-verify', '-noout').output).toContain('verify OK');
      const checked = openssl('verify', '-attime', epochSeconds(T.now), '-crl_check', '-CRLfile', crlFile, '-CAfile', iacaFile, dir.file('ds.pem', ds.toString('pem')));
      expect(checked.status).toBe(0);
    } finally {
      dir.cleanup();
    }
  });

  it('rejects bad input: nextUpdate not after thisUpdate, duplicate or zero serials, wrong signer', async () => {
    const { iacaSigner, iaca } = await createTestIaca();
    const base = { iacaSigner, iacaCertificate: iaca, thisUpdate, nextUpdate, revoked: [] };
    await expect(createCrl({ ...base, nextUpdate: thisUpdate })).rejects.toMatchObject({ code: 'CRL_INVALID' });
    await expect(createCrl({ ...base, revoked: [{ serialNumber: '0abc', revocationDate: thisUpdate }, { serialNumber: 'ABC', revocationDate: thisUpdate }] })).rejects.toMatchObject({ code: 'CRL_INVALID' });
    await expect(createCrl({ ...base, revoked: [{ serialNumber: '0000', revocationDate: thisUpdate }] })).rejects.toMatchObject({ code: 'CRL_INVALID' });
    await expect(createCrl({ ...base, revoked: [{ serialNumber: 'xyz', revocationDate: thisUpdate }] })).rejects.toMatchObject({ code: 'CRL_INVALID' });
    await expect(createCrl({ ...base, iacaSigner: await SoftwareSigner.generate('ES256') })).rejects.toMatchObject({ code: 'SIGNER_MISMATCH' });
  });

  it('reports a CRL outside thisUpdate/nextUpdate, from another issuer, or tampered', async () => {
    const { iacaSigner, iaca } = await createTestIaca();
    const other = await createTestIaca();
    const crl = parseCrl(await createCrl({ iacaSigner, iacaCertificate: iaca, thisUpdate, nextUpdate, revoked: [{ serialNumber: '0102030405060708', revocationDate: thisUpdate }] }));

    const stale = await verifyCrl({ crl, issuer: iaca, at: new Date('2026-01-08T00:00:00Z') });
    expect(stale.valid).toBe(false);
    expect(stale.problems.join()).toContain('CRL expired');
    const early = await verifyCrl({ crl, issuer: iaca, at: new Date('2025-12-30T00:00:00Z') });
    expect(early.problems.join()).toContain('thisUpdate');

    // Another IACA with the same name but a different key: AKI and signature both fail.
    const foreign = await verifyCrl({ crl, issuer: other.iaca, at: T.now });
    expect(foreign.valid).toBe(false);
    expect(foreign.problems.join()).toContain('authorityKeyIdentifier');
    expect(foreign.problems.join()).toContain('signature');

    const tampered = await verifyCrl({ crl: flipBitIn(crl.der, 'Utopia IACA'), issuer: iaca, at: T.now });
    expect(tampered.valid).toBe(false);
    expect(tampered.problems.join()).toContain('signature');

    expect(() => parseCrl(Uint8Array.of(0x30, 0x00))).toThrow(PkiError);
    expect((await verifyCrl({ crl: Uint8Array.of(1, 2), issuer: iaca, at: T.now })).valid).toBe(false);
  });
});
