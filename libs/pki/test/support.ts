import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SignatureAlgorithm } from '@citizen-zero/signing';
import { SoftwareSigner } from '@citizen-zero/signing/testing';
import { createDocumentSignerCsr, createIacaCertificate, issueDocumentSignerCertificate, type X509Certificate } from '../src/index';

/** Fixed clock for the tests: the IACA is valid 2025-01-01 – 2030-01-01, the DS 2025-06-01 – 2026-06-01. */
export const T = {
  iacaNotBefore: new Date('2025-01-01T00:00:00Z'),
  iacaNotAfter: new Date('2030-01-01T00:00:00Z'),
  dsNotBefore: new Date('2025-06-01T00:00:00Z'),
  dsNotAfter: new Date('2026-06-01T00:00:00Z'),
  /** Inside both validity periods. */
  now: new Date('2026-01-01T00:00:00Z'),
} as const;

export const IACA_SUBJECT = { country: 'UT', stateOrProvince: 'UT-01', organization: 'Utopia Department of Motor Vehicles', commonName: 'Utopia IACA' } as const;
export const DS_SUBJECT = { country: 'UT', organization: 'Utopia Department of Motor Vehicles', commonName: 'Utopia Document Signer 1' } as const;
export const IAN = { uri: 'https://dmv.utopia.example/pki', email: 'pki@dmv.utopia.example' } as const;
export const CRL_URI = 'http://crl.dmv.utopia.example/iaca.crl';

export interface TestPki {
  readonly iacaSigner: SoftwareSigner;
  readonly dsSigner: SoftwareSigner;
  readonly iaca: X509Certificate;
  readonly ds: X509Certificate;
}

export async function createTestIaca(algorithm: SignatureAlgorithm = 'ES256'): Promise<{ iacaSigner: SoftwareSigner; iaca: X509Certificate }> {
  const iacaSigner = await SoftwareSigner.generate(algorithm, `iaca-${algorithm}`);
  const iaca = await createIacaCertificate({
    signer: iacaSigner,
    subject: IACA_SUBJECT,
    validity: { notBefore: T.iacaNotBefore, notAfter: T.iacaNotAfter },
    issuerAlternativeName: IAN,
    crlDistributionPointUri: CRL_URI,
  });
  return { iacaSigner, iaca };
}

export async function createTestPki(iacaAlgorithm: SignatureAlgorithm = 'ES256', dsAlgorithm: SignatureAlgorithm = 'ES256'): Promise<TestPki> {
  const { iacaSigner, iaca } = await createTestIaca(iacaAlgorithm);
  const dsSigner = await SoftwareSigner.generate(dsAlgorithm, `ds-${dsAlgorithm}`);
  const csr = await createDocumentSignerCsr({ signer: dsSigner, subject: DS_SUBJECT });
  const ds = await issueDocumentSignerCertificate({
    iacaSigner,
    iacaCertificate: iaca,
    csr: new Uint8Array(csr.rawData),
    subject: DS_SUBJECT,
    validity: { notBefore: T.dsNotBefore, notAfter: T.dsNotAfter },
  });
  return { iacaSigner, dsSigner, iaca, ds };
}

export function der(certificate: X509Certificate): Uint8Array {
  return new Uint8Array(certificate.rawData);
}

/** Flips the case of one letter of `marker` inside `bytes` (keeps DER well-formed, changes the signed content). */
export function flipBitIn(bytes: Uint8Array, marker: string): Uint8Array {
  const needle = new TextEncoder().encode(marker);
  for (let offset = 0; offset + needle.length <= bytes.length; offset++) {
    if (needle.every((byte, index) => bytes[offset + index] === byte)) {
      const out = bytes.slice();
      out[offset] = out[offset]! ^ 0x20;
      return out;
    }
  }
  throw new Error(`marker ${marker} not found`);
}

/** A scratch directory for openssl, removed by the returned cleanup. */
export function tempDir(): { path: string; file: (name: string, content: string | Uint8Array) => string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'cz-pki-'));
  return {
    path,
    file: (name, content) => {
      const file = join(path, name);
      writeFileSync(file, content);
      return file;
    },
    cleanup: () => rmSync(path, { recursive: true, force: true }),
  };
}

/** Runs openssl; returns exit status and combined output (openssl reports "verify OK" on stderr). */
export function openssl(...args: string[]): { status: number; output: string } {
  try {
    const stdout = execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    return { status: 0, output: stdout };
  } catch (error) {
    const failure = error as { status?: number; stdout?: string; stderr?: string };
    return { status: failure.status ?? 1, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
  }
}

/** Like {@link openssl} but merging stderr into the output on success too. */
export function opensslAll(...args: string[]): { status: number; output: string } {
  try {
    const output = execFileSync('sh', ['-c', 'openssl "$@" 2>&1', 'openssl', ...args], { encoding: 'utf8' });
    return { status: 0, output };
  } catch (error) {
    const failure = error as { status?: number; stdout?: string };
    return { status: failure.status ?? 1, output: failure.stdout ?? '' };
  }
}

export const epochSeconds = (date: Date): string => String(Math.floor(date.getTime() / 1000));
