import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failedChecks, MDL_NAMESPACE, verifyDeviceResponse } from '@citizen-zero/mdoc';
import { parsePemBundle } from '@citizen-zero/pki';
import { syntheticPortraitJpeg } from '@citizen-zero/test-harness';
import { BiometricStandIn, eventually } from './support/biometric-stand-in';
import { type IdentityTestContext, startIdentity } from './support/identity-test-app';
import { TestWallet } from './support/test-wallet';

const registrar = { roles: ['registrar'], subject: 'registrar-cat' };
const approver = { roles: ['approver'], subject: 'approver-dan' };

describe('wallet credentials through OpenID4VCI (pre-authorised code, key proof, mdoc signed in the HSM)', () => {
  let identity: IdentityTestContext;
  let biometric: BiometricStandIn;
  let personId: string;
  let mdlDocumentId: string;

  beforeAll(async () => {
    // Two document signer keys, each with its own issuance queue.
    identity = await startIdentity();
    await identity.restart({ CZ_IDENTITY_MDOC_KEY_LABEL: 'ds,ds-2', CZ_IDENTITY_MDOC_CERTIFICATE: `${identity.env['CZ_IDENTITY_MDOC_CERTIFICATE']},${identity.env['CZ_IDENTITY_MDOC_CERTIFICATE']!.replace(/ds\.pem$/, 'ds-2.pem')}` });
    biometric = new BiometricStandIn(identity.config.redisUrl, identity.config.queuePrefix, () => ({ outcome: 'no-match' }));
    const person = await identity.request('POST', '/persons', {
      ...registrar,
      body: { familyName: 'Abebe', givenNames: 'Selam', birthDate: '1988-03-05', placeOfBirth: 'Utopia City', sex: 'F', nationalities: ['UT'], addresses: [{ kind: 'residence', lines: ['9 Palm Road'], locality: 'Utopia City', postalCode: '2020', country: 'UT' }], portrait: Buffer.from(syntheticPortraitJpeg()).toString('base64') },
    });
    personId = person.body.id;
    const created = await identity.request('POST', '/applications', { ...registrar, body: { type: 'mdl', personId, drivingPrivileges: [{ vehicleCategoryCode: 'B', issueDate: '2010-06-01', expiryDate: '2035-06-01' }], reason: 'passed the driving test' } });
    const id = created.body.id;
    await identity.request('POST', `/applications/${id}/submission`, { ...registrar, body: { reason: 'form signed' } });
    await identity.request('POST', `/applications/${id}/biometrics`, { ...registrar, body: { reason: 'live capture', references: [{ modality: 'face', reference: 'face-selam' }] } });
    await eventually(async () => ((await identity.request('GET', `/applications/${id}`, approver)).body.state === 'review' ? true : undefined), 'review');
    await identity.request('POST', `/applications/${id}/approval`, { ...approver, body: { reason: 'test passed' } });
    await eventually(async () => ((await identity.request('GET', `/applications/${id}`, approver)).body.state === 'issued' ? true : undefined), 'issued');
    const documents = await identity.request('GET', `/persons/${personId}/documents`, approver);
    mdlDocumentId = documents.body.find((document: { kind: string }) => document.kind === 'mdl-credential').id;
    expect(biometric.requests[0]!.excludePersonIds).toEqual([personId]);
  }, 60_000);

  afterAll(async () => {
    await biometric?.close();
    await identity?.close();
  });

  it('issues the mDL to the key the wallet proves, and it verifies with libs/mdoc against the IACA', async () => {
    const offer = await identity.request('POST', `/documents/${mdlDocumentId}/offer`, approver);
    expect(offer.status).toBe(200);
    expect(offer.body.uri).toMatch(/^openid-credential-offer:\/\/\?credential_offer=/);
    expect(offer.body.txCode).toMatch(/^\d{6}$/);
    const wallet = await TestWallet.create();
    const redeemed = await wallet.redeem(offer.body.uri, offer.body.txCode);
    expect(redeemed.credentialStatus).toBe(200);
    expect(redeemed.metadata.credential_configurations_supported['org.iso.18013.5.1.mDL']).toMatchObject({ format: 'mso_mdoc', doctype: 'org.iso.18013.5.1.mDL' });
    const credential: string = redeemed.credential.credentials[0].credential;

    const { response, transcript, issuerSigned } = await wallet.present(credential);
    expect(issuerSigned.mso.deviceKeyInfo.deviceKey).toBeDefined();
    const verdict = await verifyDeviceResponse(response, { trustAnchors: parsePemBundle(identity.iacaPem), transcript });
    expect(failedChecks(verdict)).toEqual([]);
    expect(verdict.valid).toBe(true);
    const elements = verdict.documents[0]!.issuerSigned.get(MDL_NAMESPACE)!;
    expect(elements.get('family_name')).toBe('Abebe');
    expect(elements.get('age_over_18')).toBe(true);
    expect(elements.get('document_number')).toMatch(/^M[0-9A-Z]{8}$/);

    const documents = await identity.request('GET', `/persons/${personId}/documents`, approver);
    expect(documents.body.find((document: { id: string }) => document.id === mdlDocumentId).state).toBe('issued');
    // The offer is spent: the same code cannot be used again, and no new offer can be made.
    const again = await (await TestWallet.create()).redeem(offer.body.uri, offer.body.txCode);
    expect(again.tokenStatus).toBe(400);
    expect(again.token.error).toBe('invalid_grant');
    expect((await identity.request('POST', `/documents/${mdlDocumentId}/offer`, approver)).status).toBe(409);
  });

  it('refuses wrong transaction codes (voiding the offer after five), stale or forged nonces, and proofs for another audience', async () => {
    const application = await identity.request('POST', '/applications', { ...registrar, body: { type: 'national-id-renewal', personId, reason: 'card expiring' } });
    await identity.request('POST', `/applications/${application.body.id}/submission`, { ...registrar, body: { reason: 'signed' } });
    await identity.request('POST', `/applications/${application.body.id}/biometrics`, { ...registrar, body: { reason: 'live', references: [{ modality: 'face', reference: 'face-selam-2' }] } });
    await eventually(async () => ((await identity.request('GET', `/applications/${application.body.id}`, approver)).body.state === 'review' ? true : undefined), 'review');
    await identity.request('POST', `/applications/${application.body.id}/approval`, { ...approver, body: { reason: 'ok' } });
    await eventually(async () => ((await identity.request('GET', `/applications/${application.body.id}`, approver)).body.state === 'issued' ? true : undefined), 'issued');
    const documents = await identity.request('GET', `/persons/${personId}/documents`, approver);
    const nationalId = documents.body.find((document: { kind: string; applicationId: string }) => document.kind === 'national-id-credential' && document.applicationId === application.body.id);
    const wallet = await TestWallet.create();

    let offer = await identity.request('POST', `/documents/${nationalId.id}/offer`, approver);
    for (let attempt = 1; attempt <= 5; attempt++) expect((await wallet.redeem(offer.body.uri, '000000' === offer.body.txCode ? '111111' : '000000')).token.error).toBe('invalid_grant');
    expect((await wallet.redeem(offer.body.uri, offer.body.txCode)).token.error_description).toMatch(/unknown, expired or already used/);

    offer = await identity.request('POST', `/documents/${nationalId.id}/offer`, approver);
    const forged = await wallet.redeem(offer.body.uri, offer.body.txCode, { nonce: (fresh) => `${fresh.split('.')[0]}.AAAA` });
    expect(forged.credentialStatus).toBe(400);
    expect(forged.credential.error).toBe('invalid_nonce');

    offer = await identity.request('POST', `/documents/${nationalId.id}/offer`, approver);
    const elsewhere = await wallet.redeem(offer.body.uri, offer.body.txCode, { audience: 'https://another-issuer.example' });
    expect(elsewhere.credential.error).toBe('invalid_proof');

    offer = await identity.request('POST', `/documents/${nationalId.id}/offer`, approver);
    const good = await wallet.redeem(offer.body.uri, offer.body.txCode);
    expect(good.credentialStatus).toBe(200);
    const { response, transcript } = await wallet.present(good.credential.credentials[0].credential);
    expect((await verifyDeviceResponse(response, { trustAnchors: parsePemBundle(identity.iacaPem), transcript })).valid).toBe(true);
    const bad = await fetch(`${good.issuer}/oid4vci/credential`, { method: 'POST', headers: { authorization: 'Bearer nope', 'content-type': 'application/json' }, body: '{}' });
    expect(bad.status).toBe(401);
    expect((await bad.json()).error).toBe('invalid_token');
  });
});
