import { beforeAll, describe, expect, it } from 'vitest';
import {
  CoseSign1,
  decodeCbor,
  DeviceResponse,
  docTypeDefinition,
  elementValueToJson,
  encodeCbor,
  failedChecks,
  IssuerSigned,
  issueMdoc,
  MDL_DOCTYPE,
  MDL_NAMESPACE,
  PID_DOCTYPE,
  PID_NAMESPACE,
  prepareClaims,
  verifyDeviceResponse,
  type DeviceResponseVerdict,
} from '@citizen-zero/mdoc';
import { createTestPki, type TestPki } from './support/test-pki';
import { createHolder, createSession, issueSample, present, requestAll, type Holder } from './support/present';
import { sampleMdlClaims } from './support/sample-claims';

const codes = (verdict: DeviceResponseVerdict): string[] => failedChecks(verdict).map((check) => String(check.code));

describe('issue → present → verify (ISO/IEC 18013-5)', () => {
  let pki: TestPki;
  let holder: Holder;

  beforeAll(async () => {
    pki = await createTestPki();
    holder = await createHolder();
  });

  it('verifies a full-disclosure, device-signed mDL and returns every element', async () => {
    const issuerSigned = await issueSample(pki, holder);
    const session = await createSession();
    const verdict = await verifyDeviceResponse(await present(issuerSigned, holder, session), { trustAnchors: [pki.iacaDer], transcript: session.transcript });
    expect(codes(verdict)).toEqual([]);
    expect(verdict.valid).toBe(true);
    const [document] = verdict.documents;
    expect(document?.deviceAuthentication).toBe('signature');
    const elements = document!.issuerSigned.get(MDL_NAMESPACE)!;
    expect(elements.get('family_name')).toBe('Okonkwo');
    expect(elementValueToJson(elements.get('birth_date'))).toBe('1990-04-17');
    expect(elements.get('age_over_18')).toBe(true);
    expect((elements.get('portrait') as Uint8Array).length).toBeGreaterThan(15_000);
    expect(elements.size).toBeGreaterThanOrEqual(25);
    expect(document!.issuerCertificate?.subject).toContain('Citizen Zero Test DS');
  });

  it('verifies a device MAC (EMacKey from ECDH, §9.1.3.5) with the reader ephemeral key and requires it', async () => {
    const issuerSigned = await issueSample(pki, holder);
    const session = await createSession();
    const bytes = await present(issuerSigned, holder, session, requestAll(issuerSigned), 'mac');
    const verdict = await verifyDeviceResponse(bytes, { trustAnchors: [pki.iacaDer], transcript: session.transcript, eReaderKeyPrivate: session.eReader.privateKey });
    expect(codes(verdict)).toEqual([]);
    expect(verdict.documents[0]?.deviceAuthentication).toBe('mac');
    const withoutKey = await verifyDeviceResponse(bytes, { trustAnchors: [pki.iacaDer], transcript: session.transcript });
    expect(codes(withoutKey)).toEqual(['READER_KEY_REQUIRED']);
    const other = await createSession();
    const wrongKey = await verifyDeviceResponse(bytes, { trustAnchors: [pki.iacaDer], transcript: session.transcript, eReaderKeyPrivate: other.eReader.privateKey });
    expect(codes(wrongKey)).toEqual(['DEVICE_MAC_INVALID']);
  });

  it('discloses only what was requested and consented (selective disclosure)', async () => {
    const issuerSigned = await issueSample(pki, holder);
    const session = await createSession();
    const request = { docType: MDL_DOCTYPE, nameSpaces: new Map([[MDL_NAMESPACE, new Map([['age_over_18', false], ['portrait', true], ['family_name', false]])]]) };
    const response = DeviceResponse.fromBytes(await present(issuerSigned, holder, session, request));
    const disclosed = response.documents[0]!.issuerSigned.nameSpaces.get(MDL_NAMESPACE)!.map((entry) => entry.item.elementIdentifier).sort();
    expect(disclosed).toEqual(['age_over_18', 'family_name', 'portrait']);
    const verdict = await verifyDeviceResponse(response.toBytes(), { trustAnchors: [pki.iacaDer], transcript: session.transcript });
    expect(verdict.valid).toBe(true);
    expect([...verdict.documents[0]!.issuerSigned.get(MDL_NAMESPACE)!.keys()].sort()).toEqual(['age_over_18', 'family_name', 'portrait']);
  });

  it('reports withheld elements with error code 0 and unknown doctypes in documentErrors', async () => {
    const issuerSigned = await issueSample(pki, holder);
    const session = await createSession();
    const { presentDocuments } = await import('@citizen-zero/mdoc');
    const response = await presentDocuments({
      credentials: [issuerSigned],
      requests: [
        { docType: MDL_DOCTYPE, nameSpaces: new Map([[MDL_NAMESPACE, new Map([['family_name', false], ['resident_address', true]])]]) },
        { docType: PID_DOCTYPE, nameSpaces: new Map([[PID_NAMESPACE, new Map([['family_name', false]])]]) },
      ],
      consent: (_docType, _ns, id) => id !== 'resident_address',
      transcript: session.transcript,
      authenticator: { kind: 'signature', signer: holder.deviceSigner },
    });
    const parsed = DeviceResponse.fromBytes(response.toBytes());
    expect(parsed.documents[0]!.errors?.get(MDL_NAMESPACE)?.get('resident_address')).toBe(0);
    expect(parsed.documentErrors[0]?.get(PID_DOCTYPE)).toBe(0);
    const verdict = await verifyDeviceResponse(response.toBytes(), { trustAnchors: [pki.iacaDer], transcript: session.transcript });
    expect(verdict.valid).toBe(true);
    expect(verdict.documents[0]!.notReturned.get(MDL_NAMESPACE)?.get('resident_address')).toBe(0);
  });

  for (const digestAlgorithm of ['SHA-256', 'SHA-384', 'SHA-512'] as const) {
    it(`issues and verifies with ${digestAlgorithm} value digests`, async () => {
      const issuerSigned = await issueSample(pki, holder, { digestAlgorithm });
      expect(issuerSigned.mso.digestAlgorithm).toBe(digestAlgorithm);
      const session = await createSession();
      const verdict = await verifyDeviceResponse(await present(issuerSigned, holder, session), { trustAnchors: [pki.iacaDer], transcript: session.transcript });
      expect(codes(verdict)).toEqual([]);
    });
  }

  for (const dsAlgorithm of ['ES384', 'ES512'] as const) {
    it(`issues with a ${dsAlgorithm} document signer`, async () => {
      const otherPki = await createTestPki({ dsAlgorithm });
      const issuerSigned = await issueSample(otherPki, holder);
      expect(issuerSigned.issuerAuth.algorithm.algorithm).toBe(dsAlgorithm);
      const session = await createSession();
      const verdict = await verifyDeviceResponse(await present(issuerSigned, holder, session), { trustAnchors: [otherPki.iacaDer], transcript: session.transcript });
      expect(codes(verdict)).toEqual([]);
    });
  }

  it('issues the national ID (EU PID doctype) and verifies it', async () => {
    const signed = new Date();
    const seventeenYearsOld = new Date(signed);
    seventeenYearsOld.setUTCFullYear(signed.getUTCFullYear() - 17);
    seventeenYearsOld.setUTCDate(seventeenYearsOld.getUTCDate() - 10);
    const claims = {
      [PID_NAMESPACE]: {
        family_name: 'Okonkwo',
        given_name: 'Adaeze',
        birth_date: seventeenYearsOld.toISOString().slice(0, 10),
        birth_place: 'Utopia City',
        nationality: ['UT'],
        expiry_date: '2036-01-01',
        issuing_authority: 'Utopia Civil Registry',
        issuing_country: 'UT',
        personal_administrative_number: 'UT-1234567-8',
      },
    };
    const issuerSigned = await issueSample(pki, holder, { claims, docType: PID_DOCTYPE, signed });
    const session = await createSession();
    const verdict = await verifyDeviceResponse(await present(issuerSigned, holder, session), { trustAnchors: [pki.iacaDer], transcript: session.transcript, at: new Date(signed.getTime() + 7 * 86_400_000) });
    expect(codes(verdict)).toEqual([]);
    const elements = verdict.documents[0]!.issuerSigned.get(PID_NAMESPACE)!;
    expect(elements.get('age_over_18')).toBe(false);
    expect(elements.get('age_over_16')).toBe(true);
  });

  it('rejects an untrusted issuer with CERT_CHAIN_UNTRUSTED', async () => {
    const issuerSigned = await issueSample(pki, holder);
    const session = await createSession();
    const stranger = await createTestPki();
    const verdict = await verifyDeviceResponse(await present(issuerSigned, holder, session), { trustAnchors: [stranger.iacaDer], transcript: session.transcript });
    expect(verdict.valid).toBe(false);
    expect(codes(verdict)).toContain('CERT_CHAIN_UNTRUSTED');
  });

  it('rejects an expired or not-yet-valid MSO, with verification time as a parameter', async () => {
    const signed = new Date();
    const issuerSigned = await issueSample(pki, holder, { signed, validFrom: new Date(signed.getTime() + 86_400_000), validUntil: new Date(signed.getTime() + 10 * 86_400_000) });
    const session = await createSession();
    const bytes = await present(issuerSigned, holder, session);
    const options = { trustAnchors: [pki.iacaDer], transcript: session.transcript };
    expect(codes(await verifyDeviceResponse(bytes, { ...options, at: new Date(signed.getTime() + 3_600_000) }))).toEqual(['MSO_NOT_YET_VALID']);
    expect(codes(await verifyDeviceResponse(bytes, { ...options, at: new Date(signed.getTime() + 2 * 86_400_000) }))).toEqual([]);
    expect(codes(await verifyDeviceResponse(bytes, { ...options, at: new Date(signed.getTime() + 11 * 86_400_000) }))).toEqual(['MSO_EXPIRED']);
  });

  it('rejects a document whose docType differs from the MSO (DOCTYPE_MISMATCH)', async () => {
    const issuerSigned = await issueSample(pki, holder);
    const session = await createSession();
    const response = decodeCbor(await present(issuerSigned, holder, session)) as Map<string, unknown>;
    const document = (response.get('documents') as Map<string, unknown>[])[0]!;
    document.set('docType', 'org.iso.18013.5.1.other');
    const verdict = await verifyDeviceResponse(encodeCbor(response), { trustAnchors: [pki.iacaDer], transcript: session.transcript });
    expect(codes(verdict)).toContain('DOCTYPE_MISMATCH');
  });

  it('rejects a response presented in another session (DEVICE_SIGNATURE_INVALID) and one without a transcript', async () => {
    const issuerSigned = await issueSample(pki, holder);
    const bytes = await present(issuerSigned, holder, await createSession());
    expect(codes(await verifyDeviceResponse(bytes, { trustAnchors: [pki.iacaDer], transcript: (await createSession()).transcript }))).toEqual(['DEVICE_SIGNATURE_INVALID']);
    expect(codes(await verifyDeviceResponse(bytes, { trustAnchors: [pki.iacaDer] }))).toEqual(['SESSION_TRANSCRIPT_MISSING']);
  });

  it('rejects a credential presented with another device key', async () => {
    const issuerSigned = await issueSample(pki, holder);
    const session = await createSession();
    const thief = await createHolder();
    const verdict = await verifyDeviceResponse(await present(issuerSigned, thief, session), { trustAnchors: [pki.iacaDer], transcript: session.transcript });
    expect(codes(verdict)).toEqual(['DEVICE_SIGNATURE_INVALID']);
  });

  it('reports an MSO signed outside the DS certificate validity', async () => {
    const issuerSigned = await issueSample(pki, holder, { signed: new Date(pki.ds.notAfter.getTime() + 86_400_000), validFrom: new Date(), validUntil: new Date(pki.ds.notAfter.getTime() + 2 * 86_400_000) });
    const session = await createSession();
    const verdict = await verifyDeviceResponse(await present(issuerSigned, holder, session), { trustAnchors: [pki.iacaDer], transcript: session.transcript });
    expect(codes(verdict)).toEqual(['MSO_SIGNED_OUTSIDE_CERTIFICATE_VALIDITY']);
  });

  it('gives undecodable input a structure problem, never an exception', async () => {
    const verdict = await verifyDeviceResponse(Uint8Array.of(0xa1, 0x61), { trustAnchors: [pki.iacaDer] });
    expect(verdict.valid).toBe(false);
    expect(verdict.problems[0]?.code).toBe('CBOR_TRUNCATED');
    const notAResponse = await verifyDeviceResponse(encodeCbor(new Map([['version', '1.0']])), { trustAnchors: [pki.iacaDer] });
    expect(notAResponse.problems[0]?.code).toBe('CBOR_STRUCTURE_INVALID');
  });

  it('round-trips IssuerSigned byte-exact and keeps the issuerAuth protected header as issued', async () => {
    const issuerSigned = await issueSample(pki, holder);
    const bytes = encodeCbor(issuerSigned.toCbor());
    const parsed = IssuerSigned.fromCbor(decodeCbor(bytes));
    expect(Buffer.from(encodeCbor(parsed.toCbor())).equals(Buffer.from(bytes))).toBe(true);
    expect(parsed.issuerAuth.protectedHeaderBytes).toEqual(issuerSigned.issuerAuth.protectedHeaderBytes);
    expect(CoseSign1.fromCbor(parsed.issuerAuth.toCbor()).x5chain()[0]).toEqual(pki.dsDer);
  });

  it('gives every element a distinct random digestID and a salt of at least 16 bytes (§9.1.2.5)', async () => {
    const issued = await issueSample(pki, holder);
    // Read back from the encoded bytes, so the check covers what a verifier receives.
    const issuerSigned = IssuerSigned.fromCbor(decodeCbor(encodeCbor(issued.toCbor())));
    const items = issuerSigned.nameSpaces.get(MDL_NAMESPACE)!;
    expect(new Set(items.map((entry) => entry.item.digestId)).size).toBe(items.length);
    expect(items.every((entry) => entry.item.random.length === 32)).toBe(true);
    expect(new Set(items.map((entry) => Buffer.from(entry.item.random).toString('hex'))).size).toBe(items.length);
  });
});

