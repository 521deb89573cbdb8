/**
 * `npm start` (after the key ceremony in scripts/start.sh) and `npm run stop`: brings the
 * platform up from the data dir — PostgreSQL, Redis, the development identity provider, the
 * identity API and worker, the biometric and verification services, the monitor, and the web apps
 * (admin portal, citizen wallet, verifier) — seeds demo data once, and prints where everything is. A second start reuses the data; stop ends everything it started.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createIdentityClient, type IdentityClient, type IdentitySchemas } from '@citizen-zero/identity-client';
import { ensurePostgres, ensureRedis, stopPostgres, stopRedis } from './infrastructure';
import { httpOk, ProcessDirectory, waitFor } from './processes';

const ROOT = resolve(__dirname, '../../..');
const dataDir = resolve(process.env['CZ_DATA_DIR'] ?? join(ROOT, '.cz'));
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ports = { postgres: port('CZ_POSTGRES_PORT', 5433), redis: port('CZ_REDIS_PORT', 6380), idp: port('CZ_DEV_IDP_PORT', 3000), identity: port('CZ_IDENTITY_PORT', 3100), biometric: port('CZ_BIOMETRIC_PORT', 3200), verification: port('CZ_VERIFICATION_PORT', 3300), monitor: port('CZ_MONITOR_PORT', 3400), portal: port('CZ_ADMIN_PORTAL_PORT', 5173), wallet: port('CZ_WALLET_PORT', 5174), verifier: port('CZ_VERIFIER_PORT', 5175) };
const urls = { idp: `http://127.0.0.1:${ports.idp}`, identity: `http://127.0.0.1:${ports.identity}`, biometric: `http://127.0.0.1:${ports.biometric}`, verification: `http://127.0.0.1:${ports.verification}`, monitor: `http://127.0.0.1:${ports.monitor}`, portal: `http://127.0.0.1:${ports.portal}`, wallet: `http://127.0.0.1:${ports.wallet}`, verifier: `http://127.0.0.1:${ports.verifier}` };
/** The verification service as OpenID4VP wallets reach it (request objects, responses): a DNS name. */
const verificationPublicUrl = `http://localhost:${ports.verification}`;
/** Origins of the web apps, allowed to call the services from the browser (CORS). */
const webAppOrigins = [urls.portal, urls.wallet, urls.verifier].join(',');
const SERVICES = ['dev-idp', 'identity-api', 'identity-worker', 'biometric', 'verification', 'monitor', 'admin-portal', 'wallet', 'verifier'] as const;

const log = (message: string) => console.error(`\u001b[1m[cz]\u001b[0m ${message}`);

