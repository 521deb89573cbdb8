/**
 * `npm run bench:identity`: the identity service on real PostgreSQL, Redis and SoftHSM2 (started
 * here on loopback), measured from outside through its HTTP API:
 *
 * 1. sustained mDL issuance: wallets redeem OpenID4VCI offers (token → nonce → credential with a
 *    key proof); each credential is signed in the HSM by the worker of the DS key's queue;
 * 2. registry search latency (p50/p99) by NIN and by name + date of birth over 100 000 persons,
 *    each search an HSM blind-index HMAC, an index lookup, a decryption and two audit entries.
 *
 * Figures go to docs/benchmarks.md. BENCH_PERSONS, BENCH_CREDENTIALS, BENCH_CONCURRENCY tune it.
 */
import 'reflect-metadata';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { exportJWK, SignJWT } from 'jose';
import { Hsm } from '@citizen-zero/hsm';
import { certificatePem, createIacaCertificate, issueDocumentSignerCertificate } from '@citizen-zero/pki';
import { createSoftHsmEnvironment, createTestDatabase, createTestToken, freeLoopbackPort, startLocalPostgres, startLocalRedis, syntheticPortraitJpeg, TestIdentityProvider } from '@citizen-zero/test-harness';
import { createIdentityApp } from '../../apps/identity/src/bootstrap';
import { ApplicationReader } from '../../apps/identity/src/applications/application-reader';
import { loadIdentityConfig } from '../../apps/identity/src/config/identity-config';
import { BlindIndex } from '../../apps/identity/src/crypto/blind-index';
import { EnvelopeEncryption } from '../../apps/identity/src/crypto/envelope-encryption';
import { KeyCustody } from '../../apps/identity/src/crypto/key-custody';
import { IssuanceService } from '../../apps/identity/src/issuance/issuance.service';
import { nationalIdNumberFor } from '../../apps/identity/src/persons/national-identification-number';

const PERSONS = Number(process.env['BENCH_PERSONS'] ?? 100_000);
const CREDENTIALS = Number(process.env['BENCH_CREDENTIALS'] ?? 2_000);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 64);
const SEARCHES = Number(process.env['BENCH_SEARCHES'] ?? 2_000);
/** Document signer keys, one issuance queue each (the issuer's deployment choice; one key gives one sequential queue). */
/** Worker processes; issuance queues stay sequential per key across all of them (BullMQ global concurrency 1). */
const WORKERS = Number(process.env['BENCH_WORKERS'] ?? 1);
const DS_KEYS = Array.from({ length: Number(process.env['BENCH_DS_KEYS'] ?? 4) }, (_, index) => `ds-${index + 1}`);

const log = (message: string) => console.error(`[bench:identity] ${message}`);

const ROOT = resolve(__dirname, '../..');
const services: ChildProcess[] = [];

function startService(entry: string, env: Record<string, string>): ChildProcess {
  const profile = process.env['BENCH_PROFILE_DIR'] ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_PROFILE_DIR']}`] : [];
  const child = spawn(process.execPath, [...profile, '-r', '@swc-node/register', entry], { cwd: ROOT, env: { ...process.env, ...env, SWC_NODE_PROJECT: 'apps/identity/tsconfig.json' }, stdio: ['ignore', 'ignore', 'inherit'] });
  child.once('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGTERM') log(`${entry} exited (${code ?? signal})`);
  });
  return child;
}

async function waitForReady(baseUrl: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (await fetch(`${baseUrl}/health/ready`).then((response) => response.ok, () => false)) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error('the identity service did not become ready');
}

