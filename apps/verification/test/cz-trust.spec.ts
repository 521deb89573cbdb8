import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestIssuer } from './support/test-issuer';
import { startVerification, type VerificationTestContext } from './support/verification-test-app';

const CZ = resolve(__dirname, '../../console/bin/cz.cjs');

/** The security officers' console managing this service's trust list, run as a new officer would. */
describe('cz trust add | list | retire against the verification service', () => {
  let issuer: TestIssuer;
  let verification: VerificationTestContext;
  let token: string;
  const dir = mkdtempSync(join(tmpdir(), 'cz-trust-'));

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    verification = await startVerification();
    token = await verification.idp.token('security-officer-9', ['security-officer']);
    writeFileSync(join(dir, 'iaca.pem'), issuer.iacaPem);
  });
  afterAll(async () => {
    await verification?.close();
    await issuer?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // Asynchronous: the service under test runs in this process and must keep answering.
  const cz = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
      const child = spawn(process.execPath, [CZ, ...args], { env: { ...process.env, CZ_VERIFICATION_URL: verification.baseUrl, CZ_VERIFICATION_TOKEN: token, ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (status) => {
        expect(stdout + stderr).not.toContain(token);
        done({ status, stdout, stderr });
      });
    });

  it('adds, lists and retires an IACA, with exit codes and problem codes a script can rely on', async () => {
    const added = await cz(['trust', 'add', join(dir, 'iaca.pem'), '--doc-type', 'org.iso.18013.5.1.mDL', '--json']);
    expect(added.status).toBe(0);
    const anchor = JSON.parse(added.stdout).anchor as { id: string; subject: string };
    expect(anchor.subject).toContain('Utopia Verification Test IACA');

    const again = await cz(['trust', 'add', join(dir, 'iaca.pem')]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('TRUST_ANCHOR_EXISTS');

    expect(JSON.parse((await cz(['trust', 'list', '--json'])).stdout).anchors.map((entry: { id: string }) => entry.id)).toEqual([anchor.id]);
    expect((await cz(['trust', 'retire', anchor.id, '--reason', 'superseded'])).status).toBe(0);
    expect(JSON.parse((await cz(['trust', 'list', '--json'])).stdout).anchors).toEqual([]);
    expect(JSON.parse((await cz(['trust', 'list', '--include-retired', '--json'])).stdout).anchors[0]).toMatchObject({ retiredBy: 'security-officer-9', retirementReason: 'superseded' });
  });

  it('refuses without a token, with a relying party’s token, and with a bad reason', async () => {
    const missing = await cz(['trust', 'list'], { CZ_VERIFICATION_TOKEN: '' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('VERIFICATION_TOKEN_MISSING');
    const teller = await verification.idp.token('bank-teller', ['verifier']);
    const forbidden = await cz(['trust', 'add', join(dir, 'iaca.pem')], { CZ_VERIFICATION_TOKEN: teller });
    expect(forbidden.status).toBe(2);
    expect(forbidden.stderr).toContain('PERMISSION_DENIED');
    const badReason = await cz(['trust', 'retire', '00000000-0000-4000-8000-000000000000', '--reason', 'bored']);
    expect(badReason.status).toBe(2);
    expect(badReason.stderr).toContain('VALIDATION_FAILED');
  });
});