async function start(): Promise<void> {
  const processes = new ProcessDirectory(dataDir);
  log('PostgreSQL and Redis');
  const postgres = await ensurePostgres(dataDir, ports.postgres, ['identity', 'biometric', 'verification', 'monitor']);
  const redis = await ensureRedis(dataDir, ports.redis);

  const hsm = { CZ_HSM_MODULE: '/usr/lib/softhsm/libsofthsm2.so', CZ_HSM_TOKEN: process.env['CZ_HSM_TOKEN'] ?? 'citizen-zero', CZ_HSM_PIN: required('CZ_HSM_PIN'), SOFTHSM2_CONF: join(dataDir, 'softhsm', 'softhsm2.conf') };
  const pki = join(dataDir, 'pki');
  const swc = (entry: string) => ['-r', '@swc-node/register', entry];

  log('development identity provider');
  processes.start('dev-idp', process.execPath, ['--import', 'tsx', 'apps/dev-idp/src/main.mts'], { CZ_DATA_DIR: dataDir, CZ_DEV_IDP_PORT: String(ports.idp), CZ_OIDC_ISSUER: urls.idp, CZ_ADMIN_PORTAL_URL: urls.portal, CZ_VERIFIER_URL: urls.verifier }, ROOT);
  await waitFor('the identity provider', httpOk(`${urls.idp}/.well-known/openid-configuration`), 60_000, processes.logFile('dev-idp'));

  const identityEnv = {
    ...hsm,
    SWC_NODE_PROJECT: 'apps/identity/tsconfig.json',
    CZ_IDENTITY_PORT: String(ports.identity),
    CZ_IDENTITY_PUBLIC_URL: urls.identity,
    CZ_IDENTITY_DATABASE_URL: `${postgres}/identity`,
    CZ_REDIS_URL: redis,
    CZ_OIDC_ISSUER: urls.idp,
    CZ_OIDC_AUDIENCE: 'urn:citizen-zero:identity',
    // The web apps call the services from the browser.
    CZ_CORS_ORIGINS: webAppOrigins,
    CZ_IDENTITY_MDOC_KEY_LABEL: 'ds',
    CZ_IDENTITY_MDOC_CERTIFICATE: join(pki, 'ds', 'ds.pem'),
    CZ_IDENTITY_SEAL_KEY_LABEL: 'seal',
    CZ_IDENTITY_SEAL_CERTIFICATE: join(pki, 'ds', 'seal.pem'),
    CZ_IDENTITY_ZK_ISSUER_KEY_FILE: join(dataDir, 'zk', 'bbs-issuer-1.key.json'),
  };
  log('identity service (API and worker), biometric and verification services');
  processes.start('identity-api', process.execPath, swc('apps/identity/src/main.ts'), { ...identityEnv, CZ_IDENTITY_WORKERS: 'false' }, ROOT);
  await waitFor('the identity API', httpOk(`${urls.identity}/health/ready`), 90_000, processes.logFile('identity-api'));
  processes.start('identity-worker', process.execPath, swc('apps/identity/src/worker.ts'), identityEnv, ROOT);
  processes.start('verification', process.execPath, swc('apps/verification/src/main.ts'), {
    ...hsm,
    CZ_VERIFICATION_BUNDLE_KEY_LABEL: 'trust-list-signer',
    CZ_VERIFICATION_BUNDLE_CERTIFICATE: join(pki, 'ds', 'trust-list-signer.pem'),
    SWC_NODE_PROJECT: 'apps/verification/tsconfig.json',
    CZ_VERIFICATION_PORT: String(ports.verification),
    CZ_CORS_ORIGINS: webAppOrigins,
    // OpenID4VP's client identifier is x509_san_dns:<host of the public URL>: a DNS name, so localhost.
    CZ_VERIFICATION_PUBLIC_URL: verificationPublicUrl,
    CZ_OPENID4VP_PROFILE: 'openid4vp-1.0',
    CZ_OPENID4VP_SIGNING_KEY_FILE: join(pki, 'relying-party', 'oid4vp-access.key'),
    CZ_OPENID4VP_CERTIFICATE_FILE: join(pki, 'relying-party', 'oid4vp-access.pem'),
    CZ_VERIFICATION_DATABASE_URL: `${postgres}/verification`,
    CZ_REDIS_URL: redis,
    CZ_OIDC_ISSUER: urls.idp,
    CZ_VERIFICATION_OIDC_AUDIENCE: 'urn:citizen-zero:verification',
    CZ_STATUS_LIST_HOSTS: `127.0.0.1:${ports.identity}`,
    CZ_STATUS_LIST_ALLOW_HTTP: 'true',
    CZ_VERIFICATION_ZK_ISSUER_KEYS_FILE: join(dataDir, 'zk', 'bbs-issuer-1.public.json'),
    // The reader CA (key in the HSM, from the key ceremony): reader certificates for enrolled verifier devices.
    CZ_VERIFICATION_READER_CA_KEY_LABEL: 'reader-ca',
    CZ_VERIFICATION_READER_CA_CERTIFICATE: join(pki, 'reader-ca', 'reader-ca.pem'),
  }, ROOT);
  await waitFor('the verification service', httpOk(`${urls.verification}/health/ready`), 90_000, processes.logFile('verification'));
  // One service at a time opens the SoftHSM token (its file store does not like concurrent first logins).
  processes.start('biometric', process.execPath, swc('apps/biometric/src/main.ts'), {
    ...hsm,
    SWC_NODE_PROJECT: 'apps/biometric/tsconfig.json',
    CZ_BIOMETRIC_PORT: String(ports.biometric),
    CZ_CORS_ORIGINS: webAppOrigins,
    CZ_BIOMETRIC_DATABASE_URL: `${postgres}/biometric`,
    CZ_REDIS_URL: redis,
    CZ_OIDC_ISSUER: urls.idp,
    CZ_BIOMETRIC_OIDC_AUDIENCE: 'urn:citizen-zero:biometric',
    CZ_FACE_MODELS_DIR: join(ROOT, 'models'),
    // The demo portrait is a candid photo (tools/platform/demo/README.md); production keeps the ICAO-minded default.
    CZ_FACE_ENROLMENT_MAX_POSE_DEGREES: '15,12,10',
  }, ROOT);
  await waitFor('the biometric service', httpOk(`${urls.biometric}/health/ready`), 120_000, processes.logFile('biometric'));

  log('monitor (health, metrics, topology and alerts of the three services)');
  processes.start('monitor', process.execPath, swc('apps/monitor/src/main.ts'), {
    SWC_NODE_PROJECT: 'apps/monitor/tsconfig.json',
    CZ_MONITOR_PORT: String(ports.monitor),
    CZ_CORS_ORIGINS: webAppOrigins,
    CZ_MONITOR_DATABASE_URL: `${postgres}/monitor`,
    CZ_OIDC_ISSUER: urls.idp,
    CZ_MONITOR_OIDC_AUDIENCE: 'urn:citizen-zero:monitor',
    CZ_MONITOR_SERVICES: `identity=${urls.identity},biometric=${urls.biometric},verification=${urls.verification}`,
    CZ_MONITOR_DEPENDENCIES: 'identity->biometric,verification->identity',
    CZ_MONITOR_CERTIFICATES: `${urls.verification}/trust/bundle.pem,${pki}`,
    CZ_MONITOR_POLL_INTERVAL_MS: '5000',
  }, ROOT);
  await waitFor('the monitor', httpOk(`${urls.monitor}/health/ready`), 60_000, processes.logFile('monitor'));

  log('web apps (production builds, each served on its own port)');
  await startWebApp(processes, {
    name: 'admin-portal',
    port: ports.portal,
    config: {
      issuer: urls.idp,
      clientId: 'admin-portal',
      identityUrl: urls.identity,
      identityResource: 'urn:citizen-zero:identity',
      biometricUrl: urls.biometric,
      biometricResource: 'urn:citizen-zero:biometric',
      verificationUrl: urls.verification,
      verificationResource: 'urn:citizen-zero:verification',
      monitorUrl: urls.monitor,
      monitorResource: 'urn:citizen-zero:monitor',
    },
    connectSrc: [urls.idp, urls.identity, urls.biometric, urls.verification, urls.monitor],
    formAction: [urls.idp],
  });
  // The session relay's origin (WebSocket), for the wallet and the verifier.
  const relayOrigin = urls.verification.replace(/^http/, 'ws');
  // The citizen wallet: claims from the identity service's offers, checks credentials and status lists
  // against the verification service's trust list, and presents through its session relay.
  await startWebApp(processes, {
    name: 'wallet',
    port: ports.wallet,
    config: {
      identityUrl: urls.identity,
      verificationUrl: urls.verification,
      relayUrl: `${relayOrigin}/relay/sessions`,
      trustListUrl: `${urls.verification}/trust/bundle.pem`,
      readerTrustAnchorsUrl: `${urls.verification}/trust/readers.pem`,
      // Online verifiers' access certificates come from the same reader CA in development.
      verifierTrustAnchorsUrl: `${urls.verification}/trust/readers.pem`,
      // Development: the services answer on http://127.0.0.1.
      allowHttp: true,
    },
    connectSrc: [urls.identity, urls.verification, relayOrigin, verificationPublicUrl],
    formAction: [],
  });
  // The verifier: syncs the signed trust list (its signer is certified by the development IACA, which it
  // pins), the status list and the BBS issuer keys, then verifies offline; officials enrol it through the IdP.
  await startWebApp(processes, {
    name: 'verifier',
    port: ports.verifier,
    config: {
      issuer: urls.idp,
      clientId: 'verifier-app',
      verificationUrl: urls.verification,
      verificationResource: 'urn:citizen-zero:verification',
      identityUrl: urls.identity,
      statusListUrls: [`${urls.identity}/status-lists/1`],
      trustListSignerAnchorsPem: readFileSync(join(pki, 'iaca', 'iaca.pem'), 'utf8'),
      relayUrlPrefixes: [`${relayOrigin}/relay/sessions/`],
      maxAgeHours: 24,
      retainVerifications: false,
      intentToRetain: false,
    },
    connectSrc: [urls.idp, urls.identity, urls.verification, relayOrigin],
    formAction: [urls.idp],
  });

  const marker = join(dataDir, 'run', 'seeded');
  if (!existsSync(marker)) {
    log('seeding demo data (trust list, citizens, a birth registration, a face enrolment and a possible duplicate in adjudication)');
    await seed(pki);
    writeFileSync(marker, new Date().toISOString());
  }
  printSummary();
}

