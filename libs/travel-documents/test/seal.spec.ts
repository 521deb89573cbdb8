import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CoseHeader, encodeCbor, sigStructure, Tag } from '@citizen-zero/mdoc';
import { createCrl } from '@citizen-zero/pki';
import { SoftwareSigner } from '@citizen-zero/signing/testing';
import {
  base45Decode,
  base45Encode,
  createDocumentSeal,
  decodeSealPayload,
  encodeSealPayload,
  failedSealChecks,
  SEAL_PAYLOAD_KEYS,
  SEAL_TEXT_PREFIX,
  TravelDocumentError,
  verifyDocumentSeal,
  type SealPayload,
  type SealVerdict,
} from '@citizen-zero/travel-documents';
import { createTestPki, DAY, T, type TestPki } from './support/test-pki';

const PAYLOAD: SealPayload = {
  documentType: 'national-id-card',
  issuingState: 'UTO',
  documentNumber: 'D23145890',
  primaryIdentifier: 'Eriksson',
  secondaryIdentifier: 'Anna María',
  dateOfBirth: '1974-08-12',
  sex: 'F',
  nationality: 'UTO',
  dateOfIssue: '2026-03-02',
  dateOfExpiry: '2036-03-01',
  personalNumber: 'ZE184226B',
  placeOfBirth: 'Zenith',
};

const codes = (verdict: SealVerdict): string[] => failedSealChecks(verdict).map((check) => check.code!);
/** Byte comparison (cbor-x attaches a `dataView` property to buffers it decodes, which `toEqual` would see). */
const hex = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? []).toString('hex');
const withText = (bytes: Uint8Array): string => `${SEAL_TEXT_PREFIX}${base45Encode(bytes)}`;

/** A COSE_Sign1 assembled by hand, to test what the verifier does with unusual but signed content. */
async function handMadeSeal(pki: TestPki, options: { protectedHeader?: Uint8Array; payload?: Uint8Array; x5chain?: unknown } = {}): Promise<string> {
  const protectedHeader = options.protectedHeader ?? encodeCbor(new Map([[CoseHeader.alg, -7]]));
  const payload = options.payload ?? encodeSealPayload(PAYLOAD, T);
  const signature = await pki.dsSigner.sign(sigStructure(protectedHeader, new Uint8Array(), payload));
  const unprotected = new Map([[CoseHeader.x5chain, options.x5chain ?? pki.dsDer]]);
  return withText(encodeCbor(new Tag([protectedHeader, unprotected, payload, signature], 18)));
}

