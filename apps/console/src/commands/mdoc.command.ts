import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  coseKeyFromJwk,
  DeviceEngagement,
  DeviceResponse,
  docTypeDefinition,
  elementValueToJson,
  encodeCbor,
  failedChecks,
  fromHex,
  issueMdoc,
  MDL_DOCTYPE,
  prepareClaims,
  presentDocuments,
  SessionTranscript,
  verifyDeviceResponse,
  type ClaimsInput,
  type DeviceResponseVerdict,
  type ItemsRequest,
} from '@citizen-zero/mdoc';
import { parsePemBundle } from '@citizen-zero/pki';
import type { Signer } from '@citizen-zero/signing';
import type { CommandContext } from '../main';
import { loadConsoleConfig } from '../console-config';
import { CertificateStore } from '../certificate-store';
import { ExitCode, UsageError } from '../exit-codes';
import { openToken } from '../open-token';
import type { Output } from '../output';
import { pemToDer, webCryptoDeviceSigner } from '../pem';

export function registerMdocCommands(program: Command, output: () => Output, context: CommandContext): void {
  const mdoc = program.command('mdoc').description('issue and verify ISO/IEC 18013-5 mdocs');

  mdoc
    .command('issue')
    .description('issue an mdoc signed by a document signer key in the HSM; writes issuer-signed.cbor, device-response.cbor, session-transcript.cbor, device-key.jwk and iaca.pem')
    .requiredOption('--claims <file>', 'JSON claims { "<namespace>": { "<element>": value } }; bstr values as base64 or "@file"; a .jsonl file issues one mdoc per line')
    .option('--doctype <id>', 'document type', MDL_DOCTYPE)
    .option('--device-key <jwk>', 'the holder device key as a JWK file (public, or private to also produce a device-signed response); generated when absent')
    .requiredOption('--out <dir>', 'output directory')
    .option('--ds <label>', 'document signer key label', 'ds')
    .option('--iaca <label>', 'IACA whose certificate is written as iaca.pem', 'iaca')
    .option('--valid-days <n>', 'days the MSO is valid', '365')
    .action(async (options: { claims: string; doctype: string; deviceKey?: string; out: string; ds: string; iaca: string; validDays: string }) => {
      const out = output();
      const config = loadConsoleConfig();
      const store = CertificateStore.in(config.dataDir);
      const dsPem = store.load('ds', options.ds);
      const iacaPem = store.load('iaca', options.iaca);
      const validDays = positiveInteger(options.validDays, '--valid-days');
      const definition = docTypeDefinition(options.doctype);
      const records = readClaims(options.claims);
      const hsm = await openToken(config);
      try {
        const signer = await hsm.signer(options.ds);
        const certificateChain = [pemToDer(dsPem)];
        const progress = records.length > 1 ? out.progress('issuing', records.length) : undefined;
        const written: Array<Record<string, string>> = [];
        for (const [index, claims] of records.entries()) {
          const dir = records.length > 1 ? join(options.out, String(index + 1).padStart(5, '0')) : options.out;
          written.push(await issueOne({ claims, definitionDocType: definition.docType, dir, signer, certificateChain, iacaPem, validDays, deviceKeyFile: options.deviceKey }));
          progress?.tick();
        }
        progress?.done();
        out.result(
          written.map((files) => `issued ${definition.docType} → ${Object.values(files).join(', ')}`).join('\n'),
          { ok: true, docType: definition.docType, documents: written },
        );
        context.exitCode = ExitCode.OK;
      } finally {
        await hsm.close();
      }
    });

  mdoc
    .command('verify')
    .description('verify a DeviceResponse: issuer signature, chain to a trusted IACA, digests, validity, device authentication')
    .argument('<device-response>', 'DeviceResponse as CBOR (.cbor) or hex (.hex)')
    .requiredOption('--trust <pem[,pem…]>', 'trusted IACA certificates (PEM files, comma-separated; bundles allowed)')
    .option('--now <iso-8601>', 'verification time (default: now)')
    .option('--transcript <file>', 'SessionTranscript(Bytes) as CBOR; default: session-transcript.cbor beside the response, if present')
    .action(async (file: string, options: { trust: string; now?: string; transcript?: string }) => {
      const out = output();
      const responseBytes = readBinaryOrHex(file);
      const trustAnchors = options.trust.split(',').flatMap((path) => parsePemBundle(readText(path.trim())));
      if (trustAnchors.length === 0) throw new UsageError('--trust names no certificates');
      const at = options.now ? parseInstant(options.now) : new Date();
      const transcriptFile = options.transcript ?? (existsSync(join(dirname(file), 'session-transcript.cbor')) ? join(dirname(file), 'session-transcript.cbor') : undefined);
      const transcript = transcriptFile ? SessionTranscript.fromBytes(readBinaryOrHex(transcriptFile)) : undefined;
      const verdict = await verifyDeviceResponse(responseBytes, { trustAnchors, at, ...(transcript && { transcript }) });
      out.result(describeVerdict(verdict), verdictToJson(verdict));
      context.exitCode = verdict.valid ? ExitCode.OK : ExitCode.CHECK_FAILED;
    });
}