async function stop(): Promise<void> {
  const processes = new ProcessDirectory(dataDir);
  for (const service of [...SERVICES].reverse()) if (await processes.stop(service)) log(`stopped ${service}`);
  if (stopRedis(dataDir)) log('stopped Redis');
  if (stopPostgres(dataDir)) log('stopped PostgreSQL');
}

function status(): void {
  const processes = new ProcessDirectory(dataDir);
  for (const service of SERVICES) console.log(`${service.padEnd(16)} ${processes.running(service) ? `running (pid ${processes.running(service)})` : 'stopped'}`);
}

/** A client-credentials token from the development identity provider. */
async function serviceToken(clientId: string, resource: string): Promise<string> {
  const state = JSON.parse(readFileSync(join(dataDir, 'dev-idp.json'), 'utf8')) as { clientSecrets: Record<string, string> };
  const response = await fetch(`${urls.idp}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${state.clientSecrets[clientId]}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'client_credentials', resource, scope: 'api' }),
  });
  if (!response.ok) throw new Error(`token for ${clientId}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function seed(pki: string): Promise<void> {
  const officer = await serviceToken('platform-seeder', 'urn:citizen-zero:verification');
  const trusted = await fetch(`${urls.verification}/trust/iacas`, { method: 'POST', headers: { authorization: `Bearer ${officer}`, 'content-type': 'application/json' }, body: JSON.stringify({ pem: readFileSync(join(pki, 'iaca', 'iaca.pem'), 'utf8') }) });
  if (!trusted.ok && trusted.status !== 409) throw new Error(`adding the IACA to the verification trust list: ${trusted.status} ${await trusted.text()}`);

  // The identity service is seeded through its generated client, as the portals will call it.
  const registrar = createIdentityClient({ baseUrl: urls.identity, token: () => serviceToken('platform-seeder', 'urn:citizen-zero:identity') });
  const approver = createIdentityClient({ baseUrl: urls.identity, token: () => serviceToken('platform-approver', 'urn:citizen-zero:identity') });
  const ok = <T>(what: string, result: { data?: T; error?: unknown; response: Response }): T => {
    if (!result.response.ok || result.data === undefined) throw new Error(`${what}: ${result.response.status} ${JSON.stringify(result.error)}`);
    return result.data;
  };
  const portrait = readFileSync(join(ROOT, 'apps/console/demo/portrait.jpg')).toString('base64');
  const residence = (line: string, locality: string) => [{ kind: 'residence' as const, lines: [line], locality, country: 'UT' }];
  ok('registering Adaeze Okonkwo', await registrar.POST('/persons', { body: { familyName: 'Okonkwo', givenNames: 'Adaeze Marie', birthDate: '1990-04-17', placeOfBirth: 'Utopia City', sex: 'F', nationalities: ['UT'], addresses: residence('12 Harbour Street', 'Utopia City'), portrait } }));
  ok('registering Kofi Mensah', await registrar.POST('/persons', { body: { familyName: 'Mensah', givenNames: 'Kofi', birthDate: '1985-11-02', placeOfBirth: 'Lakeside', sex: 'M', nationalities: ['UT'], addresses: residence('4 Mill Lane', 'Lakeside'), portrait } }));
  const birth = ok(
    'creating a birth registration',
    await registrar.POST('/applications', {
      body: {
        type: 'birth-registration',
        applicant: { familyName: 'Okonkwo', givenNames: 'Chidi', birthDate: new Date().toISOString().slice(0, 10), placeOfBirth: 'Utopia General Hospital', sex: 'M', nationalities: ['UT'], addresses: [], parents: [{ role: 'mother', familyName: 'Okonkwo', givenNames: 'Adaeze Marie' }] },
        reason: 'demo: hospital birth notification',
      },
    }),
  );
  ok('submitting it', await registrar.POST('/applications/{id}/submission', { params: { path: { id: birth.id } }, body: { reason: 'demo: parents present' } }));
  ok('approving it', await approver.POST('/applications/{id}/approval', { params: { path: { id: birth.id } }, body: { reason: 'demo: notification verified' } }));

  // A first national ID with a face capture: deduplicated by the biometric service over the queues,
  // approved, and enrolled in the gallery (ABIS insert from the identity service's outbox).
  const enrolment = await enrolWithFace(registrar, { familyName: 'Santos', givenNames: 'Maria Luz', birthDate: '1978-03-09', placeOfBirth: 'Port Utopia', sex: 'F', nationalities: ['UT'], addresses: residence('7 Quay Road', 'Port Utopia') }, 'demo: first national ID');
  await waitForState(approver, enrolment, 'review');
  const approved = ok('approving the first national ID', await approver.POST('/applications/{id}/approval', { params: { path: { id: enrolment } }, body: { reason: 'demo: documents verified, no duplicate' } }));
  await waitForBiometricMatch(approved.personId!);
  // The same face under another name: the biometric service reports a possible duplicate, the application waits in adjudication.
  const duplicate = await enrolWithFace(registrar, { familyName: 'Cruz', givenNames: 'Marisol', birthDate: '1979-08-21', placeOfBirth: 'Port Utopia', sex: 'F', nationalities: ['UT'], addresses: residence('3 Hill Street', 'Lakeside') }, 'demo: a second application with the same face');
  await waitForState(approver, duplicate, 'adjudication');
}

type Applicant = IdentitySchemas['RegisterPersonDto'];

/** Captures the demo portrait at the biometric service and files a national-ID application with it. */
async function enrolWithFace(registrar: IdentityClient, applicant: Applicant, reason: string): Promise<string> {
  const capture = await fetch(`${urls.biometric}/captures/face`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await serviceToken('platform-seeder', 'urn:citizen-zero:biometric')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ image: readFileSync(join(ROOT, 'tools/platform/demo/enrolment-portrait.jpg')).toString('base64') }),
  });
  if (!capture.ok) throw new Error(`capturing the demo portrait: ${capture.status} ${await capture.text()}`);
  const { reference } = (await capture.json()) as { reference: string };
  // The portrait printed on the documents is the enrolment capture.
  const created = await registrar.POST('/applications', { body: { type: 'national-id-first', applicant: { ...applicant, portrait: readFileSync(join(ROOT, 'tools/platform/demo/enrolment-portrait.jpg')).toString('base64') }, reason } });
  if (!created.data) throw new Error(`creating a national ID application: ${created.response.status} ${JSON.stringify(created.error)}`);
  const id = created.data.id;
  for (const [what, result] of [
    ['submitting it', await registrar.POST('/applications/{id}/submission', { params: { path: { id } }, body: { reason: 'demo: applicant present' } })],
    ['recording the face capture', await registrar.POST('/applications/{id}/biometrics', { params: { path: { id } }, body: { reason: 'demo: live capture at the desk', references: [{ modality: 'face', reference }] } })],
  ] as const) {
    if (!result.response.ok) throw new Error(`${what}: ${result.response.status} ${JSON.stringify(result.error)}`);
  }
  return id;
}