describe('doctype validation at issuance', () => {
  const mdl = docTypeDefinition(MDL_DOCTYPE);
  const now = new Date('2026-11-22T00:00:00Z');

  it('requires every mandatory mDL element (§7.2.1 table 5)', () => {
    const claims = sampleMdlClaims();
    const { portrait: _portrait, ...rest } = claims[MDL_NAMESPACE]!;
    expect(() => prepareClaims(mdl, { [MDL_NAMESPACE]: rest }, now)).toThrow(expect.objectContaining({ code: 'ELEMENT_MISSING' }));
  });

  it('rejects unknown elements, wrong types, bad dates and country codes naming the element', () => {
    const base = sampleMdlClaims()[MDL_NAMESPACE]!;
    for (const [element, value] of [
      ['favourite_colour', 'blue'],
      ['height', -3],
      ['birth_date', '17/04/1990'],
      ['issuing_country', 'utopia'],
      ['driving_privileges', [{ issue_date: '2008-05-01' }]],
      ['family_name', 'x'.repeat(151)],
    ] as const) {
      expect(() => prepareClaims(mdl, { [MDL_NAMESPACE]: { ...base, [element]: value } }, now), element).toThrow(expect.objectContaining({ code: 'ELEMENT_INVALID', details: { element: expect.stringContaining(element) } }));
    }
  });

  it('takes portrait bytes as base64, base64url, a data: URL or wrapped lines, and refuses anything else naming the element', () => {
    const base = sampleMdlClaims()[MDL_NAMESPACE]!;
    const bytes = Buffer.from(String(base['portrait']), 'base64');
    const standard = bytes.toString('base64');
    for (const portrait of [standard, bytes.toString('base64url'), `data:image/jpeg;base64,${standard}`, standard.replace(/.{76}/g, '$&\r\n')]) {
      const prepared = prepareClaims(mdl, { [MDL_NAMESPACE]: { ...base, portrait } }, now).get(MDL_NAMESPACE)!;
      expect(Buffer.from(prepared.get('portrait') as Uint8Array).equals(bytes)).toBe(true);
    }
    for (const portrait of [`${standard.slice(0, 40)}*${standard.slice(41)}`, `${standard.slice(0, 40)}=${standard.slice(41)}`, 'not base64!']) {
      expect(() => prepareClaims(mdl, { [MDL_NAMESPACE]: { ...base, portrait } }, now)).toThrow(expect.objectContaining({ code: 'ELEMENT_INVALID', details: { element: expect.stringContaining('portrait') } }));
    }
  });

  it('derives age_over_NN and age_birth_year from birth_date at issuance, keeping given values', () => {
    const prepared = prepareClaims(mdl, sampleMdlClaims(), now).get(MDL_NAMESPACE)!;
    expect(prepared.get('age_over_18')).toBe(true);
    expect(prepared.get('age_over_65')).toBe(false);
    expect(prepared.get('age_birth_year')).toBe(1990);
    const base = sampleMdlClaims()[MDL_NAMESPACE]!;
    const given = prepareClaims(mdl, { [MDL_NAMESPACE]: { ...base, age_over_18: false } }, now).get(MDL_NAMESPACE)!;
    expect(given.get('age_over_18')).toBe(false);
  });
});

describe('MSO status (ISO/IEC 18013-5 second edition, Token Status List reference)', () => {
  it('carries the status list entry in the signed MSO and reads it back from the bytes', async () => {
    const pki = await createTestPki();
    const holder = await createHolder();
    const now = new Date();
    const issued = await issueMdoc({
      docType: MDL_DOCTYPE,
      nameSpaces: prepareClaims(docTypeDefinition(MDL_DOCTYPE), sampleMdlClaims(), now),
      deviceKey: holder.deviceKey,
      validity: { signed: now, validFrom: now, validUntil: new Date(now.getTime() + 86_400_000) },
      signer: pki.dsSigner,
      certificateChain: [pki.dsDer],
      status: { statusList: { idx: 4711, uri: 'https://identity.example/status-lists/1' } },
    });
    const parsed = IssuerSigned.fromCbor(decodeCbor(encodeCbor(issued.toCbor())));
    expect(parsed.mso.status).toEqual({ statusList: { idx: 4711, uri: 'https://identity.example/status-lists/1' } });
    const session = await createSession();
    expect((await verifyDeviceResponse(await present(parsed, holder, session), { trustAnchors: [pki.iacaDer], transcript: session.transcript })).valid).toBe(true);
  });
});
