import { coseKeyFromJwk, docTypeDefinition, encodeCbor, issueMdoc, MDL_DOCTYPE, MDL_NAMESPACE, prepareClaims, base64UrlEncode, type ClaimsInput } from '@citizen-zero/mdoc';
import { createIacaCertificate, issueDocumentSignerCertificate } from '@citizen-zero/pki';
import { SoftwareSigner } from '@citizen-zero/signing/testing';
import { ageNationalityClaims, generateIssuerKeyPair, InMemoryBbsSigner, issueZkCredential, OPENID4VCI_ZK_FORMAT, publishIssuerKey, AGE_NATIONALITY_SCHEMA } from '@citizen-zero/zk-credentials';

const DAY = 86_400_000;
export const ISSUER = 'https://identity.test';
export const ZK_CONFIGURATION = 'cz_zk_age_nationality';

/** A tiny portrait-less mDL. */
export function sampleClaims(): ClaimsInput {
  return {
    [MDL_NAMESPACE]: {
      family_name: 'Okonkwo',
      given_name: 'Adaeze',
      birth_date: '1990-04-17',
      issue_date: '2026-01-10',
      expiry_date: '2036-01-09',
      issuing_country: 'UT',
      issuing_authority: 'Utopia Road Traffic Authority',
      document_number: 'DL100001',
      portrait: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 1, 2, 3]).toString('base64'),
      driving_privileges: [{ vehicle_category_code: 'B', issue_date: '2008-05-01', expiry_date: '2036-01-09' }],
      un_distinguishing_sign: 'UTO',
    },
  };
}

/**
 * An OpenID4VCI issuer in a `fetch` function, for unit tests of the wallet's client: metadata,
 * the pre-authorised code and transaction code, nonces, key proofs (checked), an mDL signed by a
 * test document signer under a test IACA, and the BBS credential. `tamper` alters the issued mdoc.
 */
export class FakeIssuer {
  readonly requests: Array<{ url: string; method: string; body?: string; authorization?: string }> = [];
  tamper: 'none' | 'element' | 'other-key' = 'none';
  private nonces = new Set<string>();
  private tokenUsed = false;

  private constructor(
    readonly iacaDer: Uint8Array,
    private readonly dsSigner: SoftwareSigner,
    private readonly dsDer: Uint8Array,
    private readonly bbs: InMemoryBbsSigner,
    readonly code: string,
    readonly txCode: string,
  ) {}

  static async create(): Promise<FakeIssuer> {
    const notBefore = new Date(Date.now() - DAY);
    const iacaSigner = await SoftwareSigner.generate('ES256', 'test-iaca');
    const iaca = await createIacaCertificate({ signer: iacaSigner, subject: { country: 'UT', commonName: 'Wallet Test IACA' }, validity: { notBefore, notAfter: new Date(notBefore.getTime() + 1000 * DAY) }, issuerAlternativeName: { uri: 'https://iaca.test' }, crlDistributionPointUri: 'https://iaca.test/crl' });
    const dsSigner = await SoftwareSigner.generate('ES256', 'test-ds');
    const ds = await issueDocumentSignerCertificate({ iacaSigner, iacaCertificate: iaca, publicKeySpki: await dsSigner.publicKeySpki(), subject: { country: 'UT', commonName: 'Wallet Test DS' }, validity: { notBefore, notAfter: new Date(notBefore.getTime() + 300 * DAY) } });
    const { secretKey } = await generateIssuerKeyPair();
    return new FakeIssuer(new Uint8Array(iaca.rawData), dsSigner, new Uint8Array(ds.rawData), await InMemoryBbsSigner.create(secretKey), 'pre-auth-code-1', '493027');
  }

  get bbsPublicKey() {
    return this.bbs.publicKey;
  }

