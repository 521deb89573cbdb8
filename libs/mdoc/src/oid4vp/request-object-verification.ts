import { describeCertificate, parseCertificate, validateCertificatePath } from '@citizen-zero/pki';
import { base64UrlDecode } from '../cose/cose-key';
import { REQUEST_OBJECT_TYPE } from './authorization-request';
import { certificateDnsNames, parseX509SanDnsClientId } from './client-id';
import { parseDcqlQuery, type DcqlQuery } from './dcql';
import { parseCompactJws, verifyCompactJws } from './jws';
import { Oid4vpError } from './oid4vp-error';
import { OPENID4VP_1_0, PRE_1_0_REQUEST_PARAMETERS, type OpenId4VpProfile } from './profile';

/** What a wallet reads from the QR code or link: who asks, and where its signed request is (RFC 9101 §5.2). */
export type AuthorizationRequestReference =
  | { readonly clientId: string; readonly requestUri: string }
  | { readonly clientId: string; readonly requestObject: string };

/** The verifier roots the wallet trusts (the RP/reader PKI), and how to check them. */
export interface VerifierTrust {
  /** Trusted verifier root certificates, DER. Without any, no request is accepted. */
  readonly trustAnchors: readonly Uint8Array[];
  readonly crls?: readonly Uint8Array[];
  /** When set, the leaf certificate must carry this extended key usage (e.g. 1.0.18013.5.1.6, mdlReaderAuth). */
  readonly requiredExtendedKeyUsage?: string;
}

/** Who signed the request: the leaf of `x5c`, with the root it chains to. */
export interface VerifierIdentity {
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly sha256Fingerprint: string;
  readonly trustAnchorSubject: string;
  /** `x5c` as received, DER, leaf first. */
  readonly certificateChain: readonly Uint8Array[];
}

/** An Authorization Request whose signature, certificate chain and parameters the wallet has checked. */
export interface VerifiedAuthorizationRequest {
  readonly profile: OpenId4VpProfile;
  /** The full Client Identifier, prefix included (§14.8). */
  readonly clientId: string;
  readonly responseUri: string;
  readonly nonce: string;
  readonly state?: string;
  readonly dcqlQuery: DcqlQuery;
  readonly expiresAt?: Date;
  readonly verifier: VerifierIdentity;
  /** The Request Object exactly as fetched. */
  readonly requestObject: string;
}

export interface VerifyRequestObjectOptions {
  /** The `client_id` of the Authorization Request that referenced the Request Object. */
  readonly clientId: string;
  readonly trust: VerifierTrust;
  /** The verification time; defaults to now. */
  readonly at?: Date;
  /** Accept `http:` Response URIs (development only; §14.6 wants TLS). */
  readonly allowHttp?: boolean;
  readonly clockSkewSeconds?: number;
}

const URL_SAFE = /^[A-Za-z0-9\-._~]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const UNSUPPORTED_RESPONSE_MODES = new Set(['direct_post.jwt', 'dc_api', 'dc_api.jwt', 'fragment', 'query', 'form_post']);

/**
 * Reads an Authorization Request URI (`openid4vp://?client_id=…&request_uri=…`, OpenID4VP 1.0 §5.10.1,
 * RFC 9101 §5.2; or `request=` by value, §5.4). Parameters other than `client_id` are taken only
 * from the signed Request Object (§5.10.1).
 */
export function parseAuthorizationRequestUri(uri: string): AuthorizationRequestReference {
  let parameters: URLSearchParams;
  try {
    parameters = new URL(uri).searchParams;
  } catch (error) {
    throw new Oid4vpError('OID4VP_REQUEST_INVALID', 'the Authorization Request is not a URI', {}, { cause: error });
  }
  const clientId = parameters.get('client_id');
  if (!clientId) throw new Oid4vpError('OID4VP_REQUEST_INVALID', 'the Authorization Request has no client_id (RFC 9101 §5)');
  const requestUri = parameters.get('request_uri');
  const request = parameters.get('request');
  if (requestUri && !request) return { clientId, requestUri };
  if (request && !requestUri) return { clientId, requestObject: request };
  if (parameters.has('presentation_definition') || parameters.has('dcql_query')) {
    throw new Oid4vpError('OID4VP_REQUEST_INVALID', 'unsigned Authorization Requests are not accepted: x509_san_dns requires a signed Request Object (§5.9.3)');
  }
  throw new Oid4vpError('OID4VP_REQUEST_INVALID', 'the Authorization Request needs exactly one of request_uri and request (RFC 9101 §5)');
}