describe('visible digital seal', () => {
  let pki: TestPki;
  let other: TestPki;
  let seal: { text: string; bytes: Uint8Array };

  beforeAll(async () => {
    pki = await createTestPki();
    other = await createTestPki({ commonName: 'Another IACA' });
    seal = await createDocumentSeal({ payload: PAYLOAD, signer: pki.dsSigner, certificateChain: [pki.dsDer], signedAt: T });
  });

  it('round trip: create → QR text → verify, with every check passed', async () => {
    expect(seal.text.startsWith('CZ1:')).toBe(true);
    expect(seal.text).toMatch(/^[0-9A-Z $%*+\-./:]+$/); // QR alphanumeric mode only
    expect(hex(base45Decode(seal.text.slice(4)))).toBe(hex(seal.bytes));
    const verdict = await verifyDocumentSeal(seal.text, { trustAnchors: [pki.iacaDer], at: T });
    expect(failedSealChecks(verdict)).toEqual([]);
    expect(verdict.valid).toBe(true);
    expect(verdict.checks.map((check) => check.check)).toEqual(['structure', 'payload', 'certificate-chain', 'signature', 'signing-time', 'document-validity']);
    expect(verdict.payload).toEqual(PAYLOAD);
    expect(verdict.signedAt).toEqual(T);
    expect(verdict.signer?.subject).toContain('Utopia Test Document Signer');
    expect(hex(verdict.bytes)).toBe(hex(seal.bytes));
  });

  it('the payload is deterministic CBOR with small integer keys in ascending order (RFC 8949 §4.2.1)', () => {
    const first = encodeSealPayload(PAYLOAD, T);
    expect(encodeSealPayload({ ...PAYLOAD }, new Date(T.getTime() + 999))).toEqual(first); // whole seconds
    expect(first[0]).toBe(0xae); // a map of 14 entries
    expect(first.slice(1, 3)).toEqual(Uint8Array.of(SEAL_PAYLOAD_KEYS.version, 1));
    expect(decodeSealPayload(first)).toEqual({ payload: PAYLOAD, signedAt: T });
    expect(first.length).toBeLessThan(130);
  });

  it('a seal with a P-384 document signer verifies too', async () => {
    const es384 = await createTestPki({ dsAlgorithm: 'ES384' });
    const sealed = await createDocumentSeal({ payload: PAYLOAD, signer: es384.dsSigner, certificateChain: [es384.dsDer], signedAt: T });
    expect((await verifyDocumentSeal(sealed.text, { trustAnchors: [es384.iacaDer], at: T })).valid).toBe(true);
  });

  it('tampering with any byte of the signed seal is rejected', async () => {
    const accepted: number[] = [];
    for (let index = 0; index < seal.bytes.length; index++) {
      const tampered = Uint8Array.from(seal.bytes);
      tampered[index] = tampered[index]! ^ (1 << (index % 8));
      const verdict = await verifyDocumentSeal(withText(tampered), { trustAnchors: [pki.iacaDer], at: T });
      if (verdict.valid || verdict.payload !== undefined) accepted.push(index);
    }
    expect(accepted).toEqual([]);
  });

  it('replacing any byte with any other value is rejected (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.integer({ min: 1, max: 255 }), async (position, mask) => {
        const tampered = Uint8Array.from(seal.bytes);
        const index = position % tampered.length;
        tampered[index] = tampered[index]! ^ mask;
        const verdict = await verifyDocumentSeal(withText(tampered), { trustAnchors: [pki.iacaDer], at: T });
        expect(verdict.valid).toBe(false);
        expect(verdict.payload).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('certificate bytes outside the signed TBSCertificate are covered too (cause CERT_MALFORMED)', async () => {
    // The IACA signs with ES384: signatureAlgorithm = 30 0a 06 08 2a 86 48 ce 3d 04 03 03, then the BIT STRING.
    const algorithm = Buffer.from('300a06082a8648ce3d040303', 'hex');
    const at = Buffer.from(pki.dsDer).lastIndexOf(algorithm);
    const unusedBits = at + algorithm.length + 2;
    expect(pki.dsDer[unusedBits - 2]).toBe(0x03);
    for (const [offset, mask] of [[unusedBits, 0x01], [at, 0x80], [at + 1, 0x02]] as const) {
      const certificate = Uint8Array.from(pki.dsDer);
      certificate[offset] = certificate[offset]! ^ mask;
      const verdict = await verifyDocumentSeal(await handMadeSeal(pki, { x5chain: certificate }), { trustAnchors: [pki.iacaDer], at: T });
      expect(verdict.valid).toBe(false);
      expect(failedSealChecks(verdict).some((check) => check.cause === 'CERT_MALFORMED')).toBe(true);
      expect(verdict.payload).toBeUndefined();
    }
  });

  it('tampering with the text (a Base45 character) is rejected', async () => {
    const characters = [...seal.text];
    const position = 40;
    characters[position] = characters[position] === 'A' ? 'B' : 'A';
    const verdict = await verifyDocumentSeal(characters.join(''), { trustAnchors: [pki.iacaDer], at: T });
    expect(verdict.valid).toBe(false);
    expect(verdict.payload).toBeUndefined();
  });

  it('a document signer that does not chain to a trust anchor: SEAL_CHAIN_UNTRUSTED, no payload', async () => {
    const verdict = await verifyDocumentSeal(seal.text, { trustAnchors: [other.iacaDer], at: T });
    expect(verdict.valid).toBe(false);
    expect(codes(verdict)).toEqual(['SEAL_CHAIN_UNTRUSTED']);
    expect(failedSealChecks(verdict)[0]?.cause).toBe('CERT_CHAIN_UNTRUSTED');
    expect(verdict.payload).toBeUndefined();
    expect((await verifyDocumentSeal(seal.text, { trustAnchors: [], at: T })).valid).toBe(false);
  });

  it('a certificate swapped into x5chain does not verify the signature', async () => {
    const sealed = await createDocumentSeal({ payload: PAYLOAD, signer: other.dsSigner, certificateChain: [other.dsDer], signedAt: T });
    const swapped = await handMadeSeal(pki, { x5chain: other.dsDer });
    expect(codes(await verifyDocumentSeal(swapped, { trustAnchors: [pki.iacaDer], at: T }))).toEqual(['SEAL_CHAIN_UNTRUSTED', 'SEAL_SIGNATURE_INVALID']);
    expect(codes(await verifyDocumentSeal(swapped, { trustAnchors: [other.iacaDer], at: T }))).toEqual(['SEAL_SIGNATURE_INVALID']);
    expect((await verifyDocumentSeal(sealed.text, { trustAnchors: [pki.iacaDer, other.iacaDer], at: T })).valid).toBe(true);
  });

  it('after the document signer certificate expires the chain is no longer trusted (cause CERT_EXPIRED)', async () => {
    const verdict = await verifyDocumentSeal(seal.text, { trustAnchors: [pki.iacaDer], at: new Date(T.getTime() + 400 * DAY) });
    expect(codes(verdict)).toEqual(['SEAL_CHAIN_UNTRUSTED']);
    expect(failedSealChecks(verdict)[0]?.cause).toBe('CERT_EXPIRED');
  });

  it('a revoked document signer certificate is rejected when the CRL is supplied (cause CERT_REVOKED)', async () => {
    const crl = await createCrl({
      iacaSigner: pki.iacaSigner,
      iacaCertificate: pki.iaca,
      thisUpdate: new Date(T.getTime() - DAY),
      nextUpdate: new Date(T.getTime() + 30 * DAY),
      revoked: [{ serialNumber: pki.ds.serialNumber, revocationDate: new Date(T.getTime() - DAY) }],
    });
    const verdict = await verifyDocumentSeal(seal.text, { trustAnchors: [pki.iacaDer], crls: [crl], at: T });
    expect(codes(verdict)).toEqual(['SEAL_CHAIN_UNTRUSTED']);
    expect(failedSealChecks(verdict)[0]?.cause).toBe('CERT_REVOKED');
  });

  it('an expired document: authentic, but SEAL_DOCUMENT_EXPIRED', async () => {
    const sealed = await createDocumentSeal({ payload: { ...PAYLOAD, dateOfExpiry: '2026-03-01' }, signer: pki.dsSigner, certificateChain: [pki.dsDer], signedAt: new Date(T.getTime() - 2 * DAY) });
    const verdict = await verifyDocumentSeal(sealed.text, { trustAnchors: [pki.iacaDer], at: T });
    expect(codes(verdict)).toEqual(['SEAL_DOCUMENT_EXPIRED']);
    expect(verdict.payload?.dateOfExpiry).toBe('2026-03-01');
    expect((await verifyDocumentSeal(sealed.text, { trustAnchors: [pki.iacaDer], at: new Date('2026-03-01T23:59:59Z') })).valid).toBe(true);
  });

  it('a seal signed after the verification time is rejected', async () => {
    const later = await createDocumentSeal({ payload: PAYLOAD, signer: pki.dsSigner, certificateChain: [pki.dsDer], signedAt: new Date(T.getTime() + DAY) });
    expect(codes(await verifyDocumentSeal(later.text, { trustAnchors: [pki.iacaDer], at: T }))).toEqual(['SEAL_SIGNED_OUTSIDE_CERTIFICATE_VALIDITY']);
  });

  it('signature verification uses the received bytes: a protected header in non-preferred encoding still verifies', async () => {
    // {1: -7} with -7 written as 0x38 0x06 instead of 0x26: valid CBOR, not preferred serialization.
    const text = await handMadeSeal(pki, { protectedHeader: Uint8Array.of(0xa1, 0x01, 0x38, 0x06) });
    expect((await verifyDocumentSeal(text, { trustAnchors: [pki.iacaDer], at: T })).valid).toBe(true);
  });

  it('malformed input never throws: SEAL_MALFORMED', async () => {
    for (const text of ['', 'HC1:NCFOXN%TS3DH', 'CZ1:', 'CZ1:qed', `CZ1:${base45Encode(encodeCbor([1, 2, 3]))}`, `CZ1:${base45Encode(Uint8Array.of(0xff, 0x00, 0x12))}`, `CZ1:${'0'.repeat(5000)}`]) {
      const verdict = await verifyDocumentSeal(text, { trustAnchors: [pki.iacaDer], at: T });
      expect(verdict.valid, text).toBe(false);
      expect(codes(verdict), text).toEqual(['SEAL_MALFORMED']);
    }
  });

  it('an algorithm other than ES256/ES384/ES512: SEAL_ALGORITHM_UNSUPPORTED', async () => {
    const text = await handMadeSeal(pki, { protectedHeader: encodeCbor(new Map([[CoseHeader.alg, -8]])) });
    expect(codes(await verifyDocumentSeal(text, { trustAnchors: [pki.iacaDer], at: T }))).toEqual(['SEAL_ALGORITHM_UNSUPPORTED']);
  });

  it('a signed payload that is not a valid version-1 payload: SEAL_PAYLOAD_INVALID, no payload', async () => {
    const good = encodeSealPayload(PAYLOAD, T);
    const unknownKey = await handMadeSeal(pki, { payload: encodeCbor(new Map<number, unknown>([[0, 1], [1, 1], [99, 'x']])) });
    const version2 = Uint8Array.from(good);
    version2[2] = 2;
    const nonDeterministic = encodeCbor(new Map([...(new Map<number, unknown>([[1, 1]])), [0, 1]]));
    for (const payload of [version2, nonDeterministic]) {
      const verdict = await verifyDocumentSeal(await handMadeSeal(pki, { payload }), { trustAnchors: [pki.iacaDer], at: T });
      expect(codes(verdict)).toEqual(['SEAL_PAYLOAD_INVALID']);
      expect(verdict.payload).toBeUndefined();
    }
    expect(codes(await verifyDocumentSeal(unknownKey, { trustAnchors: [pki.iacaDer], at: T }))).toEqual(['SEAL_PAYLOAD_INVALID']);
  });

  it('a seal without x5chain: SEAL_CERTIFICATE_MISSING', async () => {
    const protectedHeader = encodeCbor(new Map([[CoseHeader.alg, -7]]));
    const payload = encodeSealPayload(PAYLOAD, T);
    const signature = await pki.dsSigner.sign(sigStructure(protectedHeader, new Uint8Array(), payload));
    const text = withText(encodeCbor(new Tag([protectedHeader, new Map(), payload, signature], 18)));
    expect(codes(await verifyDocumentSeal(text, { trustAnchors: [pki.iacaDer], at: T }))).toEqual(['SEAL_CERTIFICATE_MISSING', 'SEAL_SIGNATURE_INVALID']);
  });

  it('creation refuses a signer without the certificate\u2019s key, a time outside its validity, and bad payloads', async () => {
    const stranger = await SoftwareSigner.generate('ES256');
    await expect(createDocumentSeal({ payload: PAYLOAD, signer: stranger, certificateChain: [pki.dsDer], signedAt: T })).rejects.toMatchObject({ code: 'SEAL_SIGNER_MISMATCH' });
    await expect(createDocumentSeal({ payload: PAYLOAD, signer: pki.dsSigner, certificateChain: [pki.dsDer], signedAt: new Date(T.getTime() + 500 * DAY) })).rejects.toMatchObject({ code: 'SEAL_SIGNED_OUTSIDE_CERTIFICATE_VALIDITY' });
    await expect(createDocumentSeal({ payload: PAYLOAD, signer: pki.dsSigner, certificateChain: [], signedAt: T })).rejects.toMatchObject({ code: 'SEAL_CERTIFICATE_MISSING' });
    for (const payload of [{ ...PAYLOAD, dateOfBirth: '1974-02-30' }, { ...PAYLOAD, issuingState: 'utopia' }, { ...PAYLOAD, primaryIdentifier: ' ' }, { ...PAYLOAD, documentType: 'visa' as 'passport' }]) {
      await expect(createDocumentSeal({ payload, signer: pki.dsSigner, certificateChain: [pki.dsDer], signedAt: T })).rejects.toBeInstanceOf(TravelDocumentError);
    }
  });

  it('the verification path is browser-safe: no Node-only modules or globals in src/seal and src/mrz', () => {
    const root = join(import.meta.dirname, '..', 'src');
    for (const folder of ['seal', 'mrz']) {
      for (const file of readdirSync(join(root, folder))) {
        const source = readFileSync(join(root, folder, file), 'utf8');
        expect(source, `${folder}/${file}`).not.toMatch(/from 'node:|require\(|\bBuffer\b|\bprocess\./);
      }
    }
  });
});