  get offerUri(): string {
    const offer = { credential_issuer: ISSUER, credential_configuration_ids: [MDL_DOCTYPE, ZK_CONFIGURATION], grants: { 'urn:ietf:params:oauth:grant-type:pre-authorized_code': { 'pre-authorized_code': this.code, tx_code: { input_mode: 'numeric', length: 6 } } } };
    return `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`;
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    const headers = new Headers(init?.headers);
    this.requests.push({ url, method, ...(typeof init?.body === 'string' && { body: init.body }), ...(headers.get('authorization') && { authorization: headers.get('authorization')! }) });
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    switch (`${method} ${url}`) {
      case `GET ${ISSUER}/.well-known/openid-credential-issuer`:
        return json(200, {
          credential_issuer: ISSUER,
          credential_endpoint: `${ISSUER}/oid4vci/credential`,
          nonce_endpoint: `${ISSUER}/oid4vci/nonce`,
          display: [{ name: 'Utopia Identity Authority' }],
          credential_configurations_supported: {
            [MDL_DOCTYPE]: { format: 'mso_mdoc', doctype: MDL_DOCTYPE },
            [ZK_CONFIGURATION]: { format: OPENID4VCI_ZK_FORMAT, cz_zk: { schema: AGE_NATIONALITY_SCHEMA, issuer_keys_uri: `${ISSUER}/zk/issuer-keys` }, credential_metadata: { display: [{ name: 'Age and nationality (zero-knowledge)' }] } },
          },
        });
      case `GET ${ISSUER}/.well-known/oauth-authorization-server`:
        return json(200, { issuer: ISSUER, token_endpoint: `${ISSUER}/oid4vci/token` });
      case `GET ${ISSUER}/zk/issuer-keys`:
        return json(200, { keys: [publishIssuerKey(this.bbs.publicKey, [AGE_NATIONALITY_SCHEMA])] });
      case `POST ${ISSUER}/oid4vci/token`: {
        const form = new URLSearchParams(String(init?.body));
        if (form.get('pre-authorized_code') !== this.code || this.tokenUsed) return json(400, { error: 'invalid_grant', error_description: 'the offer is unknown, expired or already used' });
        if (form.get('tx_code') !== this.txCode) return json(400, { error: 'invalid_grant', error_description: 'wrong transaction code' });
        this.tokenUsed = true;
        return json(200, { access_token: 'access-1', token_type: 'Bearer', expires_in: 300 });
      }
      case `POST ${ISSUER}/oid4vci/nonce`: {
        const nonce = `nonce-${this.nonces.size + 1}`;
        this.nonces.add(nonce);
        return json(200, { c_nonce: nonce });
      }
      case `POST ${ISSUER}/oid4vci/credential`: {
        if (headers.get('authorization') !== 'Bearer access-1') return json(401, { error: 'invalid_token' });
        const body = JSON.parse(String(init?.body)) as { credential_configuration_id: string; proofs?: { jwt: string[] } };
        if (body.credential_configuration_id === ZK_CONFIGURATION) {
          const claims = ageNationalityClaims({ birthDate: '1990-04-17', nationality: 'UT', issuedAt: new Date(), validityMonths: 12, credentialId: 'c0ffee00c0ffee00c0ffee00c0ffee00' });
          return json(200, { credentials: [{ credential: await issueZkCredential(this.bbs, claims) }] });
        }
        const jwk = await this.checkProof(body.proofs?.jwt?.[0]);
        if (!jwk) return json(400, { error: 'invalid_proof' });
        return json(200, { credentials: [{ credential: await this.issue(jwk) }] });
      }
      default:
        return json(404, { error: 'not_found' });
    }
  };

  /** The key proof: typ, alg, the embedded key verifies the signature, audience and a nonce this issuer gave. */
  private async checkProof(jwt: string | undefined): Promise<JsonWebKey | undefined> {
    const [header, payload, signature] = (jwt ?? '').split('.');
    if (!header || !payload || !signature) return undefined;
    const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
    const protectedHeader = decode(header);
    const claims = decode(payload);
    if (protectedHeader['typ'] !== 'openid4vci-proof+jwt' || protectedHeader['alg'] !== 'ES256') return undefined;
    if (claims['aud'] !== ISSUER || typeof claims['nonce'] !== 'string' || !this.nonces.delete(claims['nonce'])) return undefined;
    const jwk = protectedHeader['jwk'] as JsonWebKey;
    const key = await crypto.subtle.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    const valid = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, Buffer.from(signature, 'base64url'), new TextEncoder().encode(`${header}.${payload}`));
    return valid ? jwk : undefined;
  }

  private async issue(jwk: JsonWebKey): Promise<string> {
    let deviceJwk = jwk;
    if (this.tamper === 'other-key') deviceJwk = await crypto.subtle.exportKey('jwk', (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign'])).publicKey);
    const now = new Date();
    const issuerSigned = await issueMdoc({
      docType: MDL_DOCTYPE,
      nameSpaces: prepareClaims(docTypeDefinition(MDL_DOCTYPE), sampleClaims(), now),
      deviceKey: coseKeyFromJwk(deviceJwk),
      validity: { signed: now, validFrom: now, validUntil: new Date(now.getTime() + 30 * DAY) },
      signer: this.dsSigner,
      certificateChain: [this.dsDer],
      status: { statusList: { idx: 7, uri: `${ISSUER}/status-lists/1` } },
    });
    let bytes = encodeCbor(issuerSigned.toCbor());
    if (this.tamper === 'element') {
      // Change one letter of the family name inside its IssuerSignedItemBytes: the digest no longer matches.
      const text = Buffer.from(bytes).toString('latin1').replace('Okonkwo', 'Okonkwa');
      bytes = new Uint8Array(Buffer.from(text, 'latin1'));
    }
    return base64UrlEncode(bytes);
  }
}
