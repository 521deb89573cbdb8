import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '@citizen-zero/test-harness';
import { walkThroughAdminPortal, type WalkthroughResult } from './admin-portal-browser';
import { walkWalletAndVerifier } from './wallet-and-verifier-browser';

const ROOT = resolve(__dirname, '../..');

describe('npm start / npm run stop (the quick start’s first command)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cz-start-'));
  /** What the admin portal's walk produced (the mDL offer, the ID card PDF), for the wallet and verifier walk. */
  let portalDay: WalkthroughResult | undefined;
  const env: Record<string, string> = { CZ_DATA_DIR: dataDir, NO_COLOR: '1' };
  const run = (script: string, args: string[] = []) => {
    const { SOFTHSM2_CONF: _inherited, CZ_HSM_PIN: _pin, CZ_HSM_SO_PIN: _soPin, ...inherited } = process.env;
    return spawnSync(script.endsWith('.sh') ? 'bash' : process.execPath, script.endsWith('.sh') ? [join(ROOT, script), ...args] : ['--import', 'tsx', join(ROOT, script), ...args], { cwd: ROOT, env: { ...inherited, ...env }, encoding: 'utf8', timeout: 280_000 });
  };

  beforeAll(async () => {
    for (const name of ['CZ_POSTGRES_PORT', 'CZ_REDIS_PORT', 'CZ_DEV_IDP_PORT', 'CZ_IDENTITY_PORT', 'CZ_BIOMETRIC_PORT', 'CZ_VERIFICATION_PORT', 'CZ_MONITOR_PORT', 'CZ_ADMIN_PORTAL_PORT', 'CZ_WALLET_PORT', 'CZ_VERIFIER_PORT']) env[name] = String(await freeLoopbackPort());
  });
  afterAll(() => {
    const secrets = join(dataDir, 'dev-secrets.env');
    if (existsSync(secrets)) run('tools/platform/src/platform.ts', ['stop']);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs the key ceremony, issues and verifies the demo credentials, and brings up the services with demo data', async () => {
    const started = run('scripts/start.sh');
    expect(started.status, started.stderr.slice(-3000)).toBe(0);
    expect(started.stdout.match(/^VALID — DeviceResponse status 0/gm)).toHaveLength(2);
    expect(started.stdout).toContain('Citizen Zero is up');
    const secrets = join(dataDir, 'dev-secrets.env');
    expect(statSync(secrets).mode & 0o077).toBe(0);
    const pin = /CZ_HSM_PIN=(\w+)/.exec(readFileSync(secrets, 'utf8'))![1]!;
    expect(started.stdout + started.stderr).not.toContain(pin);
    for (const file of ['trust-list.pem', 'pki/iaca/iaca.pem', 'pki/ds/ds.pem', 'pki/ds/seal.pem', 'pki/ds/trust-list-signer.pem', 'demo/mdl/device-response.cbor', 'dev-idp.json']) expect(existsSync(join(dataDir, file)), file).toBe(true);

    const identity = `http://127.0.0.1:${env['CZ_IDENTITY_PORT']}`;
    expect((await fetch(`${identity}/health/ready`)).status).toBe(200);
    expect((await fetch(`${identity}/status-lists/1`)).headers.get('content-type')).toContain('application/statuslist+cwt');
    const bundle = await (await fetch(`http://127.0.0.1:${env['CZ_VERIFICATION_PORT']}/trust/bundle.pem`)).text();
    expect(bundle).toContain('Utopia IACA (development)');
    const vical = await fetch(`http://127.0.0.1:${env['CZ_VERIFICATION_PORT']}/trust/bundle.vical`);
    expect(vical.status).toBe(200);
    expect(vical.headers.get('content-type')).toContain('application/cose');
    // The seeded birth registration goes through the worker to issued.
    const state = JSON.parse(readFileSync(join(dataDir, 'dev-idp.json'), 'utf8')) as { clientSecrets: Record<string, string> };
    const token = await fetch(`http://127.0.0.1:${env['CZ_DEV_IDP_PORT']}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`platform-approver:${state.clientSecrets['platform-approver']}`).toString('base64')}` }, body: new URLSearchParams({ grant_type: 'client_credentials', resource: 'urn:citizen-zero:identity', scope: 'api' }) });
    const bearer = ((await token.json()) as { access_token: string }).access_token;
    let issued: unknown[] = [];
    for (let attempt = 0; attempt < 100 && issued.length === 0; attempt++) {
      issued = (await (await fetch(`${identity}/applications?state=issued`, { headers: { authorization: `Bearer ${bearer}` } })).json()) as unknown[];
      if (issued.length === 0) await new Promise((done) => setTimeout(done, 200));
    }
    // The birth registration is issued; the approved face enrolment may be issued by then too.
    expect(issued).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'birth-registration' })]));
    // The face-enrolled national ID was approved after a clear deduplication; the same face under another name waits in adjudication.
    expect((await fetch(`http://127.0.0.1:${env['CZ_BIOMETRIC_PORT']}/health/ready`)).status).toBe(200);
    const inAdjudication = (await (await fetch(`${identity}/applications?state=adjudication`, { headers: { authorization: `Bearer ${bearer}` } })).json()) as { type: string; deduplication?: string }[];
    expect(inAdjudication).toEqual([expect.objectContaining({ type: 'national-id-first', deduplication: 'possible-duplicate' })]);
    // The monitor is ready and reports the three services up (its service client has the auditor role).
    const monitor = `http://127.0.0.1:${env['CZ_MONITOR_PORT']}`;
    expect((await fetch(`${monitor}/health/ready`)).status).toBe(200);
    const monitorToken = await fetch(`http://127.0.0.1:${env['CZ_DEV_IDP_PORT']}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`monitor-service:${state.clientSecrets['monitor-service']}`).toString('base64')}` }, body: new URLSearchParams({ grant_type: 'client_credentials', resource: 'urn:citizen-zero:monitor', scope: 'api' }) });
    const monitorBearer = ((await monitorToken.json()) as { access_token: string }).access_token;
    let watched: Array<{ name: string; status: string }> = [];
    for (let attempt = 0; attempt < 60 && !(watched.length === 3 && watched.every((service) => service.status === 'up')); attempt++) {
      if (attempt > 0) await new Promise((done) => setTimeout(done, 500));
      watched = (await (await fetch(`${monitor}/services`, { headers: { authorization: `Bearer ${monitorBearer}` } })).json()) as Array<{ name: string; status: string }>;
    }
    expect(watched.map((service) => `${service.name}:${service.status}`)).toEqual(['identity:up', 'biometric:up', 'verification:up']);
    const topology = (await (await fetch(`${monitor}/topology`, { headers: { authorization: `Bearer ${monitorBearer}` } })).json()) as { edges: Array<{ source: string; target: string; kind: string; status: string }> };
    expect(topology.edges).toEqual(expect.arrayContaining([expect.objectContaining({ source: 'identity', target: 'hsm', kind: 'infrastructure', status: 'up' }), expect.objectContaining({ source: 'verification', target: 'identity', kind: 'call' })]));
  });

  it("serves the admin portal for a whole working day (issue 7): dashboard, adjudication, a registrar's webcam enrolment, approval by another official, the ID card PDF, an mDL filed and approved, its wallet offer QR, a revocation, the audit chain and the security screen, without a console error or failed request", async () => {
    const portal = `http://127.0.0.1:${env['CZ_ADMIN_PORTAL_PORT']}`;
    expect(await (await fetch(`${portal}/config.json`)).json()).toMatchObject({ issuer: `http://127.0.0.1:${env['CZ_DEV_IDP_PORT']}`, clientId: 'admin-portal', identityUrl: `http://127.0.0.1:${env['CZ_IDENTITY_PORT']}`, identityResource: 'urn:citizen-zero:identity', monitorUrl: `http://127.0.0.1:${env['CZ_MONITOR_PORT']}`, monitorResource: 'urn:citizen-zero:monitor' });
    const screenshots = join(ROOT, 'test-results', 'admin-portal');
    rmSync(screenshots, { recursive: true, force: true });
    const walk = await walkThroughAdminPortal(portal, screenshots, { familyName: 'Okonkwo', givenNames: 'Adaeze Marie', birthDate: '1990-04-17' });
    expect(walk.problems).toEqual([]);
    const names = walk.screenshots.map((file) => file.slice(screenshots.length + 1).replace(/^\d+-/, ''));
    expect(names).toEqual(expect.arrayContaining(['sign-in.png', 'dashboard-tablet.png', 'adjudication-side-by-side.png', 'enrolment-camera.png', 'enrolment-submitted.png', 'document-pdf-preview.png', 'mdl-submitted.png', 'wallet-offer.png', 'revoke-done.png', 'dashboard-platform.png', 'audit-chain-verified.png', 'security.png']));
    expect(walk.idCardPdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(walk.mdlOffer.uri).toMatch(/^openid-credential-offer:\/\/\?credential_offer=/);
    portalDay = walk;
  });

  it('runs the citizen wallet and the offline verifier against each other (issue 8): claim the portal\'s mDL offer, full identity by camera, age only by selective disclosure and by BBS proof, online to a web shop with OpenID4VP, the verifier cut off from the services, a tampered and a revoked credential refused, a printed seal verified offline', async () => {
    expect(portalDay, 'the admin portal walk ran first and made the mDL offer').toBeDefined();
    const url = (name: string) => `http://127.0.0.1:${env[name]}`;
    const state = JSON.parse(readFileSync(join(dataDir, 'dev-idp.json'), 'utf8')) as { clientSecrets: Record<string, string> };
    const serviceToken = async (clientId: string, resource: string) => {
      const response = await fetch(`${url('CZ_DEV_IDP_PORT')}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${state.clientSecrets[clientId]}`).toString('base64')}` }, body: new URLSearchParams({ grant_type: 'client_credentials', resource, scope: 'api' }) });
      return ((await response.json()) as { access_token: string }).access_token;
    };
    const screenshots = join(ROOT, 'test-results', 'wallet-and-verifier');
    rmSync(screenshots, { recursive: true, force: true });
    const walk = await walkWalletAndVerifier(
      {
        urls: { idp: url('CZ_DEV_IDP_PORT'), identity: url('CZ_IDENTITY_PORT'), verification: url('CZ_VERIFICATION_PORT'), wallet: url('CZ_WALLET_PORT'), verifier: url('CZ_VERIFIER_PORT') },
        serviceToken,
        mdlOffer: portalDay!.mdlOffer,
        idCardPdf: portalDay!.idCardPdf,
        nationalIdNumber: portalDay!.citizen.nationalIdNumber,
      },
      screenshots,
    );
    expect(walk.problems).toEqual([]);
    expect(walk.claimed).toMatch(/Driving licence/);
    // The wallet showed the verified reader; the verifier shows the portrait and the data, green.
    expect(walk.identity.seen.reader).toMatch(/^Verified reader: Harbour police, desk 2/);
    expect(walk.identity.verdict).toMatchObject({ outcome: 'accepted', portraitShown: true, elements: expect.objectContaining({ family_name: 'Ndiaye', given_name: 'Awa Khady', birth_date: '1994-11-02' }) });
    // Age only: nothing but the age answer and the portrait (to compare with the face in front of the clerk).
    expect(walk.ageOnly.verdict).toMatchObject({ outcome: 'accepted', portraitShown: true, elements: { age_over_18: 'Yes' } });
    expect(walk.zeroKnowledge.verdict).toMatchObject({ outcome: 'accepted', portraitShown: false, elements: { age_over_18: 'Yes', valid_until: expect.stringMatching(/^\d{4}-\d{2}$/) } });
    // Online (OpenID4VP 1.0): the wallet named the shop from its verified access certificate; the shop got the age answer only.
    expect(walk.online.seen.verifier).toContain('localhost');
    expect(walk.online.result).toMatchObject({ status: 'completed', verdict: { valid: true, documents: [{ elements: { 'org.iso.18013.5.1': { age_over_18: true } } }] } });
    expect(Object.keys(walk.online.result.verdict!.documents[0]!.elements['org.iso.18013.5.1']!)).toEqual(['age_over_18']);
    expect(walk.servicesCut).toMatchObject({ outcome: 'accepted', elements: expect.objectContaining({ driving_privileges: 'B' }) });
    expect(walk.tampered.outcome).toBe('rejected');
    expect(walk.tampered.headline).toContain('MSO_DIGEST_MISMATCH');
    expect(walk.revoked.verdict.outcome).toBe('rejected');
    expect(walk.revoked.verdict.headline).toContain('CREDENTIAL_REVOKED');
    expect(walk.revoked.card).toMatch(/revoked/i);
    expect(walk.seal).toMatchObject({ outcome: 'accepted', fields: expect.objectContaining({ primaryIdentifier: 'Ndiaye', personalNumber: portalDay!.citizen.nationalIdNumber }) });
  });

  it('reuses the token, keys, certificates and data when run again, and stops everything', () => {
    const iacaBefore = readFileSync(join(dataDir, 'pki/iaca/iaca.pem'), 'utf8');
    const again = run('scripts/start.sh');
    expect(again.status, again.stderr.slice(-3000)).toBe(0);
    expect(again.stdout).toMatch(/token "citizen-zero" already initialised/);
    expect(again.stderr).not.toContain('seeding demo data');
    expect(readFileSync(join(dataDir, 'pki/iaca/iaca.pem'), 'utf8')).toBe(iacaBefore);
    const stopped = run('tools/platform/src/platform.ts', ['stop']);
    expect(stopped.status).toBe(0);
    expect(stopped.stderr).toMatch(/stopped identity-api[\s\S]*stopped PostgreSQL/);
    const status = run('tools/platform/src/platform.ts', ['status']);
    expect(status.stdout).not.toContain('running');
  });
});