/**
 * The wallet's checks of a Request Object (OpenID4VP 1.0 §5, §5.9.3, §5.10.1, §8.2; RFC 9101 §6):
 * 1. it is an OpenID4VP 1.0 request (no pre-1.0 parameters such as `presentation_definition` or
 *    `client_id_scheme`: `OID4VP_PROFILE_UNSUPPORTED`);
 * 2. the JOSE header has `typ` `oauth-authz-req+jwt` and an ECDSA `alg` (never `none`);
 * 3. `client_id` equals the Authorization Request's, with the `x509_san_dns` prefix;
 * 4. the signature verifies with the leaf of `x5c`, the chain validates (RFC 5280) to a trusted
 *    verifier root, the leaf is for digital signatures and carries the client id's DNS name as a
 *    dNSName SAN;
 * 5. it is within `nbf`/`exp`; `response_type` is `vp_token`, `response_mode` `direct_post` (others:
 *    `OID4VP_RESPONSE_MODE_UNSUPPORTED`), `response_uri` is https on the client id's host and no
 *    `redirect_uri` is present, `nonce` (and `state`) are URL-safe, `dcql_query` is a supported DCQL
 *    query and there is no `scope` or `transaction_data`.
 * Any failure throws {@link Oid4vpError}; the wallet must not present anything then.
 */
