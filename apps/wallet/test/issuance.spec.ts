// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest';
import { MDL_DOCTYPE } from '@citizen-zero/mdoc';
import { loadDeviceKey } from '../src/device/device-key';
import { parseHeldIssuerSigned, type HeldMdoc, type HeldZkCredential } from '../src/credentials/held-credential';
import { CredentialOfferError, parseCredentialOfferUri } from '../src/issuance/credential-offer';
import { claimOffer, ClaimError, describeIssuer, wellKnown } from '../src/issuance/oid4vci-client';
import { MemoryStore } from '../src/storage/key-value-store';
import { FakeIssuer, ISSUER, ZK_CONFIGURATION } from './support/fake-issuer';

describe('credential offers (OpenID4VCI 1.0 §4.1)', () => {
  it('reads an offer by value, by reference, and refuses what is not one', () => {
    const offer = { credential_issuer: 'https://identity.test', credential_configuration_ids: ['org.iso.18013.5.1.mDL'], grants: { 'urn:ietf:params:oauth:grant-type:pre-authorized_code': { 'pre-authorized_code': 'abc', tx_code: { input_mode: 'numeric', length: 6, description: 'On your slip' } } } };
    const uri = `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`;
    expect(parseCredentialOfferUri(uri)).toEqual({ offer: { credentialIssuer: 'https://identity.test', credentialConfigurationIds: ['org.iso.18013.5.1.mDL'], preAuthorizedCode: 'abc', txCode: { inputMode: 'numeric', length: 6, description: 'On your slip' } } });
    // The same query on a link to the wallet.
    expect(parseCredentialOfferUri(`https://wallet.example/?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`)).toMatchObject({ offer: { preAuthorizedCode: 'abc' } });
    expect(parseCredentialOfferUri('openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fidentity.test%2Foffers%2F1')).toEqual({ offerUri: 'https://identity.test/offers/1' });

    const refused = (text: string, options = {}) => {
      try {
        parseCredentialOfferUri(text, options);
      } catch (error) {
        expect(error).toBeInstanceOf(CredentialOfferError);
        return (error as Error).message;
      }
      return 'accepted';
    };
    const withIssuer = (issuer: string) => `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify({ ...offer, credential_issuer: issuer }))}`;
    expect(refused('not a link')).toContain('not a credential offer');
    expect(refused('openid-credential-offer://?x=1')).toContain('no credential offer');
    expect(refused('openid-credential-offer://?credential_offer=%7B')).toContain('not JSON');
    expect(refused(withIssuer('http://identity.test'))).toContain('https');
    expect(refused(withIssuer('http://identity.test'), { allowHttp: true })).toBe('accepted');
    const authorizationCodeOnly = { ...offer, grants: { authorization_code: {} } };
    expect(refused(`openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(authorizationCodeOnly))}`)).toContain('pre-authorised');
  });

  it('well-known URLs go between the host and the path (RFC 8615)', () => {
    expect(wellKnown('https://identity.test', 'openid-credential-issuer')).toBe('https://identity.test/.well-known/openid-credential-issuer');
    expect(wellKnown('https://gov.example/identity/', 'oauth-authorization-server')).toBe('https://gov.example/.well-known/oauth-authorization-server/identity');
  });
});

