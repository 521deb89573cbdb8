import { signatureAlgorithmInfo, verifyEcdsa, type SignatureAlgorithm, type SignatureAlgorithmInfo } from '@citizen-zero/signing';
import { STATUS_LIST_JWT_TYP } from '../draft';
import { base64UrlEncode, decodeBase64, decodeBase64Url, encodeBase64, fromUtf8, isAbsoluteUri, utf8 } from '../encoding';
import type { StatusList } from '../status-list';
import { decodeStatusListJson, encodeStatusListJson, type DecodeStatusListOptions } from '../status-list-encoding';
import { StatusListError } from '../status-list-error';
import { prepareIssuance, signWith, type IssueStatusListTokenParams, type StatusListTokenClaims, type UnverifiedStatusListToken } from './status-list-token';

/** JWS algorithms (RFC 7518 §3.4) a Status List JWT may be signed with here: ECDSA only; MAC and `none` are refused. */
const JWS_ALGORITHMS: ReadonlySet<string> = new Set<SignatureAlgorithm>(['ES256', 'ES384', 'ES512']);

/**
 * Issues a Status List Token in JWT format (§5.1): header `{ alg, typ: "statuslist+jwt", kid?, x5c? }`,
 * claims `{ sub, iat, exp?, ttl?, iss?, status_list: { bits, lst, aggregation_uri? } }`, signed through
 * the Signer port over `ASCII(BASE64URL(header) '.' BASE64URL(payload))` (RFC 7515 §5.1). Returns
 * the JWS Compact Serialization, the body of an `application/statuslist+jwt` response (§8.2).
 */
export async function createStatusListJwt(params: IssueStatusListTokenParams): Promise<string> {
  const prepared = await prepareIssuance(params);
  const header: Record<string, unknown> = { alg: prepared.algorithm.algorithm, typ: STATUS_LIST_JWT_TYP };
  if (prepared.kid !== undefined) header['kid'] = prepared.kid;
  if (prepared.certificateChain.length > 0) header['x5c'] = prepared.certificateChain.map(encodeBase64);
  const payload: Record<string, unknown> = {
    sub: prepared.uri,
    iat: prepared.iat,
    ...(prepared.exp !== undefined && { exp: prepared.exp }),
    ...(prepared.ttl !== undefined && { ttl: prepared.ttl }),
    ...(prepared.issuer !== undefined && { iss: prepared.issuer }),
    status_list: encodeStatusListJson(params.statusList, params.aggregationUri === undefined ? {} : { aggregationUri: params.aggregationUri }),
  };
  const signingInput = `${base64UrlEncode(utf8(JSON.stringify(header)))}.${base64UrlEncode(utf8(JSON.stringify(payload)))}`;
  const signature = await signWith(params.signer, prepared.algorithm, utf8(signingInput));
  return `${signingInput}.${base64UrlEncode(signature)}`;
}

/**
 * Reads a JWS Compact Serialization (RFC 7515 §7.1) as a Status List Token: three canonical base64url
 * parts, a JSON object header with `typ` `statuslist+jwt` (§5.1; `application/statuslist+jwt` is
 * the same type, RFC 7515 §4.1.9), an ECDSA `alg`, no `crit` (RFC 7515 §4.1.11: none understood),
 * and a JSON object payload. The signature is checked later, by {@link UnverifiedStatusListToken.verifySignature}.
 */
export function decodeStatusListJwt(token: string): UnverifiedStatusListToken {
  if (typeof token !== 'string') throw malformed('a Status List Token in JWT format must be a string');
  const parts = token.split('.');
  if (parts.length !== 3) throw malformed(`a JWS Compact Serialization has 3 parts, not ${parts.length} (RFC 7515 §7.1)`);
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = parseJsonObject(decodeBase64Url(headerPart, 'JWS header'), 'JWS header');
  const payloadBytes = decodeBase64Url(payloadPart, 'JWT payload');
  const signature = decodeBase64Url(signaturePart, 'JWS signature');

  const typ = header['typ'];
  if (typeof typ !== 'string' || !isStatusListJwtType(typ)) throw new StatusListError('STATUS_LIST_TYPE_INVALID', `JWT typ must be "${STATUS_LIST_JWT_TYP}" (§5.1), not ${JSON.stringify(typ) ?? 'missing'}`);
  const alg = header['alg'];
  if (typeof alg !== 'string' || !JWS_ALGORITHMS.has(alg)) {
    throw new StatusListError('STATUS_LIST_ALGORITHM_UNSUPPORTED', `JWS alg ${JSON.stringify(alg) ?? 'missing'} is not accepted: ES256, ES384 or ES512 (§5.1 rule 2; MAC and "none" are refused, §11.6)`);
  }
  if (header['crit'] !== undefined) throw malformed('the JWS header has "crit" parameters, none of which this verifier understands (RFC 7515 §4.1.11)');
  const algorithm = signatureAlgorithmInfo(alg as SignatureAlgorithm);
  const kid = header['kid'];
  if (kid !== undefined && typeof kid !== 'string') throw malformed('JWS kid must be a string (RFC 7515 §4.1.4)');
  const certificateChain = readX5c(header['x5c']);
  const signingInput = utf8(`${headerPart}.${payloadPart}`);

  let payload: Record<string, unknown> | undefined;
  const readPayload = (): Record<string, unknown> => (payload ??= parseJsonObject(payloadBytes, 'JWT payload'));
  return {
    format: 'jwt',
    algorithm,
    ...(kid !== undefined && { kid }),
    certificateChain,
    verifySignature: (publicKey) => verifyJws(publicKey, algorithm, signature, signingInput),
    readClaims: () => readJwtClaims(readPayload()),
    readStatusList: (options: DecodeStatusListOptions): StatusList => {
      const claim = readPayload()['status_list'];
      if (claim === undefined) throw malformed('the status_list claim is missing (§5.1)');
      return decodeStatusListJson(claim, options).statusList;
    },
  };
}