async function main(): Promise<void> {
  const stopHsm = createSoftHsmEnvironment();
  const [postgres, redis] = await Promise.all([startLocalPostgres(), startLocalRedis()]);
  process.env['CZ_TEST_POSTGRES_URL'] = postgres.adminUrl;
  const database = await createTestDatabase('bench');
  const token = createTestToken('bench');
  const pkiDir = mkdtempSync(join(tmpdir(), 'cz-bench-pki-'));
  const idp = await TestIdentityProvider.start('citizen-zero-identity');
  try {
    const hsm = await Hsm.open(token);
    await hsm.generateAesKey({ label: 'identity-kek-1', bits: 256 });
    await hsm.generateHmacKey({ label: 'identity-blind-index-1' });
    await ceremony(hsm, pkiDir);
    await hsm.close();
    const port = await freeLoopbackPort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const env: Record<string, string> = {
      CZ_IDENTITY_PORT: String(port),
      CZ_IDENTITY_PUBLIC_URL: baseUrl,
      CZ_IDENTITY_DATABASE_URL: database.url,
      CZ_REDIS_URL: redis.url,
      CZ_HSM_MODULE: token.modulePath,
      CZ_HSM_TOKEN: token.tokenLabel,
      CZ_HSM_PIN: token.pin,
      CZ_OIDC_ISSUER: idp.issuer,
      CZ_OIDC_JWKS_URL: idp.jwksUrl,
      CZ_IDENTITY_MDOC_KEY_LABEL: DS_KEYS.join(','),
      CZ_IDENTITY_MDOC_CERTIFICATE: DS_KEYS.map((label) => join(pkiDir, `${label}.pem`)).join(','),
      CZ_IDENTITY_SEAL_CERTIFICATE: join(pkiDir, 'seal.pem'),
      CZ_IDENTITY_WORKERS: 'false',
    };

    // Seeding uses the service's own code in this process; the measured service runs as production does:
    // the API and the queue worker in their own processes.
    const seeder = await createIdentityApp(loadIdentityConfig(env), { logger: false });
    await seeder.init();
    log(`seeding ${PERSONS} persons (sealed, blind-indexed, in batches)…`);
    const seedStart = performance.now();
    const seeded = await seedPersons(seeder.get(DataSource), seeder.get(EnvelopeEncryption), seeder.get(BlindIndex), seeder.get(KeyCustody), PERSONS);
    log(`seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s; approving ${CREDENTIALS} mDL applications…`);
    const documentIds = await approveMdlApplications(seeder, seeded.slice(0, CREDENTIALS).map((person) => person.id));
    await seeder.close();

    services.push(startService('apps/identity/src/main.ts', env), ...Array.from({ length: WORKERS }, () => startService('apps/identity/src/worker.ts', env)));
    await waitForReady(baseUrl);
    const official = await idp.token('bench-approver', ['approver']);
    await waitForOffered(database.url, documentIds.length);
    const offers = await createOffers(baseUrl, official, documentIds);
    const search = await measureSearches(baseUrl, official, seeded);
    log(`redeeming ${CREDENTIALS} offers with ${CONCURRENCY} concurrent wallets…`);
    const issuance = await redeemAll(baseUrl, offers, CONCURRENCY);

    const rows = [
      `machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}, PostgreSQL 15, Redis, SoftHSM2; API process, ${WORKERS} worker process(es), wallets in the bench process; ${DS_KEYS.length} document signer keys`,
      `persons in the registry: ${PERSONS}`,
      '',
      '| measurement | result | goal |',
      '| --- | --- | --- |',
      `| mDL issuance through API + queue + HSM (${CREDENTIALS} credentials, ${CONCURRENCY} wallets) | **${issuance.perSecond.toFixed(0)} credentials/s** (${issuance.seconds.toFixed(1)} s) | ≥ 200/s ${issuance.perSecond >= 200 ? 'met' : 'NOT met'} |`,
      `| search by NIN (${SEARCHES / 2} requests) | p50 ${search.nin.p50.toFixed(1)} ms, p99 **${search.nin.p99.toFixed(1)} ms** | p99 < 50 ms ${search.nin.p99 < 50 ? 'met' : 'NOT met'} |`,
      `| search by name + date of birth (${SEARCHES / 2} requests) | p50 ${search.name.p50.toFixed(1)} ms, p99 **${search.name.p99.toFixed(1)} ms** | p99 < 50 ms ${search.name.p99 < 50 ? 'met' : 'NOT met'} |`,
    ];
    console.log(rows.join('\n'));
  } finally {
    for (const service of services) service.kill('SIGTERM');
    await Promise.all(services.map((service) => new Promise((done) => (service.exitCode === null ? service.once('exit', done) : done(undefined)))));
    await idp.close();
    await database.drop().catch(() => undefined);
    redis.stop();
    postgres.stop();
    stopHsm();
    rmSync(pkiDir, { recursive: true, force: true });
  }
}

interface SeededPerson {
  readonly id: string;
  readonly nin: string;
  readonly familyName: string;
  readonly givenNames: string;
  readonly birthDate: string;
}

/**
 * Writes persons the way the registry stores them (envelope-encrypted record, HSM blind indexes),
 * in multi-row inserts: seeding is not an official's action, so it writes no audit entries.
 */
