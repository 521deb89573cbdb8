import type { Signer } from '@citizen-zero/signing';
import { base64UrlEncode } from '../cose/cose-key';
import { parseX509SanDnsClientId } from './client-id';
import type { DcqlQuery } from './dcql';
import { signCompactJws } from './jws';
import { Oid4vpError } from './oid4vp-error';

/** `typ` of a Request Object (RFC 9101 §10.8; required by OpenID4VP 1.0 §5). */
export const REQUEST_OBJECT_TYPE = 'oauth-authz-req+jwt';
/** The media type a Request URI answers with (OpenID4VP 1.0 §5.10.1, RFC 9101 §10.2). */
export const REQUEST_OBJECT_MEDIA_TYPE = 'application/oauth-authz-req+jwt';
/** `aud` of a Request Object when the wallet's metadata is static (OpenID4VP 1.0 §5.8). */
export const STATIC_DISCOVERY_AUDIENCE = 'https://self-issued.me/v2';
/** The Authorization Endpoint of the static wallet configuration (OpenID4VP 1.0 §13.1.2). */
export const OPENID4VP_SCHEME = 'openid4vp://';

/**
 * The COSE algorithms this verifier accepts in IssuerAuth and DeviceSignature (ES256, ES384, ES512;
 * RFC 9053 §2.1). DeviceMac is not offered: with OpenID4VP there is no EReaderKey to agree a MAC key with.
 */
export const MSO_MDOC_VP_FORMATS = { mso_mdoc: { issuerauth_alg_values: [-7, -35, -36], deviceauth_alg_values: [-7, -35, -36] } } as const;

/** What the verifier asks and where the answer goes. */
export interface AuthorizationRequestParams {
  /** `x509_san_dns:<DNS name of the verifier's access certificate>` (§5.9.3). */
  readonly clientId: string;
  /** Where the wallet posts the response (§8.2); its host must be the client id's DNS name (§5.9.3). */
  readonly responseUri: string;
  /** Fresh, at least 128 bits of randomness, URL-safe characters only (§5.2, §13.3 step 1): see {@link createNonce}. */
  readonly nonce: string;
  /** Identifies the transaction at the Response URI (§5.2, §13.3 step 4). */
  readonly state: string;
  readonly dcqlQuery: DcqlQuery;
  readonly issuedAt: Date;
  /** After this the wallet refuses the request (RFC 7519 `exp`). */
  readonly expiresAt: Date;
}

const URL_SAFE = /^[A-Za-z0-9\-._~]+$/;

/** 32 random bytes, base64url: a `nonce`, `state` or identifier (OpenID4VP 1.0 §5.2, §13.3). */
export function createNonce(): string {
  return base64UrlEncode(crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * The Request Object payload (OpenID4VP 1.0 §5 and §8.2, RFC 9101 §4): `response_type=vp_token`,
 * `response_mode=direct_post` with `response_uri`, `client_id`, `nonce`, `state`, `dcql_query`, and
 * `client_metadata.vp_formats_supported` (§5.1, §11.1, Appendix B.2.2). No `redirect_uri` (§8.2
 * forbids it next to `response_uri`).
 */
export function createRequestObjectPayload(params: AuthorizationRequestParams): Record<string, unknown> {
  const { dnsName } = parseX509SanDnsClientId(params.clientId);
  let responseHost: string;
  try {
    responseHost = new URL(params.responseUri).hostname.toLowerCase();
  } catch (error) {
    throw new Oid4vpError('OID4VP_REQUEST_INVALID', 'response_uri is not a URL', {}, { cause: error });
  }
  if (responseHost !== dnsName.toLowerCase()) throw new Oid4vpError('OID4VP_CLIENT_ID_MISMATCH', `the response_uri host ${responseHost} is not the client id's DNS name ${dnsName} (§5.9.3)`);
  for (const [name, value] of [['nonce', params.nonce], ['state', params.state]] as const) {
    if (!URL_SAFE.test(value)) throw new Oid4vpError('OID4VP_REQUEST_INVALID', `${name} must contain only ASCII URL-safe characters (§5.2)`);
  }
  return {
    aud: STATIC_DISCOVERY_AUDIENCE,
    iat: Math.floor(params.issuedAt.getTime() / 1000),
    exp: Math.floor(params.expiresAt.getTime() / 1000),
    client_id: params.clientId,
    response_type: 'vp_token',
    response_mode: 'direct_post',
    response_uri: params.responseUri,
    nonce: params.nonce,
    state: params.state,
    dcql_query: params.dcqlQuery,
    client_metadata: { vp_formats_supported: MSO_MDOC_VP_FORMATS },
  };
}

/**
 * Signs the Request Object (RFC 9101 §4, OpenID4VP 1.0 §5) as a compact JWS with `typ`
 * `oauth-authz-req+jwt` and the verifier's access certificate chain in `x5c` (RFC 7515 §4.1.6:
 * standard base64 DER, leaf first; the root is left out). The key is reached only through `signer`.
 */
export function signRequestObject(params: { payload: Record<string, unknown>; signer: Signer; certificateChain: readonly Uint8Array[] }): Promise<string> {
  if (params.certificateChain.length === 0) throw new Oid4vpError('OID4VP_REQUEST_INVALID', 'x509_san_dns needs the certificate chain in x5c (§5.9.3)');
  const x5c = params.certificateChain.map((der) => standardBase64(der));
  return signCompactJws({ header: { typ: REQUEST_OBJECT_TYPE, x5c }, payload: params.payload, signer: params.signer });
}

/**
 * The Authorization Request that points the wallet at the Request Object (RFC 9101 §5.2, OpenID4VP
 * 1.0 §5.10.1): `<endpoint>?client_id=…&request_uri=…`, for a QR code or a link. No
 * `request_uri_method`: the wallet fetches with GET.
 */
export function authorizationRequestUri(params: { authorizationEndpoint?: string; clientId: string; requestUri: string }): string {
  const query = new URLSearchParams({ client_id: params.clientId, request_uri: params.requestUri });
  return `${params.authorizationEndpoint ?? OPENID4VP_SCHEME}?${query.toString()}`;
}

function standardBase64(bytes: Uint8Array): string {
  const base64url = base64UrlEncode(bytes).replace(/-/g, '+').replace(/_/g, '/');
  return base64url + '='.repeat((4 - (base64url.length % 4)) % 4);
}