async function verifyJws(publicKey: CryptoKey, algorithm: SignatureAlgorithmInfo, signature: Uint8Array, signingInput: Uint8Array): Promise<boolean> {
  // RFC 7518 §3.4: the JWS signature is R‖S, each the size of the curve's coordinates.
  if (signature.length !== algorithm.coordinateLength * 2) return false;
  const key = publicKey.algorithm as EcKeyAlgorithm;
  if (key.name !== 'ECDSA' || key.namedCurve !== algorithm.curve) return false;
  return verifyEcdsa(publicKey, algorithm.hash, signature, signingInput);
}

function readJwtClaims(payload: Record<string, unknown>): StatusListTokenClaims {
  const { sub, iat, exp, ttl, nbf, iss, status_list: statusList } = payload;
  if (!isAbsoluteUri(sub)) throw malformed('sub must be the URI of the Status List Token (§5.1)');
  if (statusList === undefined) throw malformed('the status_list claim is missing (§5.1)');
  const aggregationUri = typeof statusList === 'object' && statusList !== null ? (statusList as Record<string, unknown>)['aggregation_uri'] : undefined;
  if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl <= 0)) throw malformed('ttl must be a positive number (§5.1)');
  if (iss !== undefined && typeof iss !== 'string') throw malformed('iss must be a string (RFC 7519 §4.1.1)');
  if (aggregationUri !== undefined && !isAbsoluteUri(aggregationUri)) throw malformed('status_list.aggregation_uri must be an absolute URI (§9.2)');
  const expiresAt = optionalNumericDate(exp, 'exp');
  const notBefore = optionalNumericDate(nbf, 'nbf');
  return {
    subject: sub,
    issuedAt: requiredNumericDate(iat, 'iat'),
    ...(expiresAt && { expiresAt }),
    ...(ttl !== undefined && { timeToLive: ttl as number }),
    ...(notBefore && { notBefore }),
    ...(iss !== undefined && { issuer: iss as string }),
    ...(aggregationUri !== undefined && { aggregationUri: aggregationUri as string }),
  };
}

/** `x5c` (RFC 7515 §4.1.6): a non-empty array of padded base64 DER certificates, leaf first. */
function readX5c(value: unknown): Uint8Array[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length === 0) throw malformed('JWS x5c must be a non-empty array (RFC 7515 §4.1.6)');
  return value.map((certificate, index) => {
    if (typeof certificate !== 'string') throw malformed(`JWS x5c[${index}] must be a string`);
    return decodeBase64(certificate, `JWS x5c[${index}]`);
  });
}

function isStatusListJwtType(typ: string): boolean {
  const lower = typ.toLowerCase();
  return lower === STATUS_LIST_JWT_TYP || lower === `application/${STATUS_LIST_JWT_TYP}`;
}

function parseJsonObject(bytes: Uint8Array, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(fromUtf8(bytes, what));
  } catch (error) {
    if (error instanceof StatusListError) throw error;
    throw new StatusListError('STATUS_LIST_MALFORMED', `${what} is not JSON`, {}, { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed(`${what} must be a JSON object`);
  return value as Record<string, unknown>;
}

/** NumericDate (RFC 7519 §2): seconds since the epoch, possibly fractional. */
export function requiredNumericDate(value: unknown, claim: string): Date {
  if (value === undefined) throw malformed(`the ${claim} claim is missing (§5.1)`);
  return optionalNumericDate(value, claim)!;
}

export function optionalNumericDate(value: unknown, claim: string): Date | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw malformed(`${claim} must be a NumericDate (RFC 7519 §2)`);
  const date = new Date(value * 1000);
  if (Number.isNaN(date.getTime())) throw malformed(`${claim} is out of range`);
  return date;
}

function malformed(message: string): StatusListError {
  return new StatusListError('STATUS_LIST_MALFORMED', message);
}
