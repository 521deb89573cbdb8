import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor, failedChecks, MDL_NAMESPACE, SessionTranscript, Tag, verifyDeviceResponse } from '@citizen-zero/mdoc';
import { createTestPki, type TestPki } from './support/test-pki';
import { createHolder, createSession, issueSample, present, type Session } from './support/present';

/**
 * Property: flipping any single bit of a signed or digested structure makes verification fail,
 * with the code that names what was broken. When the flip breaks the CBOR itself, the response is
 * rejected as undecodable or malformed instead — never accepted.
 */
type Response = Map<string, unknown>;
const STRUCTURE_CODES = ['CBOR_DECODING_FAILED', 'CBOR_TRUNCATED', 'CBOR_RESERVED_VALUE', 'CBOR_INVALID_UTF8', 'CBOR_TOO_DEEP', 'CBOR_UNKNOWN_TAG', 'CBOR_TRAILING_BYTES', 'CBOR_STRUCTURE_INVALID', 'COSE_STRUCTURE_INVALID', 'MSO_INVALID', 'MSO_DIGEST_ALGORITHM_UNSUPPORTED', 'COSE_KEY_INVALID'];

function flip(bytes: Uint8Array, position: number, bit: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  const index = position % copy.length;
  copy[index] = copy[index]! ^ (1 << bit);
  return copy;
}

const doc = (response: Response): Map<string, unknown> => (response.get('documents') as Map<string, unknown>[])[0]!;
const issuerSigned = (response: Response): Map<string, unknown> => doc(response).get('issuerSigned') as Map<string, unknown>;
const issuerAuth = (response: Response): unknown[] => issuerSigned(response).get('issuerAuth') as unknown[];
const deviceSigned = (response: Response): Map<string, unknown> => doc(response).get('deviceSigned') as Map<string, unknown>;

interface Region {
  readonly name: string;
  /** Replaces the region's bytes with `tamper(bytes)` in a decoded response. */
  readonly apply: (response: Response, tamper: (bytes: Uint8Array) => Uint8Array) => void;
  /** Codes that correctly describe the tampering; `exact` means the failure set must be exactly these. */
  readonly expected: readonly string[];
  readonly exact?: boolean;
}

const REGIONS: readonly Region[] = [
  {
    name: 'an IssuerSignedItemBytes (digested)',
    apply: (response, tamper) => {
      const items = (issuerSigned(response).get('nameSpaces') as Map<string, Tag[]>).get(MDL_NAMESPACE)!;
      const index = 3 % items.length;
      items[index] = new Tag(tamper(items[index]!.value as Uint8Array), 24);
    },
    expected: ['MSO_DIGEST_MISMATCH', 'MSO_DIGEST_MISSING'],
  },
  { name: 'the MSO (issuerAuth payload)', apply: (response, tamper) => void (issuerAuth(response)[2] = tamper(issuerAuth(response)[2] as Uint8Array)), expected: ['ISSUER_SIGNATURE_INVALID'] },
  { name: 'the issuer signature', apply: (response, tamper) => void (issuerAuth(response)[3] = tamper(issuerAuth(response)[3] as Uint8Array)), expected: ['ISSUER_SIGNATURE_INVALID'], exact: true },
  { name: 'the issuerAuth protected header', apply: (response, tamper) => void (issuerAuth(response)[0] = tamper(issuerAuth(response)[0] as Uint8Array)), expected: ['ISSUER_SIGNATURE_INVALID', 'COSE_ALGORITHM_UNSUPPORTED'] },
  {
    name: 'the document signer certificate (x5chain)',
    apply: (response, tamper) => {
      const headers = issuerAuth(response)[1] as Map<number, unknown>;
      headers.set(33, tamper(headers.get(33) as Uint8Array));
    },
    expected: ['CERT_CHAIN_UNTRUSTED', 'CERT_SIGNATURE_INVALID', 'CERT_MALFORMED', 'CERT_EXPIRED', 'CERT_NOT_YET_VALID', 'CERT_KEY_USAGE_INVALID', 'CERT_EKU_INVALID', 'CERT_PROFILE_INVALID', 'ISSUER_SIGNATURE_INVALID', 'MSO_SIGNED_OUTSIDE_CERTIFICATE_VALIDITY'],
  },
  {
    name: 'the device signature',
    apply: (response, tamper) => {
      const signature = (deviceSigned(response).get('deviceAuth') as Map<string, unknown[]>).get('deviceSignature')!;
      signature[3] = tamper(signature[3] as Uint8Array);
    },
    expected: ['DEVICE_SIGNATURE_INVALID'],
    exact: true,
  },
  {
    name: 'DeviceNameSpacesBytes (device-signed)',
    apply: (response, tamper) => {
      const signed = deviceSigned(response);
      signed.set('nameSpaces', new Tag(tamper((signed.get('nameSpaces') as Tag).value as Uint8Array), 24));
    },
    expected: ['DEVICE_SIGNATURE_INVALID', 'DEVICE_KEY_NOT_AUTHORIZED'],
  },
];

describe('tampering with a signed or digested structure is always detected', () => {
  let pki: TestPki;
  let session: Session;
  let original: Uint8Array;

  beforeAll(async () => {
    pki = await createTestPki();
    const holder = await createHolder();
    session = await createSession();
    original = await present(await issueSample(pki, holder), holder, session);
    const verdict = await verifyDeviceResponse(original, { trustAnchors: [pki.iacaDer], transcript: session.transcript });
    expect(failedChecks(verdict)).toEqual([]);
  });

  for (const region of REGIONS) {
    it(`any single flipped bit in ${region.name}`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(), fc.integer({ min: 0, max: 7 }), async (position, bit) => {
          const response = decodeCbor(original) as Response;
          region.apply(response, (bytes) => flip(bytes, position, bit));
          const verdict = await verifyDeviceResponse(encodeCbor(response), { trustAnchors: [pki.iacaDer], transcript: session.transcript });
          expect(verdict.valid).toBe(false);
          const codes = failedChecks(verdict).map((check) => String(check.code));
          if (codes.some((code) => STRUCTURE_CODES.includes(code)) && verdict.documents.length === 0) return;
          if (region.exact) expect(codes).toEqual(region.expected);
          else expect(codes.some((code) => region.expected.includes(code)), `${region.name}: ${codes.join(', ')}`).toBe(true);
        }),
        { numRuns: 60 },
      );
    });
  }

  it('any single flipped bit in the SessionTranscript the reader holds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.integer({ min: 0, max: 7 }), async (position, bit) => {
        let transcript: SessionTranscript;
        try {
          transcript = SessionTranscript.fromBytes(flip(session.transcript.bytes, position, bit));
        } catch (error) {
          expect(String((error as { code?: string }).code)).toMatch(/^CBOR_/);
          return;
        }
        const verdict = await verifyDeviceResponse(original, { trustAnchors: [pki.iacaDer], transcript });
        expect(failedChecks(verdict).map((check) => check.code)).toEqual(['DEVICE_SIGNATURE_INVALID']);
      }),
      { numRuns: 60 },
    );
  });
});