async function seedPersons(dataSource: DataSource, encryption: EnvelopeEncryption, blindIndex: BlindIndex, keys: KeyCustody, count: number): Promise<SeededPerson[]> {
  const portrait = Buffer.from(syntheticPortraitJpeg()).toString('base64');
  const families = ['Okafor', 'Mensah', 'Abebe', 'Tesfaye', 'Nguyen', 'García', 'Kowalski', 'Haddad', 'Silva', 'Ivanova'];
  const given = ['Ada', 'Kofi', 'Selam', 'Hanna', 'Linh', 'Lucía', 'Piotr', 'Rania', 'João', 'Olga', 'Yaw', 'Esi'];
  const seeded: SeededPerson[] = [];
  const batchSize = 500;
  for (let start = 0; start < count; start += batchSize) {
    const values: unknown[] = [];
    const placeholders: string[] = [];
    const batch = await Promise.all(
      Array.from({ length: Math.min(batchSize, count - start) }, async (_, offset) => {
        const index = start + offset;
        const id = randomUUID();
        const [sequence] = (await dataSource.query(`SELECT nextval('national_id_number_seq') AS value`)) as { value: string }[];
        const nin = nationalIdNumberFor(BigInt(sequence!.value));
        const person = { familyName: families[index % families.length]!, givenNames: `${given[index % given.length]} ${String.fromCharCode(65 + (index % 26))}${String.fromCharCode(65 + (Math.floor(index / 26) % 26))}`, birthDate: `19${50 + (index % 50)}-${String(1 + (index % 12)).padStart(2, '0')}-${String(1 + (index % 28)).padStart(2, '0')}` };
        const data = { ...person, placeOfBirth: 'Utopia City', sex: index % 2 ? 'F' : 'M', nationalities: ['UT'], addresses: [{ kind: 'residence', lines: [`${index} Main Street`], locality: 'Utopia City', country: 'UT' }], parents: [], biometricReferences: [], ...(index < CREDENTIALS && { portrait }) };
        const sealed = await encryption.seal(new TextEncoder().encode(JSON.stringify({ nin, data })), `cz:person:${id}:v1`);
        return { id, nin, ...person, sealed, ninIndex: await blindIndex.nationalIdNumber(nin), nameIndex: await blindIndex.nameAndBirthDate(person.familyName, person.givenNames, person.birthDate) };
      }),
    );
    for (const row of batch) {
      const n = values.length;
      placeholders.push(`($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}, $${n + 6}, $${n + 7}, 'active', now(), now(), 1)`);
      values.push(row.id, Buffer.from(row.ninIndex), Buffer.from(row.nameIndex), keys.blindIndexKey, Buffer.from(row.sealed.ciphertext), Buffer.from(row.sealed.wrappedKey), row.sealed.keyLabel);
      seeded.push({ id: row.id, nin: row.nin, familyName: row.familyName, givenNames: row.givenNames, birthDate: row.birthDate });
    }
    await dataSource.query(`INSERT INTO persons (id, nin_index, name_birth_date_index, blind_index_key, sealed_data, wrapped_key, key_label, status, created_at, updated_at, version) VALUES ${placeholders.join(', ')}`, values);
    if ((start / batchSize) % 40 === 0) log(`  ${start + batch.length} persons`);
  }
  await dataSource.query('ANALYZE persons');
  return seeded;
}

async function measureSearches(baseUrl: string, bearer: string, people: readonly SeededPerson[]): Promise<{ nin: Percentiles; name: Percentiles }> {
  const timed = async (path: string): Promise<number> => {
    const start = performance.now();
    const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
    const body = (await response.json()) as unknown[];
    if (response.status !== 200 || body.length === 0) throw new Error(`search ${path} answered ${response.status}`);
    return performance.now() - start;
  };
  const pick = (index: number) => people[(index * 7919) % people.length]!;
  for (let warm = 0; warm < 100; warm++) await timed(`/persons?nationalIdNumber=${pick(warm).nin}`);
  const nin: number[] = [];
  const name: number[] = [];
  for (let index = 0; index < SEARCHES / 2; index++) {
    nin.push(await timed(`/persons?nationalIdNumber=${pick(index + 100).nin}`));
    const person = pick(index + 5000);
    name.push(await timed(`/persons?familyName=${encodeURIComponent(person.familyName)}&givenNames=${encodeURIComponent(person.givenNames)}&birthDate=${person.birthDate}`));
  }
  return { nin: percentiles(nin), name: percentiles(name) };
}

interface Percentiles {
  readonly p50: number;
  readonly p99: number;
}

function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p99: at(0.99) };
}

