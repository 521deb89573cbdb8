import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeCertificate, parsePemBundle, validateCertificateProfile } from '@citizen-zero/pki';
import { consoleOnFreshToken } from './support/console-on-fresh-token';

/** `cz reader-ca create`: the reader CA key in the HSM, its certificate kept apart from the issuer trust list. */

describe('cz reader-ca', () => {
  const officer = consoleOnFreshToken('cz-reader-ca-test');
  const { cz } = officer;

  it('creates the CA key in the HSM (non-extractable) and a root certificate with the Annex B root profile, once; not in the issuer trust list', async () => {
    const created = cz(['reader-ca', 'create', '--country', 'UT', '--common-name', 'Utopia Reader CA (test)', '--json']);
    expect(created.status, created.stderr).toBe(0);
    expect(created.json()).toMatchObject({ ok: true, created: true, label: 'reader-ca' });
    const path = join(officer.dataDir, 'pki', 'reader-ca', 'reader-ca.pem');
    const [der] = parsePemBundle(readFileSync(path, 'utf8'));
    expect((await describeCertificate(der!)).subject).toBe('C=UT, CN=Utopia Reader CA (test)');
    expect((await validateCertificateProfile(der!, 'iaca')).filter((finding) => finding.severity === 'error')).toEqual([]);
    const keys = cz(['hsm', 'keys', '--json']).json()['keys'] as Array<{ label: string; keyClass: string; extractable: boolean; sensitive: boolean }>;
    expect(keys.find((key) => key.label === 'reader-ca' && key.keyClass === 'private')).toMatchObject({ extractable: false, sensitive: true });
    expect(existsSync(join(officer.dataDir, 'pki', 'iaca', 'reader-ca.pem'))).toBe(false);

    const again = cz(['reader-ca', 'create', '--country', 'UT']);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('READER_CA_EXISTS');
    expect(cz(['reader-ca', 'create', '--country', 'UT', '--if-missing', '--json']).json()).toMatchObject({ ok: true, created: false });
  });

  it("certifies a verifier's key from its PKCS#10 request (openssl, where the key lives): reader authentication EKU, and the DNS name an OpenID4VP verifier is known by", async () => {
    const key = join(officer.dataDir, 'access.key');
    const csr = join(officer.dataDir, 'access.csr');
    const openssl = spawnSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', csr, '-subj', '/C=UT/CN=ignored'], { encoding: 'utf8' });
    expect(openssl.status, openssl.stderr).toBe(0);
    const out = join(officer.dataDir, 'access.pem');
    const issued = cz(['reader-ca', 'issue', '--csr', csr, '--country', 'UT', '--organization', 'Utopia Bank', '--dns-name', 'localhost', '--days', '30', '--out', out, '--json']);
    expect(issued.status, issued.stderr).toBe(0);
    const [der] = parsePemBundle(readFileSync(out, 'utf8'));
    const description = await describeCertificate(der!);
    expect(description.subject).toBe('C=UT, O=Utopia Bank, CN=localhost');
    expect(description.issuer).toBe('C=UT, CN=Utopia Reader CA (test)');
    expect(description.extendedKeyUsage).toEqual(['1.0.18013.5.1.6']);
    expect(readFileSync(out, 'utf8')).not.toContain('PRIVATE KEY');
    // A request whose signature does not verify is refused: nothing is certified without proof of possession.
    // The request as DER with its last byte (inside the signature's s) changed.
    const request = Buffer.from(readFileSync(csr, 'utf8').replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    request.writeUInt8(request.readUInt8(request.length - 1) ^ 0x01, request.length - 1);
    const bad = join(officer.dataDir, 'bad.csr.der');
    writeFileSync(bad, request);
    const refused = cz(['reader-ca', 'issue', '--csr', bad, '--country', 'UT', '--organization', 'Utopia Bank', '--dns-name', 'localhost', '--out', join(officer.dataDir, 'bad.pem')]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('CSR_INVALID');
    expect(existsSync(join(officer.dataDir, 'bad.pem'))).toBe(false);
  });
});