async function issueOne(params: {
  claims: ClaimsInput;
  definitionDocType: string;
  dir: string;
  signer: Signer;
  certificateChain: Uint8Array[];
  iacaPem: string;
  validDays: number;
  deviceKeyFile: string | undefined;
}): Promise<Record<string, string>> {
  const now = new Date();
  const definition = docTypeDefinition(params.definitionDocType);
  const nameSpaces = prepareClaims(definition, params.claims, now);
  const device = params.deviceKeyFile ? await loadDeviceKey(params.deviceKeyFile) : await generateDeviceKey();
  const issuerSigned = await issueMdoc({
    docType: definition.docType,
    nameSpaces,
    deviceKey: coseKeyFromJwk(device.publicJwk),
    validity: { signed: now, validFrom: now, validUntil: new Date(now.getTime() + params.validDays * 86_400_000) },
    signer: params.signer,
    certificateChain: params.certificateChain,
  });
  mkdirSync(params.dir, { recursive: true });
  const files: Record<string, string> = {};
  const write = (name: string, data: Uint8Array | string): void => {
    writeFileSync(join(params.dir, name), data, name.endsWith('.jwk') ? { mode: 0o600 } : {});
    files[name] = join(params.dir, name);
  };
  write('issuer-signed.cbor', encodeCbor(issuerSigned.toCbor()));
  write('iaca.pem', params.iacaPem);
  if (device.signer) {
    // A QR-engagement session transcript (ISO/IEC 18013-5:2021 §9.1.5.1, QRHandover = null) with
    // fresh ephemeral keys, so the response is device-signed over a real transcript.
    const eDevice = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
    const eReader = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
    const engagement = DeviceEngagement.create({ eDeviceKey: coseKeyFromJwk(await crypto.subtle.exportKey('jwk', eDevice.publicKey)) });
    const transcript = SessionTranscript.create({
      deviceEngagementBytes: engagement.bytes,
      eReaderKey: coseKeyFromJwk(await crypto.subtle.exportKey('jwk', eReader.publicKey)),
      handover: null,
    });
    const request: ItemsRequest = {
      docType: definition.docType,
      nameSpaces: new Map([...nameSpaces].map(([ns, elements]) => [ns, new Map([...elements.keys()].map((id) => [id, false]))])),
    };
    const response = await presentDocuments({ credentials: [issuerSigned], requests: [request], transcript, authenticator: { kind: 'signature', signer: device.signer } });
    write('device-response.cbor', response.toBytes());
    write('session-transcript.cbor', transcript.taggedBytes());
  }
  if (device.generatedPrivateJwk) write('device-key.jwk', `${JSON.stringify(device.generatedPrivateJwk, null, 2)}\n`);
  return files;
}

interface DeviceKeyMaterial {
  publicJwk: JsonWebKey;
  signer?: Signer;
  generatedPrivateJwk?: JsonWebKey;
}

/**
 * The holder's device key. In production it is generated in the wallet and never seen by the
 * issuer; the console generates one only to produce a complete demo and writes it out as the
 * holder's key (device-key.jwk, mode 600).
 */
async function generateDeviceKey(): Promise<DeviceKeyMaterial> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const privateJwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
  return { publicJwk: await crypto.subtle.exportKey('jwk', pair.publicKey), signer: webCryptoDeviceSigner(pair.privateKey, pair.publicKey), generatedPrivateJwk: { ...privateJwk, key_ops: ['sign'] } };
}

