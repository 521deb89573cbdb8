import { decodeCbor, encodeCbor, type CborMap } from '../cbor/cbor';
import { asArray, asBytes, asMap, asText, asUint, invalid, required } from '../cbor/structure';
import { base64UrlEncode } from '../cose/cose-key';
import { MdocError } from '../mdoc-error';

/**
 * Citizen Zero's private zero-knowledge exchange inside an ISO/IEC 18013-5 session: a reader asks
 * for an unlinkable BBS proof (e.g. "over 18") instead of a DeviceRequest, and the mdoc answers
 * with the proof instead of a DeviceResponse.
 *
 * **Where it departs from the standard.** ISO/IEC 18013-5:2021 §9.1.1.4 defines the plaintext of
 * SessionData `data` (and of SessionEstablishment `data`) as a DeviceRequest (reader → mdoc) or a
 * DeviceResponse (mdoc → reader), §8.3.2.1.2. The standard has no zero-knowledge presentation —
 * selective disclosure of `age_over_NN` is its answer, and it is linkable (the MSO, its signature and
 * the device key are the same in every presentation). So this exchange carries a different
 * plaintext in the *same* encrypted messages: everything else — engagement, SessionTranscript,
 * SKReader/SKDevice (§9.1.1.5), message counters, status codes (Table 20) — is unchanged, and the
 * relay or any other transport sees only ciphertext. An mdoc that does not know the exchange reads
 * the request as a DeviceRequest that does not validate and answers with a DeviceResponse of status 12
 * (CBOR validation, §8.3.2.1.2.3), which a reader must accept as "not supported".
 *
 * ```cddl
 * ZkSessionRequest = {                    ; reader → mdoc, plaintext of SessionEstablishment/SessionData data
 *   "czZkRequest": {
 *     "v": 1,
 *     "nonce": bstr .size 32,             ; fresh random, single use, chosen by the reader
 *     "audience": tstr,                   ; who asks (1 to 1024 UTF-8 bytes), e.g. the verifier's name or URL
 *     "claims": [* tstr],                 ; the claims it asks to see, e.g. ["age_over_18"]
 *     ? "minimumAge": uint                ; the age the reader checks, for the holder's information
 *   }
 * }
 * ZkSessionResponse = {                   ; mdoc → reader, plaintext of SessionData data
 *   "czZkResponse": { "v": 1, "proof": bstr }   ; UTF-8 JSON of the proof envelope (libs/zk-credentials)
 *   // { "v": 1, "error": tstr }              ; the holder declined, or has no such credential
 * }
 * ```
 *
 * The proof is bound to (`audience`, `nonce`) through the BBS presentation header; the BBS binding
 * nonce is the request's 32 nonce bytes in base64url without padding ({@link zkSessionBindingNonce}),
 * the same text form the verification service's online nonces take. Unknown members are ignored
 * (future versions add, never change, members); a different `v` is refused. The proof envelope is
 * opaque here: libs/mdoc carries its bytes and never reads them — parsing and verifying it is
 * libs/zk-credentials' job.
 *
 * Parsers throw `CBOR_DECODING_FAILED` (or one of the well-formedness codes) for bytes that are not
 * CBOR and `CBOR_STRUCTURE_INVALID` for CBOR that is not the message.
 */
export const ZK_SESSION_REQUEST_KEY = 'czZkRequest';
export const ZK_SESSION_RESPONSE_KEY = 'czZkResponse';
export const ZK_SESSION_EXCHANGE_VERSION = 1;
export const ZK_SESSION_NONCE_BYTES = 32;
/** Longest audience, in UTF-8 bytes (the BBS presentation header's limit). */
export const MAX_ZK_AUDIENCE_BYTES = 1024;
export const MAX_ZK_CLAIMS = 16;
export const MAX_ZK_CLAIM_LENGTH = 64;
export const MAX_ZK_ERROR_LENGTH = 256;
/** Largest proof envelope carried (the envelope parser's own limit is below it). */
export const MAX_ZK_PROOF_BYTES = 96 * 1024;
/** Highest `minimumAge` accepted. */
export const MAX_ZK_MINIMUM_AGE = 150;

