import { beforeAll, describe, expect, it } from 'vitest';
import { DeviceResponse, MdocError } from '@citizen-zero/mdoc';
import { createTestPki } from './support/test-pki';
import { createHolder, createSession, issueSample, present } from './support/present';

const MUTATIONS = 100_000;

/** A seeded xorshift32 generator: the same mutations on every run, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

/** One mutation of `bytes`: what a broken transport, a truncating proxy or an attacker would do. */
function mutate(bytes: Uint8Array, next: () => number): Uint8Array {
  const at = Math.floor(next() * bytes.length);
  const copy = Uint8Array.from(bytes);
  switch (Math.floor(next() * 8)) {
    case 0: // flip a bit
      copy[at] = copy[at]! ^ (1 << Math.floor(next() * 8));
      return copy;
    case 1: // set a byte to a boundary value (lengths, reserved values, break)
      copy[at] = [0x00, 0x17, 0x18, 0x1b, 0x1c, 0x1f, 0x5f, 0x7f, 0x9f, 0xbf, 0xd8, 0xff][Math.floor(next() * 12)]!;
      return copy;
    case 2: // truncate
      return copy.subarray(0, at);
    case 3: // delete a run
      return Uint8Array.from([...copy.subarray(0, at), ...copy.subarray(Math.min(copy.length, at + 1 + Math.floor(next() * 16)))]);
    case 4: // insert random bytes
      return Uint8Array.from([...copy.subarray(0, at), ...Array.from({ length: 1 + Math.floor(next() * 8) }, () => Math.floor(next() * 256)), ...copy.subarray(at)]);
    case 5: // duplicate a run (splice)
      return Uint8Array.from([...copy.subarray(0, at), ...copy.subarray(at, at + 1 + Math.floor(next() * 64)), ...copy.subarray(at)]);
    case 6: // deep nesting prepended
      return Uint8Array.from([...new Array<number>(1 + Math.floor(next() * 5000)).fill(0x81), ...copy]);
    default: // a length byte pushed to its maximum
      copy[at] = (copy[at]! & 0xe0) | 0x1b;
      return copy;
  }
}

describe(`the DeviceResponse parser under ${MUTATIONS.toLocaleString('en-US')} mutated inputs`, () => {
  let valid: Uint8Array;

  beforeAll(async () => {
    const pki = await createTestPki();
    const holder = await createHolder();
    valid = await present(await issueSample(pki, holder), holder, await createSession());
  });

  it('accepts or refuses each with an MdocError and a stable code — never another error, never a hang', () => {
    const next = random(20261130);
    const codes = new Map<string, number>();
    let accepted = 0;
    const started = performance.now();
    for (let round = 0; round < MUTATIONS; round++) {
      const input = mutate(valid, next);
      try {
        const response = DeviceResponse.fromBytes(input);
        // Touch what verification reads, so lazy parsing cannot hide a crash.
        for (const document of response.documents) {
          void document.docType;
          void document.issuerSigned.mso.valueDigests;
          for (const [, items] of document.issuerSigned.nameSpaces) for (const item of items) void item.item.elementIdentifier;
        }
        accepted++;
      } catch (error) {
        if (!(error instanceof MdocError)) throw new Error(`round ${round}: ${(error as Error).constructor.name}: ${(error as Error).message} on ${Buffer.from(input).toString('hex').slice(0, 200)}`);
        codes.set(error.code, (codes.get(error.code) ?? 0) + 1);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    // Mutations that keep the structure (e.g. a flipped bit inside a digest) parse; the verifier then rejects them on their checks.
    expect(accepted).toBeGreaterThan(0);
    expect([...codes.keys()].every((code) => /^(CBOR|COSE|MSO|ELEMENT|DOCTYPE)_/.test(code))).toBe(true);
    expect(codes.get('CBOR_TOO_DEEP')).toBeGreaterThan(0);
    expect(codes.get('CBOR_TRUNCATED')).toBeGreaterThan(0);
    // Not a timing assertion: a hang would show as a test timeout, this only reports.
    console.log(`${MUTATIONS} mutations in ${seconds.toFixed(1)} s: ${accepted} parsed, refused ${JSON.stringify(Object.fromEntries(codes))}`);
  }, 300_000);
});