/** Approved mDL applications, scheduled for issuance as an approval schedules them; returns the credential documents. */
async function approveMdlApplications(app: Awaited<ReturnType<typeof createIdentityApp>>, personIds: readonly string[]): Promise<string[]> {
  const dataSource = app.get(DataSource);
  const reader = app.get(ApplicationReader);
  const issuance = app.get(IssuanceService);
  const documentIds: string[] = [];
  for (const personId of personIds) {
    const id = randomUUID();
    const sealed = await reader.seal(id, { drivingPrivileges: [{ vehicleCategoryCode: 'B' }], biometricReferences: [] });
    await dataSource.query(
      `INSERT INTO applications (id, type, state, person_id, sealed_data, wrapped_key, key_label, created_by, submitted_by, decided_by, created_at, updated_at, version) VALUES ($1, 'mdl', 'approved', $2, $3, $4, $5, 'bench-registrar', 'bench-registrar', 'bench-approver', now(), now(), 5)`,
      [id, personId, Buffer.from(sealed.ciphertext), Buffer.from(sealed.wrappedKey), sealed.keyLabel],
    );
    const [document] = await issuance.schedule(await reader.read(id));
    documentIds.push(document!.id);
  }
  return documentIds;
}

/** Waits for the worker to take every credential to `offered` (its first pipeline step). */
async function waitForOffered(databaseUrl: string, count: number): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (;;) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM issued_documents WHERE state = 'offered'`);
      if (Number(rows[0]!.n) >= count) return;
      await new Promise((done) => setTimeout(done, 200));
    }
  } finally {
    await client.end();
  }
}

/** One offer per credential, made by an official through the API. */
async function createOffers(baseUrl: string, bearer: string, documentIds: readonly string[]): Promise<Array<{ uri: string; txCode: string }>> {
  const offers: Array<{ uri: string; txCode: string }> = [];
  for (const id of documentIds) {
    const response = await fetch(`${baseUrl}/documents/${id}/offer`, { method: 'POST', headers: { authorization: `Bearer ${bearer}` } });
    if (response.status !== 200) throw new Error(`offer for ${id}: ${response.status} ${await response.text()}`);
    offers.push((await response.json()) as { uri: string; txCode: string });
  }
  return offers;
}

/**
 * The wallets' side of OpenID4VCI: first every wallet exchanges its code for an access token,
 * fetches a nonce and signs its key proof (client work, not timed); then all credential requests
 * — the issuance itself: API, queue, HSM signing, storage — are sent with `concurrency` in flight.
 */
async function redeemAll(baseUrl: string, offers: ReadonlyArray<{ uri: string; txCode: string }>, concurrency: number): Promise<{ perSecond: number; seconds: number }> {
  const requests: Array<{ accessToken: string; proof: string }> = [];
  for (const offer of offers) {
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const jwk = await exportJWK(pair.publicKey);
    const code = JSON.parse(decodeURIComponent(offer.uri.split('credential_offer=')[1]!)).grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']['pre-authorized_code'];
    const token = await (await fetch(`${baseUrl}/oid4vci/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'pre-authorized_code': code, tx_code: offer.txCode }) })).json();
    const { c_nonce } = await (await fetch(`${baseUrl}/oid4vci/nonce`, { method: 'POST' })).json();
    const proof = await new SignJWT({ nonce: c_nonce }).setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk: { kty: jwk.kty!, crv: jwk.crv!, x: jwk.x!, y: jwk.y! } }).setAudience(baseUrl).setIssuedAt().sign(pair.privateKey);
    requests.push({ accessToken: token.access_token, proof });
  }
  let next = 0;
  const send = async () => {
    for (;;) {
      const request = requests[next++];
      if (!request) return;
      const response = await fetch(`${baseUrl}/oid4vci/credential`, { method: 'POST', headers: { authorization: `Bearer ${request.accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ credential_configuration_id: 'org.iso.18013.5.1.mDL', proofs: { jwt: [request.proof] } }) });
      if (response.status !== 200) throw new Error(`credential endpoint answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, () => send()));
  const seconds = (performance.now() - start) / 1000;
  return { perSecond: requests.length / seconds, seconds };
}

async function ceremony(hsm: Hsm, dir: string): Promise<void> {
  await hsm.generateEcKeyPair({ label: 'iaca', curve: 'P-384' });
  const iacaSigner = await hsm.signer('iaca');
  const now = Date.now();
  const iaca = await createIacaCertificate({ signer: iacaSigner, subject: { country: 'UT', commonName: 'Bench IACA' }, validity: { notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 5 * 365 * 86_400_000) }, issuerAlternativeName: { uri: 'https://iaca.bench.example' }, crlDistributionPointUri: 'https://iaca.bench.example/crl' });
  for (const label of [...DS_KEYS, 'seal']) {
    await hsm.generateEcKeyPair({ label, curve: 'P-256' });
    const signer = await hsm.signer(label);
    const certificate = await issueDocumentSignerCertificate({ iacaSigner, iacaCertificate: iaca, publicKeySpki: await signer.publicKeySpki(), subject: { country: 'UT', commonName: `Bench ${label}` }, validity: { notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 365 * 86_400_000) } });
    writeFileSync(join(dir, `${label}.pem`), certificatePem(certificate));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