/** A reader's request for a zero-knowledge proof. */
export interface ZkSessionRequest {
  readonly nonce: Uint8Array;
  readonly audience: string;
  readonly claims: readonly string[];
  readonly minimumAge?: number;
}

/** The mdoc's answer: a serialized proof envelope, or why there is none. */
export type ZkSessionResponse = { readonly proof: Uint8Array; readonly error?: undefined } | { readonly error: string; readonly proof?: undefined };

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** The reader's side: the plaintext to encrypt into SessionEstablishment or SessionData `data`. */
export function encodeZkSessionRequest(request: ZkSessionRequest): Uint8Array {
  const checked = checkRequest(request, 'ZkSessionRequest');
  const body = new Map<string, unknown>([
    ['v', ZK_SESSION_EXCHANGE_VERSION],
    ['nonce', Uint8Array.from(checked.nonce)],
    ['audience', checked.audience],
    ['claims', [...checked.claims]],
  ]);
  if (checked.minimumAge !== undefined) body.set('minimumAge', checked.minimumAge);
  return encodeCbor(new Map([[ZK_SESSION_REQUEST_KEY, body]]));
}

/** The mdoc's side: reads a decrypted ZkSessionRequest. */
export function parseZkSessionRequest(plaintext: Uint8Array): ZkSessionRequest {
  const what = 'ZkSessionRequest';
  const body = versionedBody(decodeCbor(plaintext, what), ZK_SESSION_REQUEST_KEY, what);
  const nonce = asBytes(required(body, 'nonce', what), `${what} nonce`);
  const audience = asText(required(body, 'audience', what), `${what} audience`);
  const claims = asArray(required(body, 'claims', what), `${what} claims`).map((claim, index) => asText(claim, `${what} claims[${index}]`));
  const minimumAge = body.has('minimumAge') ? asUint(body.get('minimumAge'), `${what} minimumAge`) : undefined;
  return checkRequest({ nonce: Uint8Array.from(nonce), audience, claims, ...(minimumAge !== undefined && { minimumAge }) }, what);
}

/** The mdoc's side: the plaintext to encrypt into SessionData `data`. */
export function encodeZkSessionResponse(response: ZkSessionResponse): Uint8Array {
  const checked = checkResponse(response, 'ZkSessionResponse');
  const body = new Map<string, unknown>([['v', ZK_SESSION_EXCHANGE_VERSION]]);
  if (checked.proof !== undefined) body.set('proof', Uint8Array.from(checked.proof));
  else body.set('error', checked.error);
  return encodeCbor(new Map([[ZK_SESSION_RESPONSE_KEY, body]]));
}

/** The reader's side: reads a decrypted ZkSessionResponse. Exactly one of `proof` and `error` must be present. */
export function parseZkSessionResponse(plaintext: Uint8Array): ZkSessionResponse {
  const what = 'ZkSessionResponse';
  const body = versionedBody(decodeCbor(plaintext, what), ZK_SESSION_RESPONSE_KEY, what);
  if (body.has('proof') === body.has('error')) throw invalid(what, 'needs exactly one of "proof" and "error"');
  const response: ZkSessionResponse = body.has('proof') ? { proof: Uint8Array.from(asBytes(body.get('proof'), `${what} proof`)) } : { error: asText(body.get('error'), `${what} error`) };
  return checkResponse(response, what);
}

/**
 * Whether a decrypted reader message is a ZkSessionRequest rather than a DeviceRequest: a CBOR map
 * with a `czZkRequest` member. It does not validate the request (parse it for that) and never throws;
 * bytes that are not CBOR are not a ZkSessionRequest.
 */
export function isZkSessionRequest(plaintext: Uint8Array): boolean {
  return hasTopLevelKey(plaintext, ZK_SESSION_REQUEST_KEY);
}

