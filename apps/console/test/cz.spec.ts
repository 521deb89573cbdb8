import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor } from '@citizen-zero/mdoc';
import { consoleOnFreshToken } from './support/console-on-fresh-token';

/**
 * The console as a security officer runs it: the `cz` binary in a child process, against a
 * SoftHSM2 token that the console itself initialises in a fresh data directory.
 */
const DEMO = resolve('apps/console/demo');

describe('cz console', () => {
  const officer = consoleOnFreshToken('cz-console-test', { init: false });
  const { cz } = officer;

  it('prints help for every command and exits 0', () => {
    for (const args of [['--help'], ['hsm', '--help'], ['hsm', 'keygen', '--help'], ['iaca', 'create', '--help'], ['ds', 'issue', '--help'], ['trust', 'export', '--help'], ['mdoc', 'issue', '--help'], ['mdoc', 'verify', '--help']]) {
      const result = cz(args);
      expect(result.status, args.join(' ')).toBe(0);
      expect(result.stdout).toContain('Usage: cz');
    }
  });

  it('exits 2 on usage errors, saying what is wrong', () => {
    expect(cz(['mdoc', 'verify']).status).toBe(2);
    expect(cz(['no-such-command']).status).toBe(2);
    const status = cz(['hsm', 'status'], { CZ_HSM_MODULE: '/nonexistent/pkcs11.so' });
    expect(status.status).toBe(2);
    expect(status.stderr).toContain('CZ_HSM_MODULE');
  });

  it('reports a missing token as a failed check (exit 1) and tells how to create it', () => {
    const result = cz(['hsm', 'status', '--json']);
    expect(result.status).toBe(1);
    expect(result.json()).toMatchObject({ ok: false, configuredToken: 'cz-console-test' });
  });

  it('runs the key ceremony: token, IACA, document signer, trust list', () => {
    expect(cz(['hsm', 'init']).status).toBe(0);
    expect(cz(['hsm', 'init', '--if-missing']).status).toBe(0);
    expect(cz(['hsm', 'init']).status).toBe(2);
    expect(cz(['hsm', 'status']).status).toBe(0);

    const iaca = cz(['iaca', 'create', '--country', 'UT', '--organization', 'Utopia Road Traffic Authority', '--json']);
    expect(iaca.status, iaca.stderr).toBe(0);
    expect(iaca.json()).toMatchObject({ ok: true, certificate: { subject: expect.stringContaining('C=UT'), keyUsage: expect.arrayContaining(['keyCertSign', 'cRLSign']), basicConstraints: { ca: true, pathLength: 0 } } });
    expect(cz(['iaca', 'create', '--country', 'UT']).status).toBe(2);

    const ds = cz(['ds', 'issue', '--json']);
    expect(ds.status, ds.stderr).toBe(0);
    expect(ds.json()).toMatchObject({ certificate: { extendedKeyUsage: ['1.0.18013.5.1.2'], keyUsage: ['digitalSignature'] } });

    const trust = cz(['trust', 'export', '--out', join(officer.dataDir, 'trust.pem'), '--json']);
    expect(trust.status, trust.stdout).toBe(0);
    expect(readFileSync(join(officer.dataDir, 'trust.pem'), 'utf8')).toContain('-----BEGIN CERTIFICATE-----');

    const keys = cz(['hsm', 'keys', '--json']);
    expect(keys.status).toBe(0);
    const rows = keys.json()['keys'] as Array<Record<string, unknown>>;
    expect(rows.find((row) => row['label'] === 'iaca' && row['keyClass'] === 'private')).toMatchObject({ curve: 'P-384', extractable: false, sensitive: true, certificate: { role: 'iaca' } });
    expect(rows.find((row) => row['label'] === 'ds' && row['keyClass'] === 'private')).toMatchObject({ curve: 'P-256', extractable: false, certificate: { role: 'ds' } });
    expect(cz(['hsm', 'keygen', '--label', 'kek', '--type', 'aes', '--json']).json()).toMatchObject({ key: { keyType: 'AES', bits: 256, extractable: false } });
    expect(cz(['hsm', 'keygen', '--label', 'kek', '--type', 'aes', '--if-missing', '--json']).json()).toMatchObject({ created: false, label: 'kek' });
    expect(cz(['hsm', 'keygen', '--label', 'kek', '--type', 'aes']).status).not.toBe(0);
  });

  it('issues an mDL signed in the HSM and verifies it; a tampered or untrusted one fails with exit 1', () => {
    const out = join(officer.dataDir, 'mdl');
    const issue = cz(['mdoc', 'issue', '--claims', join(DEMO, 'mdl-claims.json'), '--out', out, '--json']);
    expect(issue.status, issue.stderr).toBe(0);
    const verify = cz(['mdoc', 'verify', join(out, 'device-response.cbor'), '--trust', join(officer.dataDir, 'trust.pem'), '--json']);
    expect(verify.status, verify.stdout).toBe(0);
    const verdict = verify.json();
    expect(verdict).toMatchObject({ valid: true, failed: [] });
    const disclosed = (verdict['documents'] as Array<{ disclosed: Record<string, Record<string, unknown>> }>)[0]!.disclosed['org.iso.18013.5.1']!;
    expect(disclosed['family_name']).toBe('Okonkwo');
    expect(disclosed['age_over_18']).toBe(true);

    const expired = cz(['mdoc', 'verify', join(out, 'device-response.cbor'), '--trust', join(officer.dataDir, 'trust.pem'), '--now', '2035-01-01T00:00:00Z', '--json']);
    expect(expired.status).toBe(1);
    expect((expired.json()['failed'] as Array<{ code: string }>).map((check) => check.code)).toEqual(expect.arrayContaining(['MSO_EXPIRED', 'CERT_EXPIRED']));

    const response = decodeCbor(readFileSync(join(out, 'device-response.cbor'))) as Map<string, unknown>;
    const issuerAuth = ((response.get('documents') as Map<string, unknown>[])[0]!.get('issuerSigned') as Map<string, unknown>).get('issuerAuth') as Uint8Array[];
    issuerAuth[3]![0]! ^= 0x01;
    writeFileSync(join(out, 'tampered.cbor'), encodeCbor(response));
    const tampered = cz(['mdoc', 'verify', join(out, 'tampered.cbor'), '--trust', join(officer.dataDir, 'trust.pem'), '--transcript', join(out, 'session-transcript.cbor'), '--json']);
    expect(tampered.status).toBe(1);
    expect((tampered.json()['failed'] as Array<{ code: string }>).map((check) => check.code)).toEqual(['ISSUER_SIGNATURE_INVALID']);

    const untrusted = cz(['mdoc', 'verify', join(out, 'device-response.cbor'), '--trust', resolve('apps/console/test/fixtures/unrelated-iaca.pem'), '--json']);
    expect(untrusted.status).toBe(1);
    expect((untrusted.json()['failed'] as Array<{ code: string }>).map((check) => check.code)).toContain('CERT_CHAIN_UNTRUSTED');
  });

  it('issues with a holder-supplied public device key (no device response) and a national ID in bulk with progress', () => {
    const jwk = JSON.parse(readFileSync(join(officer.dataDir, 'mdl', 'device-key.jwk'), 'utf8')) as Record<string, unknown>;
    const { d: _d, ...publicJwk } = jwk;
    writeFileSync(join(officer.dataDir, 'holder.jwk'), JSON.stringify(publicJwk));
    const onlyIssued = cz(['mdoc', 'issue', '--claims', join(DEMO, 'mdl-claims.json'), '--device-key', join(officer.dataDir, 'holder.jwk'), '--out', join(officer.dataDir, 'holder'), '--json']);
    expect(onlyIssued.status, onlyIssued.stderr).toBe(0);
    expect(Object.keys((onlyIssued.json()['documents'] as Array<Record<string, string>>)[0]!)).toEqual(['issuer-signed.cbor', 'iaca.pem']);

    const pid = JSON.parse(readFileSync(join(DEMO, 'pid-claims.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    pid['eu.europa.ec.eudi.pid.1']!['portrait'] = `@${join(DEMO, 'portrait.jpg')}`;
    const lines = [1, 2, 3].map((index) => JSON.stringify({ 'eu.europa.ec.eudi.pid.1': { ...pid['eu.europa.ec.eudi.pid.1'], personal_administrative_number: `UT-${index}` } }));
    writeFileSync(join(officer.dataDir, 'pids.jsonl'), `${lines.join('\n')}\n`);
    const bulk = cz(['mdoc', 'issue', '--claims', join(officer.dataDir, 'pids.jsonl'), '--doctype', 'eu.europa.ec.eudi.pid.1', '--out', join(officer.dataDir, 'pids')]);
    expect(bulk.status, bulk.stderr).toBe(0);
    expect(bulk.stderr).toContain('issuing: 3/3');
    const verify = cz(['mdoc', 'verify', join(officer.dataDir, 'pids', '00002', 'device-response.cbor'), '--trust', join(officer.dataDir, 'trust.pem')]);
    expect(verify.status, verify.stdout).toBe(0);
    expect(verify.stdout).toContain('eu.europa.ec.eudi.pid.1');
  });

  it('rejects bad claims with a clear error naming the element, and writes nothing', () => {
    const claims = JSON.parse(readFileSync(join(DEMO, 'mdl-claims.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    claims['org.iso.18013.5.1']!['birth_date'] = '17/04/1990';
    claims['org.iso.18013.5.1']!['portrait'] = `@${join(DEMO, 'portrait.jpg')}`;
    writeFileSync(join(officer.dataDir, 'bad-claims.json'), JSON.stringify(claims));
    const result = cz(['mdoc', 'issue', '--claims', join(officer.dataDir, 'bad-claims.json'), '--out', join(officer.dataDir, 'bad')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('birth_date');
    expect(result.stderr).toContain('ELEMENT_INVALID');
    expect(spawnSync('ls', [join(officer.dataDir, 'bad')]).status).not.toBe(0);
  });

  it('refuses a wrong PIN with HSM_PIN_INCORRECT and exit 2, without printing the PIN', () => {
    const result = cz(['hsm', 'keys'], { CZ_HSM_PIN: 'not-the-pin-999' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('HSM_PIN_INCORRECT');
    expect(result.stderr + result.stdout).not.toContain('not-the-pin-999');
  });
});
