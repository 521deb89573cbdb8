/**
 * `npm run bench:zk`: the zero-knowledge credentials of @citizen-zero/zk-credentials on one core
 * (the npm script pins it with `taskset -c 0`): BBS sign (issuance of one credential), proof
 * derivation disclosing one and two claims (plus the always-disclosed validity month), and proof
 * verification — each as the library's callers see it (claim encoding, presentation header,
 * envelope, parsing). Pure JavaScript (@digitalbazaar/bbs-signatures on @noble/curves), so these
 * figures are also what a wallet in a browser pays, give or take the JIT. Prints a markdown table;
 * recorded figures in docs/benchmarks.md.
 *
 * Environment: BENCH_ZK_SAMPLES (default 200 per operation), BENCH_ZK_WARMUP (default 20).
 */
import { cpus, totalmem } from 'node:os';
import {
  ageNationalityClaims,
  BBS_CIPHERSUITE,
  BBS_DRAFT,
  bbsProofLength,
  deriveProof,
  type DisclosableClaim,
  generateIssuerKeyPair,
  InMemoryBbsSigner,
  issueZkCredential,
  serializeProofEnvelope,
  verifyProof,
} from '@citizen-zero/zk-credentials';

const SAMPLES = Number(process.env['BENCH_ZK_SAMPLES'] ?? 200);
const WARMUP = Number(process.env['BENCH_ZK_WARMUP'] ?? 20);

interface Timing {
  readonly median: number;
  readonly p95: number;
  readonly mean: number;
}

/** Runs `operation` WARMUP times unmeasured, then SAMPLES times one by one; milliseconds per call. */
async function time(operation: (index: number) => Promise<unknown>): Promise<Timing> {
  for (let index = 0; index < WARMUP; index++) await operation(index);
  const samples: number[] = [];
  for (let index = 0; index < SAMPLES; index++) {
    const start = performance.now();
    await operation(index);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (quantile: number) => samples[Math.min(samples.length - 1, Math.ceil(quantile * samples.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95), mean: samples.reduce((sum, value) => sum + value, 0) / samples.length };
}

const nonce = (index: number) => `bench-nonce-${String(index).padStart(8, '0')}-0123456789`;
const ms = (value: number) => value.toFixed(2);

async function run(): Promise<void> {
  const cpu = cpus()[0];
  console.log(`# bench:zk\n`);
  console.log(`Machine: ${cpu?.model ?? 'unknown CPU'}, ${cpus().length} logical CPUs (1 used), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform}/${process.arch}`);
  console.log(`BBS ${BBS_DRAFT}, ${BBS_CIPHERSUITE}; claim set of 5 messages; ${SAMPLES} samples per operation after ${WARMUP} warm-up calls\n`);

  const { secretKey, publicKey } = await generateIssuerKeyPair();
  const signer = await InMemoryBbsSigner.create(secretKey, publicKey);
  secretKey.fill(0);
  const claims = (index: number) => ageNationalityClaims({ birthDate: '1990-04-17', nationality: 'UT', issuedAt: new Date(), validityMonths: 12, credentialId: index.toString(16).padStart(32, '0') });
  const credential = await issueZkCredential(signer, claims(0));
  const audience = 'https://verifier.example/verifications/zk#bench';

  const rows: Array<{ operation: string; timing: Timing; note: string }> = [];
  rows.push({ operation: 'sign (issue one credential)', timing: await time((index) => issueZkCredential(signer, claims(index))), note: 'signature 80 bytes' });

  const disclosures: Array<{ label: string; disclose: DisclosableClaim[] }> = [
    { label: 'derive, 1 claim disclosed (age_over_18)', disclose: ['age_over_18'] },
    { label: 'derive, 2 claims disclosed (age_over_18, nationality)', disclose: ['age_over_18', 'nationality'] },
  ];
  for (const { label, disclose } of disclosures) {
    const undisclosed = 5 - disclose.length - 1;
    const sample = serializeProofEnvelope(await deriveProof(credential, disclose, { audience, nonce: nonce(0) }));
    rows.push({ operation: label, timing: await time((index) => deriveProof(credential, disclose, { audience, nonce: nonce(index) })), note: `proof ${bbsProofLength(undisclosed)} bytes, envelope ${sample.length} bytes` });
  }
  for (const { label, disclose } of disclosures) {
    const envelopes = await Promise.all(Array.from({ length: 32 }, async (_, index) => ({ text: serializeProofEnvelope(await deriveProof(credential, disclose, { audience, nonce: nonce(index) })), nonce: nonce(index) })));
    const timing = await time(async (index) => {
      const { text, nonce: bound } = envelopes[index % envelopes.length]!;
      const verdict = await verifyProof(text, { trustedKeys: [publicKey], binding: { audience, nonce: bound } });
      if (!verdict.valid) throw new Error(`bench proof did not verify: ${verdict.code}`);
    });
    rows.push({ operation: label.replace('derive', 'verify'), timing, note: 'from the JSON envelope' });
  }

  console.log('| operation | median ms | p95 ms | mean ms | ops/s (median) | note |');
  console.log('| --- | ---: | ---: | ---: | ---: | --- |');
  for (const { operation, timing, note } of rows) console.log(`| ${operation} | ${ms(timing.median)} | ${ms(timing.p95)} | ${ms(timing.mean)} | ${(1000 / timing.median).toFixed(1)} | ${note} |`);
  signer.destroy();
}

void run();
