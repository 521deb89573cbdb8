import { base64UrlDecode } from '../cose/cose-key';
import type { SessionTranscript } from '../session/session-transcript';
import { verifyDeviceResponse } from '../verification/verify-device-response';
import type { DeviceResponseVerdict } from '../verification/verification-report';
import { checkDcqlSatisfied, type DcqlQuery, type DisclosedDocument, type Oid4vpCheck } from './dcql';
import { openId4VpSessionTranscript } from './handover';
import { Oid4vpError } from './oid4vp-error';
import { OPENID4VP_1_0, PRE_1_0_RESPONSE_PARAMETERS } from './profile';

/** What arrived at the Response URI, parsed (OpenID4VP 1.0 §8.1, §8.2, §8.5). DeviceResponse bytes are as received. */
export type ParsedAuthorizationResponse =
  | { readonly kind: 'error'; readonly error: string; readonly errorDescription?: string }
  | { readonly kind: 'vp_token'; readonly presentations: ReadonlyMap<string, readonly Uint8Array[]> };

/** The request the verifier sent, as it kept it: everything the response is checked against. */
export interface SentAuthorizationRequest {
  readonly clientId: string;
  readonly nonce: string;
  readonly responseUri: string;
  readonly state: string;
  readonly dcqlQuery: DcqlQuery;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const ERROR_CODE = /^[\x20-\x21\x23-\x5B\x5D-\x7E]{1,100}$/;

/**
 * Parses a `direct_post` body (OpenID4VP 1.0 §8.2, `application/x-www-form-urlencoded`) against the
 * request it answers:
 * - every parameter at most once; pre-1.0 parameters (`presentation_submission`) are
 *   `OID4VP_PROFILE_UNSUPPORTED`, an encrypted `response` (direct_post.jwt) `OID4VP_RESPONSE_MODE_UNSUPPORTED`;
 * - `state` equals the request's (§5.2, §14.3.2; `OID4VP_STATE_MISMATCH`);
 * - an Authorization Error Response (`error`, §8.5) is returned as such;
 * - `vp_token` is a JSON object whose keys are Credential Query ids of the request and whose values
 *   are non-empty arrays (one entry unless `multiple`) of base64url DeviceResponses (§8.1, Appendix B.2.5).
 *   A bare string or array is a pre-1.0 `vp_token`: `OID4VP_PROFILE_UNSUPPORTED`.
 */
export function parseAuthorizationResponse(form: URLSearchParams | Readonly<Record<string, unknown>>, request: Pick<SentAuthorizationRequest, 'state' | 'dcqlQuery'>): ParsedAuthorizationResponse {
  const parameters = formParameters(form);
  const legacy = PRE_1_0_RESPONSE_PARAMETERS.filter((name) => parameters.has(name));
  if (legacy.length > 0) throw new Oid4vpError('OID4VP_PROFILE_UNSUPPORTED', `the response carries ${legacy.join(', ')} (Presentation Exchange), which OpenID4VP 1.0 does not define; this verifier implements ${OPENID4VP_1_0}`);
  if (parameters.has('response')) throw new Oid4vpError('OID4VP_RESPONSE_MODE_UNSUPPORTED', 'encrypted responses (direct_post.jwt, §8.3.1) are not accepted: the request asked for direct_post');
  if (parameters.get('state') !== request.state) throw new Oid4vpError('OID4VP_STATE_MISMATCH', 'the response state is not the state of the request (§14.3.2)');

  const error = parameters.get('error');
  if (error !== undefined) {
    if (!ERROR_CODE.test(error)) throw new Oid4vpError('OID4VP_RESPONSE_INVALID', 'error is not an RFC 6749 error code');
    const description = parameters.get('error_description');
    return { kind: 'error', error, ...(description && { errorDescription: description.slice(0, 500) }) };
  }
  const raw = parameters.get('vp_token');
  if (raw === undefined) throw new Oid4vpError('OID4VP_RESPONSE_INVALID', 'the response has neither vp_token nor error (§8.1, §8.5)');
  let token: unknown;
  try {
    token = JSON.parse(raw);
  } catch {
    throw new Oid4vpError('OID4VP_PROFILE_UNSUPPORTED', `vp_token is not JSON: a bare presentation is an earlier draft's vp_token; ${OPENID4VP_1_0} sends a JSON object (§8.1)`);
  }
  if (typeof token !== 'object' || token === null || Array.isArray(token)) {
    throw new Oid4vpError('OID4VP_PROFILE_UNSUPPORTED', `vp_token is not a JSON object of Credential Query ids (§8.1): it follows an earlier draft; this verifier implements ${OPENID4VP_1_0}`);
  }
  const presentations = new Map<string, Uint8Array[]>();
  for (const [id, value] of Object.entries(token)) {
    const query = request.dcqlQuery.credentials.find((credential) => credential.id === id);
    if (!query) throw new Oid4vpError('OID4VP_VP_TOKEN_INVALID', `vp_token answers "${id.slice(0, 60)}", which is not a Credential Query of the request (§8.1)`);
    if (!Array.isArray(value) || value.length === 0) throw new Oid4vpError('OID4VP_VP_TOKEN_INVALID', `vp_token["${id}"] must be a non-empty array of presentations (§8.1)`);
    if (value.length > 1 && query.multiple !== true) throw new Oid4vpError('OID4VP_VP_TOKEN_INVALID', `vp_token["${id}"] holds ${value.length} presentations; the Credential Query allows one (§8.1)`);
    presentations.set(
      id,
      value.map((entry, index) => {
        if (typeof entry !== 'string' || !BASE64URL.test(entry)) throw new Oid4vpError('OID4VP_VP_TOKEN_INVALID', `vp_token["${id}"][${index}] must be a base64url DeviceResponse (Appendix B.2.5)`);
        return base64UrlDecode(entry);
      }),
    );
  }
  return { kind: 'vp_token', presentations };
}

/** A verifier's verdict on an OpenID4VP response. */
export interface Oid4vpVerdict {
  readonly valid: boolean;
  /** Present when the wallet answered with an Authorization Error Response (§8.5). */
  readonly walletError?: { readonly error: string; readonly errorDescription?: string };
  /** The SessionTranscript the verifier recomputed from its own request. */
  readonly sessionTranscript: SessionTranscript;
  /** One ISO/IEC 18013-5 §9.3 verdict per presentation, by Credential Query id. */
  readonly presentations: readonly { readonly credentialQueryId: string; readonly verdict: DeviceResponseVerdict }[];
  /** The OpenID4VP checks (DCQL satisfaction). */
  readonly checks: readonly Oid4vpCheck[];
}

/**
 * Verifies a `direct_post` response end to end (OpenID4VP 1.0 §8.6): parses it against the sent
 * request, recomputes the SessionTranscript from the request's `client_id`, `nonce` and `response_uri`
 * (Appendix B.2.6.1, no JWK thumbprint: unencrypted), verifies every DeviceResponse as received with
 * the ISO/IEC 18013-5 §9.3 checks — device authentication over that transcript binds each presentation
 * to this verifier and this transaction (§14.1.2) — and checks that the verified elements answer the
 * DCQL query. Throws {@link Oid4vpError} for what {@link parseAuthorizationResponse} refuses.
 */
export async function verifyAuthorizationResponse(
  form: URLSearchParams | Readonly<Record<string, unknown>>,
  options: { request: SentAuthorizationRequest; trustAnchors: readonly Uint8Array[]; crls?: readonly Uint8Array[]; at?: Date },
): Promise<Oid4vpVerdict> {
  const { request } = options;
  const parsed = parseAuthorizationResponse(form, request);
  const sessionTranscript = await openId4VpSessionTranscript({ clientId: request.clientId, nonce: request.nonce, jwkThumbprint: null, responseUri: request.responseUri });
  if (parsed.kind === 'error') return { valid: false, walletError: { error: parsed.error, ...(parsed.errorDescription && { errorDescription: parsed.errorDescription }) }, sessionTranscript, presentations: [], checks: [] };
  const at = options.at ?? new Date();
  const presentations: { credentialQueryId: string; verdict: DeviceResponseVerdict }[] = [];
  const disclosed = new Map<string, DisclosedDocument[]>();
  for (const [credentialQueryId, responses] of parsed.presentations) {
    for (const bytes of responses) {
      const verdict = await verifyDeviceResponse(bytes, { trustAnchors: options.trustAnchors, transcript: sessionTranscript, at, ...(options.crls && { crls: options.crls }) });
      presentations.push({ credentialQueryId, verdict });
      const documents = disclosed.get(credentialQueryId) ?? [];
      for (const document of verdict.documents) documents.push({ docType: document.docType, elements: new Map([...document.issuerSigned].map(([namespace, values]) => [namespace, new Set(values.keys())])) });
      disclosed.set(credentialQueryId, documents);
    }
  }
  const dcql = checkDcqlSatisfied(request.dcqlQuery, disclosed);
  return { valid: dcql.passed && presentations.length > 0 && presentations.every((presentation) => presentation.verdict.valid), sessionTranscript, presentations, checks: [dcql] };
}

function formParameters(form: URLSearchParams | Readonly<Record<string, unknown>>): Map<string, string> {
  const parameters = new Map<string, string>();
  const entries: Iterable<[string, unknown]> = form instanceof URLSearchParams ? form.entries() : Object.entries(form);
  for (const [name, value] of entries) {
    if (typeof value !== 'string') throw new Oid4vpError('OID4VP_RESPONSE_INVALID', `parameter ${name.slice(0, 60)} must be a single string (§8.2)`);
    if (parameters.has(name)) throw new Oid4vpError('OID4VP_RESPONSE_INVALID', `parameter ${name.slice(0, 60)} appears more than once (RFC 6749 §3.1)`);
    parameters.set(name, value);
  }
  return parameters;
}
