import {
  base64UrlDecode,
  base64UrlEncode,
  coseKeyToJwk,
  decodeCbor,
  failedChecks,
  IssuerSigned,
  openId4VpSessionTranscript,
  presentDocuments,
  verifyParsedDeviceResponse,
  type ItemsRequest,
} from '@citizen-zero/mdoc';
import { OPENID4VCI_ZK_FORMAT, parsePublishedIssuerKeySet, parseZkCredential, verifyZkCredential, type IssuerPublicKey } from '@citizen-zero/zk-credentials';
import { createDeviceKey, deleteDeviceKey, publicJwk, WebCryptoSigner, type DeviceKey } from '../device/device-key';
import type { HeldCredential, HeldMdoc, HeldZkCredential } from '../credentials/held-credential';
import type { KeyValueStore } from '../storage/key-value-store';
import { checkTxCode, CredentialOfferError, parseCredentialOffer, PRE_AUTHORIZED_CODE_GRANT, type CredentialOffer, type CredentialOfferReference } from './credential-offer';

/**
 * The wallet's side of OpenID4VCI 1.0 (final), pre-authorised code flow:
 * 1. issuer metadata (§12.2.2) and the authorization server's metadata (RFC 8414) for the token endpoint;
 * 2. token request with the pre-authorised code and the citizen's transaction code (§6.1);
 * 3. per `mso_mdoc` configuration: a new non-extractable P-256 device key, a fresh `c_nonce`
 *    from the nonce endpoint (§7), a JWT key proof (Appendix F.1: `typ` openid4vci-proof+jwt, the
 *    public key as `jwk`, `aud` the issuer, `iat`, `nonce`) signed in the browser, and the credential
 *    request (§8.2);
 * 4. the BBS age and nationality credential (`cz_zk_bbs`), which has no key binding, without a proof.
 *
 * Nothing is kept that does not check out: the mdoc must be of the configured doctype, bound to
 * the key just generated (MSO deviceKeyInfo), and pass a full reader-side verification (issuer
 * certificate chain to a trusted IACA, issuer signature, digests, validity, and a device signature
 * made with the new key) — so a tampered or foreign credential is refused at once. The BBS
 * credential's signature must verify with the issuer's published key.
 */
export interface ClaimDependencies {
  readonly store: KeyValueStore;
  readonly fetch: typeof fetch;
  /** IACA certificates (DER) the issuer's document signer must chain to. */
  readonly issuerTrustAnchors: readonly Uint8Array[];
  readonly allowHttp?: boolean;
  readonly now?: () => Date;
}

export interface ClaimResult {
  readonly credentials: readonly HeldCredential[];
  /** Configurations offered that the wallet did not take, and why. */
  readonly skipped: ReadonlyArray<{ readonly configurationId: string; readonly reason: string }>;
}

export class ClaimError extends Error {
  constructor(
    message: string,
    /** The OAuth/OpenID4VCI error code, when the issuer gave one. */
    readonly oauthError?: string,
  ) {
    super(message);
    this.name = 'ClaimError';
  }
}

interface IssuerMetadata {
  readonly credentialIssuer: string;
  readonly credentialEndpoint: string;
  readonly nonceEndpoint?: string;
  readonly tokenEndpoint: string;
  readonly displayName?: string;
  readonly configurations: Readonly<Record<string, Record<string, unknown>>>;
}

