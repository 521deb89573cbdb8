import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { failedChecks, MDL_DOCTYPE, MDL_NAMESPACE, SessionTranscript, verifyDeviceResponse } from '@citizen-zero/mdoc';
import { certificatePem } from '@citizen-zero/pki';
import { createTestPki, type TestPki } from './support/test-pki';
import { createHolder, createSession, issueSample, present, type Holder } from './support/present';

/**
 * Interoperability with an independent ISO/IEC 18013-5 implementation, @auth0/mdl:
 * Citizen Zero's mdocs verify with it, and its mdocs verify with Citizen Zero.
 */
const require = createRequire(import.meta.url);
const auth0 = require('@auth0/mdl') as typeof import('@auth0/mdl');

describe('interoperability with @auth0/mdl', () => {
  let pki: TestPki;
  let holder: Holder;

  beforeAll(async () => {
    pki = await createTestPki({ extractableDsKey: true });
    holder = await createHolder();
  });

  it('ours → theirs: a Citizen Zero mDL presentation verifies with @auth0/mdl', async () => {
    const session = await createSession();
    const bytes = await present(await issueSample(pki, holder), holder, session);
    const verifier = new auth0.Verifier([certificatePem(pki.iaca)]);
    const diagnostics = await verifier.getDiagnosticInformation(Buffer.from(bytes), { encodedSessionTranscript: Buffer.from(session.transcript.taggedBytes()) });
    const mdoc = await verifier.verify(Buffer.from(bytes), { encodedSessionTranscript: Buffer.from(session.transcript.taggedBytes()) });
    const document = mdoc.documents[0]!;
    expect(document.docType).toBe(MDL_DOCTYPE);
    const values = document.getIssuerNameSpace(MDL_NAMESPACE);
    expect(values['family_name']).toBe('Okonkwo');
    expect(values['age_over_18']).toBe(true);
    expect(diagnostics.issuerSignature.isValid).toBe(true);
    expect(diagnostics.attributes.length).toBeGreaterThanOrEqual(25);
    expect(diagnostics.attributes.every((attribute) => attribute.isValid)).toBe(true);
  });

  it('ours → theirs: @auth0/mdl rejects a Citizen Zero presentation bound to another session', async () => {
    const bytes = await present(await issueSample(pki, holder), holder, await createSession());
    const verifier = new auth0.Verifier([certificatePem(pki.iaca)]);
    await expect(verifier.verify(Buffer.from(bytes), { encodedSessionTranscript: Buffer.from((await createSession()).transcript.taggedBytes()) })).rejects.toThrow();
  });

  it('theirs → ours: an @auth0/mdl-issued, device-signed mDL verifies with Citizen Zero', async () => {
    const issuerPrivateKey = await crypto.subtle.exportKey('jwk', pki.dsSigner.keyPair.privateKey);
    const devicePrivateKey = await crypto.subtle.exportKey('jwk', holder.deviceSigner.keyPair.privateKey);
    const devicePublicKey = await crypto.subtle.exportKey('jwk', holder.deviceSigner.keyPair.publicKey);
    const now = new Date();
    const document = await new auth0.Document(MDL_DOCTYPE)
      .addIssuerNameSpace(MDL_NAMESPACE, { family_name: 'Jones', given_name: 'Ava', birth_date: '2007-03-25', issuing_country: 'UT', document_number: 'X123' })
      .useDigestAlgorithm('SHA-256')
      .addValidityInfo({ signed: now, validFrom: now, validUntil: new Date(now.getTime() + 30 * 86_400_000) })
      .addDeviceKeyInfo({ deviceKey: devicePublicKey as Parameters<InstanceType<typeof auth0.Document>['addDeviceKeyInfo']>[0]['deviceKey'] })
      .sign({ issuerPrivateKey: issuerPrivateKey as never, issuerCertificate: certificatePem(pki.ds), alg: 'ES256' });
    const issued = new auth0.MDoc([document]).encode();

    const session = await createSession();
    const presentationDefinition = {
      id: 'mdl-test',
      input_descriptors: [
        {
          id: MDL_DOCTYPE,
          format: { mso_mdoc: { alg: ['ES256'] } },
          constraints: {
            limit_disclosure: 'required',
            fields: ['family_name', 'given_name', 'birth_date'].map((id) => ({ path: [`$['${MDL_NAMESPACE}']['${id}']`], intent_to_retain: false })),
          },
        },
      ],
    };
    const response = await auth0.DeviceResponse.from(issued)
      .usingPresentationDefinition(presentationDefinition as never)
      .usingSessionTranscriptBytes(Buffer.from(session.transcript.taggedBytes()))
      .authenticateWithSignature(devicePrivateKey as never, 'ES256')
      .sign();
    const verdict = await verifyDeviceResponse(new Uint8Array(response.encode()), { trustAnchors: [pki.iacaDer], transcript: SessionTranscript.fromBytes(session.transcript.taggedBytes()) });
    expect(failedChecks(verdict)).toEqual([]);
    expect(verdict.valid).toBe(true);
    const elements = verdict.documents[0]!.issuerSigned.get(MDL_NAMESPACE)!;
    expect([...elements.keys()].sort()).toEqual(['birth_date', 'family_name', 'given_name']);
    expect(elements.get('family_name')).toBe('Jones');

    const tampered = new Uint8Array(response.encode());
    tampered[tampered.length - 10] = tampered[tampered.length - 10]! ^ 0x01;
    const tamperedVerdict = await verifyDeviceResponse(tampered, { trustAnchors: [pki.iacaDer], transcript: session.transcript });
    expect(tamperedVerdict.valid).toBe(false);
  });
});