async function loadDeviceKey(file: string): Promise<DeviceKeyMaterial> {
  let jwk: JsonWebKey;
  try {
    jwk = JSON.parse(readText(file)) as JsonWebKey;
  } catch {
    throw new UsageError(`${file} is not a JSON Web Key`);
  }
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256') throw new UsageError(`${file}: the device key must be an EC P-256 JWK`);
  const publicJwk: JsonWebKey = { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y };
  if (!jwk.d) return { publicJwk };
  const privateKey = await crypto.subtle.importKey('jwk', { ...jwk, key_ops: ['sign'] }, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  const publicKey = await crypto.subtle.importKey('jwk', publicJwk, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
  return { publicJwk, signer: webCryptoDeviceSigner(privateKey, publicKey) };
}

function readClaims(file: string): ClaimsInput[] {
  const text = readText(file);
  const base = dirname(resolve(file));
  const parse = (line: string, where: string): ClaimsInput => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new UsageError(`${where} is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`${where} must be an object { "<namespace>": { "<element>": value } }`);
    return resolveFileReferences(value as Record<string, Record<string, unknown>>, base);
  };
  if (file.endsWith('.jsonl')) {
    return text
      .split('\n')
      .map((line, index) => [line, index] as const)
      .filter(([line]) => line.trim().length > 0)
      .map(([line, index]) => parse(line, `${file}:${index + 1}`));
  }
  return [parse(text, file)];
}

/** `"@portrait.jpg"` in a claim value stands for that file's bytes (base64), relative to the claims file. */
function resolveFileReferences(claims: Record<string, Record<string, unknown>>, base: string): ClaimsInput {
  const resolved: Record<string, Record<string, unknown>> = {};
  for (const [namespace, elements] of Object.entries(claims)) {
    if (typeof elements !== 'object' || elements === null) throw new UsageError(`claims for namespace ${namespace} must be an object`);
    resolved[namespace] = Object.fromEntries(
      Object.entries(elements).map(([id, value]) => [id, typeof value === 'string' && value.startsWith('@') ? readFileSync(resolve(base, value.slice(1))).toString('base64') : value]),
    );
  }
  return resolved;
}

export function describeVerdict(verdict: DeviceResponseVerdict): string {
  const lines: string[] = [];
  lines.push(`${verdict.valid ? 'VALID' : 'INVALID'} — DeviceResponse status ${verdict.status}, verified at ${verdict.verifiedAt.toISOString()}`);
  for (const problem of verdict.problems) lines.push(`  ✗ ${problem.code}: ${problem.message}`);
  for (const document of verdict.documents) {
    lines.push(``, `${document.valid ? '✓' : '✗'} ${document.docType}${document.issuerCertificate ? ` issued by ${document.issuerCertificate.subject}` : ''}`);
    for (const check of document.checks) lines.push(`  ${check.passed ? '✓' : '✗'} ${check.check}${check.passed ? '' : ` ${check.code}`}: ${check.message}`);
    if (!document.valid && document.issuerSigned.size > 0) lines.push('  elements below are NOT trustworthy: the document failed verification');
    for (const [namespace, elements] of document.issuerSigned) {
      lines.push(`  ${namespace}:`);
      for (const [id, value] of elements) lines.push(`    ${id}: ${formatValue(elementValueToJson(value))}`);
    }
  }
  for (const error of verdict.documentErrors) for (const [docType, code] of error) lines.push(`  ✗ ${docType} not returned (error ${code})`);
  return lines.join('\n');
}

function formatValue(value: unknown): string {
  if (value && typeof value === 'object' && '$bytes' in value) return `<${(value as { $bytes: number }).$bytes} bytes>`;
  return JSON.stringify(value);
}

export function verdictToJson(verdict: DeviceResponseVerdict): unknown {
  return {
    ok: verdict.valid,
    valid: verdict.valid,
    status: verdict.status,
    verifiedAt: verdict.verifiedAt.toISOString(),
    problems: verdict.problems,
    failed: failedChecks(verdict),
    documents: verdict.documents.map((document) => ({
      docType: document.docType,
      valid: document.valid,
      issuer: document.issuerCertificate,
      deviceAuthentication: document.deviceAuthentication,
      checks: document.checks,
      disclosed: Object.fromEntries([...document.issuerSigned].map(([ns, elements]) => [ns, Object.fromEntries([...elements].map(([id, value]) => [id, elementValueToJson(value)]))])),
      validity: document.validityInfo,
    })),
    documentErrors: verdict.documentErrors.map((entry) => Object.fromEntries(entry)),
  };
}

function readText(file: string): string {
  if (!existsSync(file)) throw new UsageError(`${file} does not exist`, 'FILE_NOT_FOUND');
  return readFileSync(file, 'utf8');
}

function readBinaryOrHex(file: string): Uint8Array {
  if (!existsSync(file)) throw new UsageError(`${file} does not exist`, 'FILE_NOT_FOUND');
  const bytes = readFileSync(file);
  if (file.endsWith('.hex')) return fromHex(bytes.toString('utf8'));
  return new Uint8Array(bytes);
}

function parseInstant(text: string): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--now "${text}" is not an ISO-8601 date-time`);
  return date;
}

export function positiveInteger(text: string, option: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) throw new UsageError(`${option} must be a positive whole number, got "${text}"`);
  return value;
}

export { DeviceResponse };
