/**
 * `npm run bench:mdoc`: issuance and verification of a realistic mDL (25+ elements, ~20 KB
 * portrait) by Citizen Zero — the document signer key in SoftHSM2, signing through PKCS#11 —
 * and by @auth0/mdl on the same claims, in one run, pinned to one core by the npm script.
 * Prints a table and the ratios; see docs/benchmarks.md for recorded figures.
 */
import { spawnSync } from 'node:child_process';
import { cpus, tmpdir } from 'node:os';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hsm } from '@citizen-zero/hsm';
import { docTypeDefinition, issueMdoc, MDL_DOCTYPE, prepareClaims, verifyDeviceResponse } from '@citizen-zero/mdoc';
import { certificatePem, createIacaCertificate, issueDocumentSignerCertificate } from '@citizen-zero/pki';
import type { Signer } from '@citizen-zero/signing';
import { SoftwareSigner } from '@citizen-zero/signing/testing';
import { createSoftHsmEnvironment, createTestToken } from '@citizen-zero/test-harness';
import { sampleMdlClaims } from '../../libs/mdoc/test/support/sample-claims';
import { createHolder, createSession, present } from '../../libs/mdoc/test/support/present';
import { measure } from './measure';

const ROUND_MS = Number(process.env['BENCH_ROUND_MS'] ?? 2000);

