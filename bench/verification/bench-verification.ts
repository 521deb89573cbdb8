/**
 * `npm run bench:verification`: the verification service measured from outside with autocannon on
 * this machine (both cores shared by the service, PostgreSQL, Redis and the load generator), as a
 * relying party would call it: `POST /verifications` with an API key, a device-signed mDL
 * presentation and a selective-disclosure request (age_over_18 and portrait), every request fully
 * verified (issuer signature, chain to the trusted IACA, digests, validity, device signature over
 * the session transcript, status from the cached status list), rate-limited and metered in Redis,
 * and recorded in PostgreSQL.
 *
 * BENCH_SECONDS (default 20), BENCH_CONNECTIONS (default 32), BENCH_PROFILE_DIR (a CPU profile of the
 * service). Figures go to docs/benchmarks.md.
 */
import 'reflect-metadata';
import { type ChildProcess, spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { MDL_NAMESPACE } from '@citizen-zero/mdoc';
import { createTestDatabase, freeLoopbackPort, startLocalPostgres, startLocalRedis } from '@citizen-zero/test-harness';
import { TestIssuer } from '../../apps/verification/test/support/test-issuer';

const ROOT = resolve(__dirname, '../..');
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 20);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 32);
const log = (message: string) => console.error(`[bench:verification] ${message}`);

async function main(): Promise<void> {
  const [postgres, redis] = await Promise.all([startLocalPostgres(), startLocalRedis()]);
  process.env['CZ_TEST_POSTGRES_URL'] = postgres.adminUrl;
  const database = await createTestDatabase('bench_verification');
  const issuer = await TestIssuer.start();
  // A minimal OIDC issuer for the security officer who registers the relying party: a JWKS on loopback.
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'ES256', use: 'sig' };
  const idpPort = await freeLoopbackPort();
  const { createServer } = await import('node:http');
  const idp = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((done) => idp.listen(idpPort, '127.0.0.1', done));
  const issuerUrl = `http://127.0.0.1:${idpPort}`;
  const officerToken = await new SignJWT({ roles: ['security-officer'] }).setProtectedHeader({ alg: 'ES256', kid: 'bench' }).setIssuer(issuerUrl).setAudience('citizen-zero-verification').setSubject('bench-officer').setIssuedAt().setExpirationTime('1h').sign(privateKey);

  const port = await freeLoopbackPort();
  const profile = process.env['BENCH_PROFILE_DIR'] ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_PROFILE_DIR']}`] : [];
  const service: ChildProcess = spawn(process.execPath, [...profile, '-r', '@swc-node/register', 'apps/verification/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, SWC_NODE_PROJECT: 'apps/verification/tsconfig.json', NODE_ENV: 'production', CZ_VERIFICATION_PORT: String(port), CZ_VERIFICATION_DATABASE_URL: database.url, CZ_REDIS_URL: redis.url, CZ_OIDC_ISSUER: issuerUrl, CZ_OIDC_JWKS_URL: `${issuerUrl}/jwks`, CZ_STATUS_LIST_HOSTS: issuer.host, CZ_STATUS_LIST_ALLOW_HTTP: 'true' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    for (let attempt = 0; !(await fetch(`${baseUrl}/health/ready`).then((response) => response.ok, () => false)); attempt++) {
      if (attempt > 300) throw new Error('the verification service did not start');
      await new Promise((done) => setTimeout(done, 100));
    }
    const asOfficer = (path: string, body: unknown) => fetch(`${baseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${officerToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (response) => ({ status: response.status, body: (await response.json()) as Record<string, string> }));
    const trusted = await asOfficer('/trust/iacas', { pem: issuer.iacaPem });
    if (trusted.status !== 201) throw new Error(`trusting the IACA: ${trusted.status} ${JSON.stringify(trusted.body)}`);
    const party = await asOfficer('/relying-parties', { name: 'Bench Bank', purposes: ['age-verification'], rateLimitPerMinute: 100_000 });
    const presentation = await issuer.presentMdl(['age_over_18', 'portrait', 'family_name', 'birth_date']);
    const body = JSON.stringify({ deviceResponse: Buffer.from(presentation.deviceResponse).toString('base64'), sessionTranscript: Buffer.from(presentation.sessionTranscript).toString('base64'), request: { [MDL_NAMESPACE]: ['age_over_18', 'portrait'] }, purpose: 'age-verification' });
    const headers = { 'content-type': 'application/json', authorization: `ApiKey ${party.body['apiKey']}` };
    const probe = await fetch(`${baseUrl}/verifications`, { method: 'POST', headers, body });
    const verdict = (await probe.json()) as { valid: boolean; documents: { elements: Record<string, Record<string, unknown>> }[] };
    if (!probe.ok || !verdict.valid || Object.keys(verdict.documents[0]!.elements[MDL_NAMESPACE]!).sort().join() !== 'age_over_18,portrait') throw new Error(`the warm-up verification failed: ${probe.status} ${JSON.stringify(verdict).slice(0, 300)}`);
    log(`warm-up verified; ${CONNECTIONS} connections for ${SECONDS} s`);
    await autocannon({ url: `${baseUrl}/verifications`, method: 'POST', headers, body, connections: CONNECTIONS, duration: 3 });
    const result = await autocannon({ url: `${baseUrl}/verifications`, method: 'POST', headers, body, connections: CONNECTIONS, duration: SECONDS });
    const non2xx = result.non2xx + result.errors + result.timeouts;
    console.log(`machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} logical CPUs (service, PostgreSQL, Redis and autocannon share them), ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}\n`);
    console.log('| connections | duration | requests | verifications/s (mean) | latency p50 | p90 | p99 | max | non-2xx + errors |');
    console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    console.log(`| ${CONNECTIONS} | ${SECONDS} s | ${result.requests.total} | **${result.requests.average.toFixed(0)}** | ${result.latency.p50} ms | ${result.latency.p90} ms | **${result.latency.p99} ms** | ${result.latency.max} ms | ${non2xx} |`);
    console.log(`\nresponse: ${(result.throughput.average / result.requests.average).toFixed(0)} bytes on average (portrait included)`);
  } finally {
    service.kill('SIGTERM');
    await new Promise((done) => setTimeout(done, 500));
    idp.close();
    await issuer.close();
    await database.drop();
    redis.stop();
    postgres.stop();
  }
}

void main();