describe('claiming an offer (pre-authorised code, JWT key proof with a Web Crypto device key)', () => {
  let issuer: FakeIssuer;
  let store: MemoryStore;
  beforeEach(async () => {
    issuer = await FakeIssuer.create();
    store = new MemoryStore();
  });
  const offer = () => {
    const reference = parseCredentialOfferUri(issuer.offerUri);
    if (!('offer' in reference)) throw new Error('by value expected');
    return reference.offer;
  };
  const dependencies = () => ({ store, fetch: issuer.fetch, issuerTrustAnchors: [issuer.iacaDer] });

  it('receives the mDL bound to a new non-extractable key, and the BBS credential, both verified', async () => {
    expect(await describeIssuer(offer(), { fetch: issuer.fetch })).toEqual({ name: 'Utopia Identity Authority', credentials: ['Driving licence (mDL)', 'Age and nationality (zero-knowledge)'] });
    const result = await claimOffer(offer(), issuer.txCode, dependencies());
    expect(result.skipped).toEqual([]);
    const [mdoc, zk] = result.credentials as [HeldMdoc, HeldZkCredential];
    expect(mdoc).toMatchObject({ kind: 'mdoc', docType: MDL_DOCTYPE, credentialIssuer: ISSUER, configurationId: MDL_DOCTYPE });
    expect(zk).toMatchObject({ kind: 'zk', configurationId: ZK_CONFIGURATION, credential: { claims: { age_over_18: true, nationality: 'UT' } } });
    const key = await loadDeviceKey(store, mdoc.deviceKeyId);
    expect(key.privateKey.extractable).toBe(false);
    expect(key.privateKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' });
    expect(parseHeldIssuerSigned(mdoc).mso.status?.statusList).toEqual({ idx: 7, uri: `${ISSUER}/status-lists/1` });

    const token = issuer.requests.find((request) => request.url.endsWith('/oid4vci/token'))!;
    expect(Object.fromEntries(new URLSearchParams(token.body))).toEqual({ grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'pre-authorized_code': issuer.code, tx_code: issuer.txCode });
    const credentialRequest = JSON.parse(issuer.requests.find((request) => request.url.endsWith('/oid4vci/credential'))!.body!) as { proofs: { jwt: string[] } };
    const [header] = credentialRequest.proofs.jwt[0]!.split('.');
    const proofHeader = JSON.parse(Buffer.from(header!, 'base64url').toString()) as Record<string, unknown>;
    expect(proofHeader).toMatchObject({ typ: 'openid4vci-proof+jwt', alg: 'ES256', jwk: { kty: 'EC', crv: 'P-256' } });
    expect(proofHeader['jwk']).not.toHaveProperty('d');
  });

  it('refuses a wrong transaction code (the issuer says so) and a code of the wrong form (before asking)', async () => {
    const wrong = await claimOffer(offer(), '000000', dependencies()).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(wrong).toBeInstanceOf(ClaimError);
    expect((wrong as ClaimError).oauthError).toBe('invalid_grant');
    expect((wrong as Error).message).toContain('wrong transaction code');
    const before = issuer.requests.length;
    await expect(claimOffer(offer(), '12ab56', dependencies())).rejects.toThrow('digits only');
    expect(issuer.requests.length).toBe(before);
  });

  it('refuses a tampered mdoc and one bound to another key, and keeps no key for them', async () => {
    issuer.tamper = 'element';
    await expect(claimOffer(offer(), issuer.txCode, dependencies())).rejects.toThrow(/does not verify \(.*MSO_DIGEST_MISMATCH.*\)/);
    expect(store.stores.get('device-keys')!.size).toBe(0);

    const other = await FakeIssuer.create();
    other.tamper = 'other-key';
    const reference = parseCredentialOfferUri(other.offerUri);
    if (!('offer' in reference)) throw new Error('by value expected');
    await expect(claimOffer(reference.offer, other.txCode, { store, fetch: other.fetch, issuerTrustAnchors: [other.iacaDer] })).rejects.toThrow('not bound to this wallet');
    expect(store.stores.get('device-keys')!.size).toBe(0);
  });

  it('refuses an issuer that does not chain to a trusted IACA, and does not spend the offer without a trust list', async () => {
    const stranger = await FakeIssuer.create();
    await expect(claimOffer(offer(), issuer.txCode, { store, fetch: issuer.fetch, issuerTrustAnchors: [stranger.iacaDer] })).rejects.toThrow(/CERT_CHAIN_UNTRUSTED|does not verify/);
    const fresh = await FakeIssuer.create();
    const reference = parseCredentialOfferUri(fresh.offerUri);
    if (!('offer' in reference)) throw new Error('by value expected');
    await expect(claimOffer(reference.offer, fresh.txCode, { store, fetch: fresh.fetch, issuerTrustAnchors: [] })).rejects.toThrow('trust list');
    expect(fresh.requests).toEqual([]);
  });
});