async function run(): Promise<void> {
  const cleanupHsm = createSoftHsmEnvironment();
  const work = mkdtempSync(join(tmpdir(), 'cz-bench-'));
  const token = createTestToken('bench');
  const hsm = await Hsm.open({ ...token, sessionPoolSize: 1 });
  try {
    await hsm.generateEcKeyPair({ label: 'iaca', curve: 'P-384' });
    await hsm.generateEcKeyPair({ label: 'ds', curve: 'P-256' });
    const iacaSigner = await hsm.signer('iaca');
    const dsSigner = await hsm.signer('ds');
    const now = new Date();
    const iaca = await createIacaCertificate({
      signer: iacaSigner,
      subject: { country: 'UT', commonName: 'Bench IACA' },
      validity: { notBefore: now, notAfter: new Date(now.getTime() + 5 * 365 * 86_400_000) },
      issuerAlternativeName: { uri: 'https://iaca.bench.example' },
      crlDistributionPointUri: 'https://iaca.bench.example/crl',
    });
    const dsValidity = { notBefore: now, notAfter: new Date(now.getTime() + 365 * 86_400_000) };
    const ds = await issueDocumentSignerCertificate({ iacaSigner, iacaCertificate: iaca, publicKeySpki: await dsSigner.publicKeySpki(), subject: { country: 'UT', commonName: 'Bench DS (HSM)' }, validity: dsValidity });

    const claims = sampleMdlClaims(1);
    const elementCount = Object.values(claims)[0] ? Object.keys(Object.values(claims)[0]!).length : 0;
    const portraitBytes = Buffer.from(String(Object.values(claims)[0]!['portrait']), 'base64').length;
    const holder = await createHolder();
    const definition = docTypeDefinition(MDL_DOCTYPE);
    const issueWith = (signer: Signer, certificate: Uint8Array) => async () =>
      issueMdoc({
        docType: MDL_DOCTYPE,
        nameSpaces: prepareClaims(definition, claims, new Date()),
        deviceKey: holder.deviceKey,
        validity: { signed: new Date(), validFrom: new Date(), validUntil: new Date(Date.now() + 365 * 86_400_000) },
        signer,
        certificateChain: [certificate],
      });
    const issue = issueWith(dsSigner, new Uint8Array(ds.rawData));

    const issued = await issue();
    const session = await createSession();
    const response = await present(issued, holder, session);
    const transcript = session.transcript;
    const iacaDer = new Uint8Array(iaca.rawData);
    const firstVerdict = await verifyDeviceResponse(response, { trustAnchors: [iacaDer], transcript });
    if (!firstVerdict.valid) throw new Error('benchmark response does not verify');
    const elementsIssued = issued.nameSpaces.get(Object.keys(claims)[0]!)!.length;

    console.error(`measuring Citizen Zero issuance (DS key in SoftHSM2) and verification, ${ROUND_MS} ms rounds…`);
    const ourIssuance = await measure(issue, { roundMs: ROUND_MS });
    const ourVerification = await measure(() => verifyDeviceResponse(response, { trustAnchors: [iacaDer], transcript }), { roundMs: ROUND_MS });

    // @auth0/mdl cannot sign through an HSM (it takes a private JWK): it gets an in-memory DS key
    // certified by the same IACA, which favours it.
    const auth0Ds = await SoftwareSigner.generate('ES256', 'auth0-ds', true);
    const auth0DsCertificate = await issueDocumentSignerCertificate({ iacaSigner, iacaCertificate: iaca, publicKeySpki: await auth0Ds.publicKeySpki(), subject: { country: 'UT', commonName: 'Bench DS (software)' }, validity: dsValidity });
    const files = { claims: join(work, 'claims.json'), response: join(work, 'device-response.cbor'), transcript: join(work, 'session-transcript.cbor'), input: join(work, 'peer.json') };
    writeFileSync(files.claims, JSON.stringify(claims));
    writeFileSync(files.response, response);
    writeFileSync(files.transcript, transcript.taggedBytes());
    writeFileSync(
      files.input,
      JSON.stringify({
        claimsFile: files.claims,
        issuerPrivateJwk: await crypto.subtle.exportKey('jwk', auth0Ds.keyPair.privateKey),
        issuerCertificatePem: certificatePem(auth0DsCertificate),
        devicePublicJwk: await crypto.subtle.exportKey('jwk', holder.deviceSigner.keyPair.publicKey),
        iacaPem: certificatePem(iaca),
        deviceResponseFile: files.response,
        sessionTranscriptFile: files.transcript,
        roundMs: ROUND_MS,
      }),
    );
    const ourIssuanceInMemory = await measure(issueWith(auth0Ds, new Uint8Array(auth0DsCertificate.rawData)), { roundMs: ROUND_MS });
    console.error('measuring @auth0/mdl in its own process…');
    const peer = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'auth0-peer.ts'), files.input], { encoding: 'utf8', env: process.env });
    if (peer.status !== 0) throw new Error(`@auth0/mdl peer failed: ${peer.stderr}`);
    const theirs = JSON.parse(peer.stdout.trim().split('\n').pop()!) as { issuance: { opsPerSecond: number; msPerOp: number }; verification: { opsPerSecond: number; msPerOp: number }; version: string };

    const row = (name: string, ours: { opsPerSecond: number; msPerOp: number }, other: { opsPerSecond: number; msPerOp: number }, goal: number) => {
      const ratio = ours.opsPerSecond / other.opsPerSecond;
      return `| ${name} | ${ours.opsPerSecond.toFixed(0)} ops/s (${ours.msPerOp.toFixed(3)} ms) | ${other.opsPerSecond.toFixed(0)} ops/s (${other.msPerOp.toFixed(3)} ms) | **${ratio.toFixed(2)}×** | ≥ ${goal}× ${ratio >= goal ? 'met' : 'NOT met'} |`;
    };
    const affinity = spawnSync('taskset', ['-pc', String(process.pid)], { encoding: 'utf8' }).stdout.trim().split(':').pop()?.trim();
    console.log(
      [
        `mDL: ${elementsIssued} data elements (${elementCount} given, the rest derived), portrait ${portraitBytes} bytes, DeviceResponse ${response.length} bytes`,
        `machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores visible, CPU affinity ${affinity ?? '?'}; Node ${process.version}; @auth0/mdl ${theirs.version}; SoftHSM2 via PKCS#11`,
        '',
        '| operation | Citizen Zero | @auth0/mdl | ratio | goal |',
        '| --- | --- | --- | --- | --- |',
        row('issuance, DS key in SoftHSM2 (PKCS#11, async)', ourIssuance, theirs.issuance, 3),
        row('issuance, DS key in memory (as @auth0/mdl)', ourIssuanceInMemory, theirs.issuance, 3),
        row('verification (full §9.3 checks)', ourVerification, theirs.verification, 5),
      ].join('\n'),
    );
  } finally {
    await hsm.close();
    rmSync(work, { recursive: true, force: true });
    cleanupHsm();
  }
}

run().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
