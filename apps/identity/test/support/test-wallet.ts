import { exportJWK, SignJWT } from 'jose';
import { base64UrlDecode, coseKeyFromJwk, decodeCbor, DeviceEngagement, IssuerSigned, type ItemsRequest, presentDocuments, SessionTranscript } from '@citizen-zero/mdoc';
import { SoftwareSigner } from '@citizen-zero/signing/testing';

/**
 * A citizen's wallet for tests: it redeems an OpenID4VCI credential offer with a device key it
 * holds, and presents the credential in an ISO 18013-5 device response (as apps/wallet will).
 */
export class TestWallet {
  private constructor(private readonly device: SoftwareSigner, readonly publicJwk: JsonWebKey) {}

  static async create(): Promise<TestWallet> {
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    return new TestWallet(SoftwareSigner.fromKeyPair('ES256', pair, 'device'), await exportJWK(pair.publicKey));
  }

  /** Runs the pre-authorised code flow against the issuer; returns each endpoint's raw answer for assertions. */
  async redeem(offerUri: string, txCode: string, options: { nonce?: (fresh: string) => string; audience?: string } = {}) {
    const offer = JSON.parse(decodeURIComponent(new URL(offerUri.replace('openid-credential-offer://', 'https://wallet.invalid/')).searchParams.get('credential_offer')!)) as { credential_issuer: string; credential_configuration_ids: string[]; grants: Record<string, { 'pre-authorized_code': string }> };
    const issuer = offer.credential_issuer;
    const metadata = await (await fetch(`${issuer}/.well-known/openid-credential-issuer`)).json();
    const asMetadata = await (await fetch(`${issuer}/.well-known/oauth-authorization-server`)).json();
    const code = offer.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']!['pre-authorized_code'];
    const tokenResponse = await fetch(asMetadata.token_endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'pre-authorized_code': code, tx_code: txCode }) });
    const token = await tokenResponse.json();
    if (tokenResponse.status !== 200) return { tokenStatus: tokenResponse.status, token, code, issuer };
    const { c_nonce } = await (await fetch(metadata.nonce_endpoint, { method: 'POST' })).json();
    const proof = await this.proof(options.audience ?? issuer, options.nonce ? options.nonce(c_nonce) : c_nonce);
    const credentialResponse = await fetch(metadata.credential_endpoint, { method: 'POST', headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' }, body: JSON.stringify({ credential_configuration_id: offer.credential_configuration_ids[0], proofs: { jwt: [proof] } }) });
    const credential = await credentialResponse.json();
    return { tokenStatus: 200, token, code, issuer, credentialStatus: credentialResponse.status, credential, accessToken: token.access_token as string, configurationId: offer.credential_configuration_ids[0]!, metadata };
  }

  async proof(audience: string, nonce: string): Promise<string> {
    const key = this.device.keyPair.privateKey;
    return new SignJWT({ nonce }).setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk: { kty: this.publicJwk.kty!, crv: this.publicJwk.crv!, x: this.publicJwk.x!, y: this.publicJwk.y! } }).setAudience(audience).setIssuedAt().sign(key);
  }

  /** Presents every element of the credential, device-signed, over a fresh QR-engagement session. */
  async present(credential: string): Promise<{ response: Uint8Array; transcript: SessionTranscript; issuerSigned: IssuerSigned }> {
    const issuerSigned = IssuerSigned.fromCbor(decodeCbor(base64UrlDecode(credential)));
    const eDevice = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
    const eReader = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
    const engagement = DeviceEngagement.create({ eDeviceKey: coseKeyFromJwk(await crypto.subtle.exportKey('jwk', eDevice.publicKey)) });
    const transcript = SessionTranscript.create({ deviceEngagementBytes: engagement.bytes, eReaderKey: coseKeyFromJwk(await crypto.subtle.exportKey('jwk', eReader.publicKey)), handover: null });
    const request: ItemsRequest = { docType: issuerSigned.mso.docType, nameSpaces: new Map([...issuerSigned.nameSpaces].map(([namespace, items]) => [namespace, new Map(items.map((entry) => [entry.item.elementIdentifier, false]))])) };
    const response = await presentDocuments({ credentials: [issuerSigned], requests: [request], transcript, authenticator: { kind: 'signature', signer: this.device } });
    return { response: response.toBytes(), transcript, issuerSigned };
  }
}