/** Fetches the offer when it is given by reference. */
export async function resolveOffer(reference: CredentialOfferReference, dependencies: Pick<ClaimDependencies, 'fetch' | 'allowHttp'>): Promise<CredentialOffer> {
  if ('offer' in reference) return reference.offer;
  const response = await dependencies.fetch(reference.offerUri, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new ClaimError(`the credential offer could not be fetched (HTTP ${response.status})`);
  return parseCredentialOffer(await response.json(), { allowHttp: dependencies.allowHttp ?? false });
}

/** What the offer's issuer calls itself, for the screen that asks the citizen to go on. */
export async function describeIssuer(offer: CredentialOffer, dependencies: Pick<ClaimDependencies, 'fetch'>): Promise<{ name: string; credentials: string[] }> {
  const metadata = await issuerMetadata(offer.credentialIssuer, dependencies.fetch);
  return {
    name: metadata.displayName ?? new URL(offer.credentialIssuer).host,
    credentials: offer.credentialConfigurationIds.map((id) => configurationName(metadata.configurations[id], id)),
  };
}

/** Redeems the offer: every credential it offers that this wallet supports, checked and bound to new device keys. */
export async function claimOffer(offer: CredentialOffer, txCode: string, dependencies: ClaimDependencies): Promise<ClaimResult> {
  const problem = checkTxCode(offer.txCode, txCode);
  if (problem) throw new CredentialOfferError(problem);
  if (dependencies.issuerTrustAnchors.length === 0) throw new ClaimError('the trust list of issuing authorities is not available: connect to the network and try again (the offer has not been used)');
  const metadata = await issuerMetadata(offer.credentialIssuer, dependencies.fetch);

  const tokenForm = new URLSearchParams({ grant_type: PRE_AUTHORIZED_CODE_GRANT, 'pre-authorized_code': offer.preAuthorizedCode });
  if (offer.txCode) tokenForm.set('tx_code', txCode);
  const token = await postForm(dependencies.fetch, metadata.tokenEndpoint, tokenForm);
  const accessToken = token['access_token'];
  if (typeof accessToken !== 'string') throw new ClaimError('the issuer gave no access token');

  const credentials: HeldCredential[] = [];
  const skipped: Array<{ configurationId: string; reason: string }> = [];
  for (const configurationId of offer.credentialConfigurationIds) {
    const configuration = metadata.configurations[configurationId];
    if (!configuration) {
      skipped.push({ configurationId, reason: 'the issuer does not describe it' });
      continue;
    }
    if (configuration['format'] === 'mso_mdoc') {
      credentials.push(await claimMdoc(metadata, configurationId, configuration, accessToken, dependencies));
    } else if (configuration['format'] === OPENID4VCI_ZK_FORMAT) {
      try {
        credentials.push(await claimZkCredential(metadata, configurationId, configuration, accessToken, dependencies));
      } catch (error) {
        // The identity credential is what the citizen came for; a missing BBS credential is reported, not fatal.
        skipped.push({ configurationId, reason: (error as Error).message });
      }
    } else {
      skipped.push({ configurationId, reason: `format ${String(configuration['format'])} is not supported by this wallet` });
    }
  }
  return { credentials, skipped };
}

async function claimMdoc(metadata: IssuerMetadata, configurationId: string, configuration: Record<string, unknown>, accessToken: string, dependencies: ClaimDependencies): Promise<HeldMdoc> {
  const docType = configuration['doctype'];
  if (typeof docType !== 'string') throw new ClaimError(`the issuer's ${configurationId} configuration names no doctype`);
  const deviceKey = await createDeviceKey(dependencies.store);
  try {
    const nonce = await freshNonce(metadata, dependencies.fetch);
    const proof = await keyProof(deviceKey, metadata.credentialIssuer, nonce, dependencies.now?.() ?? new Date());
    const answer = await postJson(dependencies.fetch, metadata.credentialEndpoint, accessToken, { credential_configuration_id: configurationId, proofs: { jwt: [proof] } });
    const encoded = firstCredential(answer);
    if (typeof encoded !== 'string') throw new ClaimError('the issuer sent an mdoc that is not base64url text');
    const issuerSigned = await checkIssuedMdoc(encoded, docType, deviceKey, dependencies);
    return {
      kind: 'mdoc',
      id: crypto.randomUUID(),
      docType: issuerSigned.mso.docType,
      issuerSigned: encoded,
      deviceKeyId: deviceKey.id,
      credentialIssuer: metadata.credentialIssuer,
      configurationId,
      receivedAt: (dependencies.now?.() ?? new Date()).toISOString(),
    };
  } catch (error) {
    await deleteDeviceKey(dependencies.store, deviceKey.id);
    throw error;
  }
}

/**
 * The checks on a received mdoc: doctype, key binding, and a reader's full verification of a
 * presentation of every element made with the new device key over a throw-away transcript.
 */
export async function checkIssuedMdoc(encoded: string, docType: string, deviceKey: DeviceKey, dependencies: Pick<ClaimDependencies, 'issuerTrustAnchors' | 'now'>): Promise<IssuerSigned> {
  let issuerSigned: IssuerSigned;
  try {
    issuerSigned = IssuerSigned.fromCbor(decodeCbor(base64UrlDecode(encoded), 'IssuerSigned'));
  } catch (error) {
    throw new ClaimError(`the issuer sent a credential that is not an mdoc: ${(error as Error).message}`);
  }
  if (issuerSigned.mso.docType !== docType) throw new ClaimError(`the issuer sent a ${issuerSigned.mso.docType} instead of a ${docType}`);
  const bound = coseKeyToJwk(issuerSigned.mso.deviceKeyInfo.deviceKey);
  const ours = await publicJwk(deviceKey);
  if (bound.x !== ours.x || bound.y !== ours.y) throw new ClaimError('the credential is not bound to this wallet’s device key');
  const transcript = await openId4VpSessionTranscript({ clientId: 'cz-wallet:self-check', nonce: base64UrlEncode(crypto.getRandomValues(new Uint8Array(16))), jwkThumbprint: null, responseUri: 'https://wallet.invalid/self-check' });
  const everything: ItemsRequest = { docType, nameSpaces: new Map([...issuerSigned.nameSpaces].map(([namespace, items]) => [namespace, new Map(items.map(({ item }) => [item.elementIdentifier, false]))])) };
  const response = await presentDocuments({ credentials: [issuerSigned], requests: [everything], transcript, authenticator: { kind: 'signature', signer: new WebCryptoSigner(deviceKey) } });
  const verdict = await verifyParsedDeviceResponse(response, { trustAnchors: dependencies.issuerTrustAnchors, transcript, at: dependencies.now?.() ?? new Date() });
  if (!verdict.valid) {
    const failures = failedChecks(verdict).map((check) => check.code ?? check.check);
    throw new ClaimError(`the credential does not verify (${[...new Set(failures)].join(', ')}): it was not kept`);
  }
  return issuerSigned;
}

async function claimZkCredential(metadata: IssuerMetadata, configurationId: string, configuration: Record<string, unknown>, accessToken: string, dependencies: ClaimDependencies): Promise<HeldZkCredential> {
  const answer = await postJson(dependencies.fetch, metadata.credentialEndpoint, accessToken, { credential_configuration_id: configurationId });
  const credential = parseZkCredential(firstCredential(answer));
  const keysUri = (configuration['cz_zk'] as Record<string, unknown> | undefined)?.['issuer_keys_uri'];
  let trusted: IssuerPublicKey[] | undefined;
  if (typeof keysUri === 'string') {
    const response = await dependencies.fetch(keysUri, { headers: { accept: 'application/json' } });
    if (!response.ok) throw new ClaimError(`the issuer's BBS keys could not be fetched (HTTP ${response.status})`);
    trusted = await parsePublishedIssuerKeySet(await response.json());
  }
  await verifyZkCredential(credential, trusted);
  return { kind: 'zk', id: crypto.randomUUID(), credential, credentialIssuer: metadata.credentialIssuer, configurationId, receivedAt: (dependencies.now?.() ?? new Date()).toISOString() };
}

/** The JWT key proof of OpenID4VCI 1.0 Appendix F.1, ES256 over the device key. */
export async function keyProof(deviceKey: DeviceKey, audience: string, nonce: string, now: Date): Promise<string> {
  const encode = (value: unknown) => base64UrlEncode(new TextEncoder().encode(JSON.stringify(value)));
  const header = encode({ typ: 'openid4vci-proof+jwt', alg: 'ES256', jwk: await publicJwk(deviceKey) });
  const payload = encode({ aud: audience, iat: Math.floor(now.getTime() / 1000), nonce });
  const signature = await new WebCryptoSigner(deviceKey).sign(new TextEncoder().encode(`${header}.${payload}`));
  return `${header}.${payload}.${base64UrlEncode(signature)}`;
}

async function issuerMetadata(credentialIssuer: string, fetchFn: typeof fetch): Promise<IssuerMetadata> {
  const metadata = await getJson(fetchFn, wellKnown(credentialIssuer, 'openid-credential-issuer'));
  if (metadata['credential_issuer'] !== credentialIssuer) throw new ClaimError('the issuer metadata is for another issuer (OpenID4VCI §12.2.3)');
  const credentialEndpoint = metadata['credential_endpoint'];
  if (typeof credentialEndpoint !== 'string') throw new ClaimError('the issuer metadata has no credential_endpoint');
  const servers = metadata['authorization_servers'];
  const authorizationServer = Array.isArray(servers) && typeof servers[0] === 'string' ? servers[0] : credentialIssuer;
  const server = await getJson(fetchFn, wellKnown(authorizationServer, 'oauth-authorization-server'));
  const tokenEndpoint = server['token_endpoint'];
  if (typeof tokenEndpoint !== 'string') throw new ClaimError('the authorization server metadata has no token_endpoint');
  const display = Array.isArray(metadata['display']) ? (metadata['display'][0] as Record<string, unknown> | undefined) : undefined;
  const configurations = metadata['credential_configurations_supported'];
  return {
    credentialIssuer,
    credentialEndpoint,
    ...(typeof metadata['nonce_endpoint'] === 'string' && { nonceEndpoint: metadata['nonce_endpoint'] }),
    tokenEndpoint,
    ...(typeof display?.['name'] === 'string' && { displayName: display['name'] }),
    configurations: typeof configurations === 'object' && configurations !== null ? (configurations as Record<string, Record<string, unknown>>) : {},
  };
}

function configurationName(configuration: Record<string, unknown> | undefined, id: string): string {
  const display = (configuration?.['credential_metadata'] as Record<string, unknown> | undefined)?.['display'] ?? configuration?.['display'];
  const name = Array.isArray(display) ? (display[0] as Record<string, unknown> | undefined)?.['name'] : undefined;
  if (typeof name === 'string') return name;
  if (configuration?.['doctype'] === 'org.iso.18013.5.1.mDL') return 'Driving licence (mDL)';
  if (configuration?.['doctype'] === 'eu.europa.ec.eudi.pid.1') return 'National ID (PID)';
  return id;
}

/** `<origin>/.well-known/<name><path>` (RFC 8615; OpenID4VCI 1.0 §12.2.2, RFC 8414 §3.1). */
export function wellKnown(identifier: string, name: string): string {
  const url = new URL(identifier);
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.origin}/.well-known/${name}${path}`;
}

async function freshNonce(metadata: IssuerMetadata, fetchFn: typeof fetch): Promise<string> {
  if (!metadata.nonceEndpoint) throw new ClaimError('the issuer has no nonce endpoint: this wallet proves its key with a fresh nonce only');
  const answer = await readJson(await fetchFn(metadata.nonceEndpoint, { method: 'POST', cache: 'no-store' }));
  if (typeof answer['c_nonce'] !== 'string') throw new ClaimError('the issuer gave no c_nonce');
  return answer['c_nonce'];
}

function firstCredential(answer: Record<string, unknown>): unknown {
  const list = answer['credentials'];
  if (!Array.isArray(list) || list.length === 0) throw new ClaimError('the issuer sent no credential (deferred issuance is not supported)');
  return (list[0] as Record<string, unknown>)['credential'];
}

async function getJson(fetchFn: typeof fetch, url: string): Promise<Record<string, unknown>> {
  return readJson(await fetchFn(url, { headers: { accept: 'application/json' } }));
}

async function postForm(fetchFn: typeof fetch, url: string, form: URLSearchParams): Promise<Record<string, unknown>> {
  return readJson(await fetchFn(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString(), cache: 'no-store' }));
}

async function postJson(fetchFn: typeof fetch, url: string, accessToken: string, body: unknown): Promise<Record<string, unknown>> {
  return readJson(await fetchFn(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` }, body: JSON.stringify(body), cache: 'no-store' }));
}

async function readJson(response: Response): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (!response.ok) {
    const error = typeof record['error'] === 'string' ? record['error'] : undefined;
    const description = typeof record['error_description'] === 'string' ? record['error_description'] : typeof record['detail'] === 'string' ? record['detail'] : `HTTP ${response.status}`;
    throw new ClaimError(`the issuer refused: ${description}`, error);
  }
  return record;
}