/** Whether a decrypted mdoc message is a ZkSessionResponse rather than a DeviceResponse (same rules as {@link isZkSessionRequest}). */
export function isZkSessionResponse(plaintext: Uint8Array): boolean {
  return hasTopLevelKey(plaintext, ZK_SESSION_RESPONSE_KEY);
}

/** The text nonce the BBS proof is bound to: the request's nonce bytes in base64url without padding. */
export function zkSessionBindingNonce(request: Pick<ZkSessionRequest, 'nonce'>): string {
  return base64UrlEncode(request.nonce);
}

/** The proof envelope's JSON text carried in a response (UTF-8, as libs/zk-credentials serializes it). */
export function zkSessionProofText(response: ZkSessionResponse): string {
  if (response.proof === undefined) throw new MdocError('CBOR_STRUCTURE_INVALID', `ZkSessionResponse: no proof (${response.error})`);
  try {
    return utf8Decoder.decode(response.proof);
  } catch (error) {
    throw new MdocError('CBOR_STRUCTURE_INVALID', 'ZkSessionResponse proof: not UTF-8 text', {}, { cause: error });
  }
}

/** A response carrying a proof envelope given as its JSON text (e.g. `serializeProofEnvelope(…)`). */
export function zkSessionProofResponse(envelopeJson: string): ZkSessionResponse {
  return { proof: utf8Encoder.encode(envelopeJson) };
}

function versionedBody(decoded: unknown, key: string, what: string): CborMap {
  const outer = asMap(decoded, what);
  const body = asMap(required(outer, key, what), `${what} ${key}`);
  const version = asUint(required(body, 'v', what), `${what} v`);
  if (version !== ZK_SESSION_EXCHANGE_VERSION) throw invalid(what, `version ${version} is not supported`);
  return body;
}

function checkRequest(request: ZkSessionRequest, what: string): ZkSessionRequest {
  if (!(request.nonce instanceof Uint8Array) || request.nonce.length !== ZK_SESSION_NONCE_BYTES) throw invalid(what, `nonce must be ${ZK_SESSION_NONCE_BYTES} bytes`);
  const audienceBytes = utf8Encoder.encode(request.audience).length;
  if (audienceBytes === 0 || audienceBytes > MAX_ZK_AUDIENCE_BYTES) throw invalid(what, `audience must be 1 to ${MAX_ZK_AUDIENCE_BYTES} UTF-8 bytes`);
  if (request.claims.length > MAX_ZK_CLAIMS) throw invalid(what, `more than ${MAX_ZK_CLAIMS} claims`);
  for (const claim of request.claims) {
    if (claim.length === 0 || claim.length > MAX_ZK_CLAIM_LENGTH) throw invalid(what, `a claim name must be 1 to ${MAX_ZK_CLAIM_LENGTH} characters`);
  }
  if (new Set(request.claims).size !== request.claims.length) throw invalid(what, 'a claim is asked twice');
  if (request.minimumAge !== undefined && (!Number.isSafeInteger(request.minimumAge) || request.minimumAge < 0 || request.minimumAge > MAX_ZK_MINIMUM_AGE)) {
    throw invalid(what, `minimumAge must be an integer from 0 to ${MAX_ZK_MINIMUM_AGE}`);
  }
  return request;
}

function checkResponse(response: ZkSessionResponse, what: string): ZkSessionResponse {
  if (response.proof !== undefined) {
    if (!(response.proof instanceof Uint8Array) || response.proof.length === 0 || response.proof.length > MAX_ZK_PROOF_BYTES) throw invalid(what, `proof must be 1 to ${MAX_ZK_PROOF_BYTES} bytes`);
    return response;
  }
  if (typeof response.error !== 'string' || response.error.length === 0 || response.error.length > MAX_ZK_ERROR_LENGTH) throw invalid(what, `error must be 1 to ${MAX_ZK_ERROR_LENGTH} characters`);
  return response;
}

function hasTopLevelKey(plaintext: Uint8Array, key: string): boolean {
  try {
    const decoded = decodeCbor(plaintext);
    return decoded instanceof Map && decoded.has(key);
  } catch {
    return false;
  }
}