async function waitForState(client: IdentityClient, id: string, state: string): Promise<void> {
  await waitFor(`application ${id} to reach ${state}`, async () => {
    const { data } = await client.GET('/applications/{id}', { params: { path: { id } } });
    return data?.state === state;
  }, 60_000);
}

/** The approved person's face is in the gallery once the ABIS insert has been answered: a 1:1 verification then matches. */
async function waitForBiometricMatch(personId: string): Promise<void> {
  const image = readFileSync(join(ROOT, 'tools/platform/demo/enrolment-portrait.jpg')).toString('base64');
  await waitFor('the biometric gallery to hold the approved person', async () => {
    const response = await fetch(`${urls.biometric}/verifications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await serviceToken('platform-seeder', 'urn:citizen-zero:biometric')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ probe: { faceImage: image }, subjectId: personId }),
    });
    return response.ok && ((await response.json()) as { decision: string }).decision === 'match';
  }, 60_000);
}

/** Builds a web app for production and serves it with tools/platform/src/web-app-server.ts. */
async function startWebApp(processes: ProcessDirectory, app: { readonly name: string; readonly port: number; readonly config: Record<string, unknown>; readonly connectSrc: readonly string[]; readonly formAction: readonly string[] }): Promise<void> {
  // A production bundle even when started from a test run (vitest sets NODE_ENV=test, which
  // would give React's development build and its StrictMode double effects).
  const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', `apps/${app.name}/vite.config.mts`, '--logLevel', 'warn'], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (build.status !== 0) throw new Error(`building ${app.name} failed:\n${build.stdout}${build.stderr}`);
  processes.start(app.name, process.execPath, ['--import', 'tsx', 'tools/platform/src/web-app-server.ts'], {
    CZ_WEB_APP_NAME: app.name,
    CZ_WEB_APP_PORT: String(app.port),
    CZ_WEB_APP_DIST: join(ROOT, 'apps', app.name, 'dist'),
    CZ_WEB_APP_CONFIG: JSON.stringify(app.config),
    CZ_WEB_APP_CONNECT_SRC: app.connectSrc.join(' '),
    CZ_WEB_APP_FORM_ACTION: app.formAction.join(' '),
  }, ROOT);
  await waitFor(app.name, httpOk(`http://127.0.0.1:${app.port}/config.json`), 30_000, processes.logFile(app.name));
}

function printSummary(): void {
  console.log(`
Citizen Zero is running (data in ${dataDir}; logs in ${join(dataDir, 'logs')}).
  admin portal           ${urls.portal}   (sign in as a demo official below)
  verifier               ${urls.verifier}   (installable, offline after one sync; an official such as fola.verifier enrols the device)
  citizen wallet         ${urls.wallet}   (installable web app: claim an offer from the portal, show credentials in person or online)
  identity provider      ${urls.idp}   (development only: demo officials sign in with any password)
  identity API           ${urls.identity}   (OpenAPI: ${urls.identity}/openapi.json)
  biometric API          ${urls.biometric}   (face and fingerprint capture, 1:1, 1:N, liveness; answers deduplication on the queues)
  verification API       ${urls.verification}   (trust list: ${urls.verification}/trust/bundle.pem, signed: /trust/bundle.vical)
  monitor                ${urls.monitor}   (GET /services, /topology, /alerts, /alerts/stream; auditors, admins, security officers)
  status list            ${urls.identity}/status-lists/1
  demo officials         amara.registrar, bello.approver, chen.auditor, dara.security, eli.admin, fola.verifier
  service clients        secrets in ${join(dataDir, 'dev-idp.json')}
Stop everything with: npm run stop`);
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (scripts/start.sh sets it from the development secrets)`);
  return value;
}

const command = process.argv[2];
const run = command === 'start' ? start() : command === 'stop' ? stop() : command === 'status' ? Promise.resolve(status()) : Promise.reject(new Error('usage: platform.ts start|stop|status'));
run.catch((error: unknown) => {
  console.error((error as Error).message);
  process.exitCode = 1;
});