export async function verifyRequestObject(requestObject: string, options: VerifyRequestObjectOptions): Promise<VerifiedAuthorizationRequest> {
  const jws = parseCompactJws(requestObject);
  const { header, payload } = jws;
  const at = options.at ?? new Date();

  const legacy = PRE_1_0_REQUEST_PARAMETERS.filter((name) => name in payload);
  if (legacy.length > 0) {
    throw new Oid4vpError('OID4VP_PROFILE_UNSUPPORTED', `the Request Object uses ${legacy.join(', ')}, which OpenID4VP 1.0 does not define: it follows an earlier draft or ISO/IEC 18013-7 Annex B; this wallet implements ${OPENID4VP_1_0}`);
  }
  if (header['typ'] !== REQUEST_OBJECT_TYPE) throw new Oid4vpError('OID4VP_REQUEST_OBJECT_HEADER_INVALID', `the Request Object typ must be "${REQUEST_OBJECT_TYPE}" (§5), got "${String(header['typ'])}"`);
  if (payload['client_id'] !== options.clientId) throw new Oid4vpError('OID4VP_CLIENT_ID_MISMATCH', 'the Request Object client_id differs from the Authorization Request client_id (§5.10.1)');
  const { dnsName } = parseX509SanDnsClientId(options.clientId);

  // 4. Signature with the leaf of x5c, then the chain to a trusted root and the leaf's profile.
  const chain = x5c(header['x5c']);
  const leaf = chain[0]!;
  let spki: Uint8Array;
  try {
    spki = new Uint8Array(parseCertificate(leaf).publicKey.rawData);
  } catch (error) {
    throw new Oid4vpError('OID4VP_REQUEST_OBJECT_HEADER_INVALID', 'the x5c leaf is not an X.509 certificate', {}, { cause: error });
  }
  if (!(await verifyCompactJws(jws, spki))) throw new Oid4vpError('OID4VP_REQUEST_SIGNATURE_INVALID', 'the Request Object signature does not verify with the x5c leaf certificate key (§5.9.3)');
  if (options.trust.trustAnchors.length === 0) throw new Oid4vpError('OID4VP_VERIFIER_UNTRUSTED', 'no verifier roots are trusted', { pathCode: 'CERT_CHAIN_UNTRUSTED' });
  const path = await validateCertificatePath({ chain, trustAnchors: [...options.trust.trustAnchors], at, purpose: 'any', ...(options.trust.crls && { crls: [...options.trust.crls] }) });
  if (!path.valid || !path.anchor) {
    const [first] = path.errors;
    throw new Oid4vpError('OID4VP_VERIFIER_UNTRUSTED', `the verifier certificate does not validate to a trusted root: ${first?.message ?? 'no path'}`, { pathCode: first?.code ?? 'CERT_CHAIN_UNTRUSTED' });
  }
  const description = await describeCertificate(leaf);
  if (!description.keyUsage.includes('digitalSignature') || description.basicConstraints?.ca) {
    throw new Oid4vpError('OID4VP_VERIFIER_UNTRUSTED', 'the verifier certificate is not an end-entity certificate for digital signatures', { pathCode: 'CERT_KEY_USAGE_INVALID' });
  }
  if (options.trust.requiredExtendedKeyUsage && !description.extendedKeyUsage.includes(options.trust.requiredExtendedKeyUsage)) {
    throw new Oid4vpError('OID4VP_VERIFIER_UNTRUSTED', `the verifier certificate lacks extended key usage ${options.trust.requiredExtendedKeyUsage}`, { pathCode: 'CERT_EKU_INVALID' });
  }
  if (!certificateDnsNames(leaf).includes(dnsName.toLowerCase())) {
    throw new Oid4vpError('OID4VP_CLIENT_ID_MISMATCH', `the verifier certificate has no dNSName SAN ${dnsName} (x509_san_dns, §5.9.3)`);
  }

  // 5. Time and parameters.
  const skew = (options.clockSkewSeconds ?? 60) * 1000;
  const exp = numericDate(payload['exp'], 'exp');
  const nbf = numericDate(payload['nbf'], 'nbf');
  if (exp && at.getTime() > exp.getTime() + skew) throw new Oid4vpError('OID4VP_REQUEST_EXPIRED', `the Request Object expired at ${exp.toISOString()}`);
  if (nbf && at.getTime() + skew < nbf.getTime()) throw new Oid4vpError('OID4VP_REQUEST_EXPIRED', `the Request Object is not valid before ${nbf.toISOString()}`);
  if (payload['response_type'] !== 'vp_token') throw new Oid4vpError('OID4VP_REQUEST_INVALID', `response_type must be vp_token (§5.6), got "${String(payload['response_type'])}"`);
  const responseMode = payload['response_mode'];
  if (responseMode !== 'direct_post') {
    if (typeof responseMode === 'string' && UNSUPPORTED_RESPONSE_MODES.has(responseMode)) {
      throw new Oid4vpError('OID4VP_RESPONSE_MODE_UNSUPPORTED', `response_mode ${responseMode} is not supported; this wallet answers with direct_post (§8.2)`);
    }
    throw new Oid4vpError('OID4VP_REQUEST_INVALID', `response_mode must be direct_post (§8.2), got "${String(responseMode)}"`);
  }
  if ('redirect_uri' in payload) throw new Oid4vpError('OID4VP_REQUEST_INVALID', 'redirect_uri must not be present with response_mode direct_post (§8.2)');
  const responseUri = payload['response_uri'];
  if (typeof responseUri !== 'string') throw new Oid4vpError('OID4VP_REQUEST_INVALID', 'response_uri is required with direct_post (§8.2)');
  let response: URL;
  try {
    response = new URL(responseUri);
  } catch (error) {
    throw new Oid4vpError('OID4VP_REQUEST_INVALID', 'response_uri is not a URL', {}, { cause: error });
  }
  if (response.protocol !== 'https:' && !(options.allowHttp && response.protocol === 'http:')) throw new Oid4vpError('OID4VP_REQUEST_INVALID', 'response_uri must be https (§14.6)');
  if (response.hostname.toLowerCase() !== dnsName.toLowerCase()) throw new Oid4vpError('OID4VP_CLIENT_ID_MISMATCH', `the response_uri host ${response.hostname} is not the client id's DNS name ${dnsName} (§5.9.3)`);
  const nonce = payload['nonce'];
  if (typeof nonce !== 'string' || !URL_SAFE.test(nonce)) throw new Oid4vpError('OID4VP_REQUEST_INVALID', 'nonce is required and must be ASCII URL-safe characters (§5.2)');
  const state = payload['state'];
  if (state !== undefined && (typeof state !== 'string' || !URL_SAFE.test(state))) throw new Oid4vpError('OID4VP_REQUEST_INVALID', 'state must be ASCII URL-safe characters (§5.2)');
  if ('transaction_data' in payload) throw new Oid4vpError('OID4VP_REQUEST_INVALID', 'transaction_data is not supported by this wallet (§5.1: it must refuse the request)');
  if ('scope' in payload) throw new Oid4vpError('OID4VP_REQUEST_INVALID', 'scope aliases for DCQL queries are not supported; send dcql_query (§5.5)');
  if (!('dcql_query' in payload)) throw new Oid4vpError('OID4VP_REQUEST_INVALID', 'dcql_query is required (§5.1)');
  const dcqlQuery = parseDcqlQuery(payload['dcql_query']);

  return {
    profile: OPENID4VP_1_0,
    clientId: options.clientId,
    responseUri,
    nonce,
    ...(state !== undefined && { state: state as string }),
    dcqlQuery,
    ...(exp && { expiresAt: exp }),
    verifier: {
      subject: description.subject,
      issuer: description.issuer,
      serialNumber: description.serialNumber,
      notBefore: description.notBefore,
      notAfter: description.notAfter,
      sha256Fingerprint: description.sha256Fingerprint,
      trustAnchorSubject: path.anchor.subject,
      certificateChain: chain,
    },
    requestObject,
  };
}

/** `x5c` (RFC 7515 §4.1.6): a non-empty array of standard-base64 DER certificates, leaf first. */
function x5c(value: unknown): Uint8Array[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > 10 || !value.every((entry) => typeof entry === 'string' && BASE64.test(entry))) {
    throw new Oid4vpError('OID4VP_REQUEST_OBJECT_HEADER_INVALID', 'x5c must be a non-empty array of base64 DER certificates (RFC 7515 §4.1.6; required by x509_san_dns, §5.9.3)');
  }
  return (value as string[]).map((entry) => base64UrlDecode(entry));
}

function numericDate(value: unknown, name: string): Date | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Oid4vpError('OID4VP_REQUEST_INVALID', `${name} must be a NumericDate (RFC 7519 §2)`);
  return new Date(value * 1000);
}
