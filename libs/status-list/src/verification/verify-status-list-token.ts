import type { CertificatePathValidationResult, X509Certificate } from '@citizen-zero/pki';
import type { SignatureAlgorithm } from '@citizen-zero/signing';
import type { StatusList } from '../status-list';
import { StatusListError, type StatusListErrorCode } from '../status-list-error';
import { decodeStatusListCwt } from '../token/status-list-cwt';
import { decodeStatusListJwt } from '../token/status-list-jwt';
import type { StatusListTokenClaims, StatusListTokenFormat, UnverifiedStatusListToken } from '../token/status-list-token';
import { DEFAULT_MAX_STATUS_LIST_BYTES } from '../zlib';
import { resolveVerificationKey, type StatusListVerificationKey } from './verification-key';

export interface StatusListProblem {
  readonly code: StatusListErrorCode;
  readonly message: string;
}

export type VerifyStatusListTokenOptions = StatusListVerificationKey & {
  /**
   * The URI the token was fetched from, i.e. `status_list.uri` of the Referenced Token: the token's
   * subject must equal it, compared as simple strings (§8.3 step 4a, RFC 3986 §6.2.1).
   */
  readonly expectedUri: string;
  /** The verification time; defaults to now. */
  readonly at?: Date;
  /**
   * When the token was resolved (fetched). `ttl` counts from here: the token is stale when
   * `resolvedAt + ttl < at` (§8.3 step 4d). Defaults to the token's `iat`, the earliest it can have
   * been resolved, so a verifier that does not track fetch times errs on the side of "stale".
   */
  readonly resolvedAt?: Date;
  /** Whether an elapsed `ttl` only warns (default: the list is still the issuer's signed word) or fails. */
  readonly ttlElapsed?: 'warning' | 'error';
  /** Allowed clock skew in seconds for `exp`, `nbf` and `iat` (default 0). */
  readonly clockToleranceSeconds?: number;
  /** Accepted signature algorithms; default ES256, ES384, ES512. */
  readonly algorithms?: readonly SignatureAlgorithm[];
  /** Only accept this encoding (the media type that was asked for, §8.1). */
  readonly format?: StatusListTokenFormat;
  /** Largest decompressed Status List to accept, in bytes (default 16 MiB). */
  readonly maxStatusListBytes?: number;
};

/**
 * The outcome of verifying a Status List Token. `statusList` and `claims` are present only when the
 * signature verified, the token is well formed and it is the list that was asked for — also when
 * it is stale, so that a verifier can still say "last known status: …, but the status information
 * is stale". Use the list only if `valid`, or if the only errors are stale ones and you accept that.
 */
export interface StatusListTokenVerdict {
  /** No errors: signature, structure, subject and validity period all check out. */
  readonly valid: boolean;
  /** The status information is stale: past `exp` (`STATUS_LIST_EXPIRED`) or past `ttl` (`STATUS_LIST_TTL_ELAPSED`). */
  readonly stale: boolean;
  readonly format: StatusListTokenFormat;
  readonly statusList?: StatusList;
  readonly claims?: StatusListTokenClaims;
  /** The earlier of `exp` and `resolvedAt + ttl`: when to fetch a fresh token (§13.7). */
  readonly refreshAfter?: Date;
  readonly errors: readonly StatusListProblem[];
  /** Problems that do not make the token invalid (an elapsed `ttl`, by default). */
  readonly warnings: readonly StatusListProblem[];
  readonly signature: {
    readonly verified: boolean;
    readonly algorithm?: SignatureAlgorithm;
    readonly kid?: string | Uint8Array;
    /** The signer's certificate, when the key came from a validated `x5c` / `x5chain`. */
    readonly certificate?: X509Certificate;
    readonly certificatePath?: CertificatePathValidationResult;
  };
  readonly verifiedAt: Date;
}

/**
 * Verifies a Status List Token as a Relying Party does (§8.3 steps 3–5): a string is read as a JWT
 * (§5.1), bytes as a CWT (§5.2). In order:
 *
 * 1. structure, `typ`, algorithm (ES256/384/512 only; MAC and `none` refused);
 * 2. the key (given, resolved, or the leaf of a certificate chain validated to the trust anchors) and
 *    the signature (RFC 7519 §7.2, RFC 8392 §7.2) — nothing of the token is read before it verifies;
 * 3. the claims: `sub` equals `expectedUri` (step 4a); `nbf`/`iat` not after `at` (RFC 7519 §4.1.5,
 *    §8.4); `exp` not reached (step 4c, `STATUS_LIST_EXPIRED`); `resolvedAt + ttl` not passed (step
 *    4d, `STATUS_LIST_TTL_ELAPSED`, a warning by default);
 * 4. the Status List is decompressed (step 5), bounded by `maxStatusListBytes`.
 *
 * Never throws on bad input: every problem is reported with a stable code.
 */
export async function verifyStatusListToken(token: string | Uint8Array, options: VerifyStatusListTokenOptions): Promise<StatusListTokenVerdict> {
  const verifiedAt = options.at ?? new Date();
  const format: StatusListTokenFormat = typeof token === 'string' ? 'jwt' : 'cwt';
  const errors: StatusListProblem[] = [];
  const warnings: StatusListProblem[] = [];
  const fail = (code: StatusListErrorCode, message: string): void => void errors.push({ code, message });
  const done = (signature: StatusListTokenVerdict['signature'], extra: Partial<StatusListTokenVerdict> = {}): StatusListTokenVerdict => ({
    valid: errors.length === 0,
    stale: [...errors, ...warnings].some((problem) => problem.code === 'STATUS_LIST_EXPIRED' || problem.code === 'STATUS_LIST_TTL_ELAPSED'),
    format,
    ...extra,
    errors,
    warnings,
    signature,
    verifiedAt,
  });

  if (!(verifiedAt instanceof Date) || Number.isNaN(verifiedAt.getTime())) {
    fail('STATUS_LIST_MALFORMED', 'the verification time is not a valid Date');
    return done({ verified: false });
  }
  if (options.format !== undefined && options.format !== format) {
    fail('STATUS_LIST_TYPE_INVALID', `expected a Status List Token in ${options.format.toUpperCase()} format, got ${format.toUpperCase()}`);
    return done({ verified: false });
  }

  // 1. Structure.
  let parsed: UnverifiedStatusListToken;
  try {
    parsed = typeof token === 'string' ? decodeStatusListJwt(token) : decodeStatusListCwt(token);
  } catch (error) {
    fail(errorCode(error), (error as Error).message);
    return done({ verified: false });
  }
  const algorithm = parsed.algorithm.algorithm;
  const signatureInfo = { algorithm, ...(parsed.kid !== undefined && { kid: parsed.kid }) };
  if (options.algorithms && !options.algorithms.includes(algorithm)) {
    fail('STATUS_LIST_ALGORITHM_UNSUPPORTED', `${algorithm} is not among the accepted algorithms (${options.algorithms.join(', ')})`);
    return done({ verified: false, ...signatureInfo });
  }

  // 2. Key and signature.
  const resolved = await resolveVerificationKey(parsed, options, verifiedAt);
  for (const problem of resolved.problems) fail(problem.code, problem.message);
  const certificateInfo = { ...(resolved.key && resolved.certificate && { certificate: resolved.certificate }), ...(resolved.certificatePath && { certificatePath: resolved.certificatePath }) };
  if (!resolved.key) return done({ verified: false, ...signatureInfo, ...certificateInfo });
  let verified = false;
  try {
    verified = await parsed.verifySignature(resolved.key);
  } catch (error) {
    fail('STATUS_LIST_SIGNATURE_INVALID', `the signature could not be checked: ${(error as Error).message}`);
  }
  if (!verified) {
    if (!errors.some((problem) => problem.code === 'STATUS_LIST_SIGNATURE_INVALID')) fail('STATUS_LIST_SIGNATURE_INVALID', `the ${algorithm} signature does not verify with the Status Issuer's key`);
    return done({ verified: false, ...signatureInfo, ...certificateInfo });
  }
  const signature = { verified: true, ...signatureInfo, ...certificateInfo };
  if (errors.length > 0) return done(signature); // a verified signature by an untrusted certificate

  // 3. Claims.
  let claims: StatusListTokenClaims;
  try {
    claims = parsed.readClaims();
  } catch (error) {
    fail(errorCode(error), (error as Error).message);
    return done(signature);
  }
  if (claims.subject !== options.expectedUri) {
    fail('STATUS_LIST_URI_MISMATCH', `the Status List Token is about ${JSON.stringify(claims.subject)}, not ${JSON.stringify(options.expectedUri)} (§8.3 step 4a)`);
    return done(signature);
  }
  const tolerance = Math.max(0, options.clockToleranceSeconds ?? 0) * 1000;
  const now = verifiedAt.getTime();
  if (claims.notBefore && now < claims.notBefore.getTime() - tolerance) {
    fail('STATUS_LIST_NOT_YET_VALID', `the Status List Token is not valid before ${claims.notBefore.toISOString()} (nbf; verification time ${verifiedAt.toISOString()})`);
  }
  if (now < claims.issuedAt.getTime() - tolerance) {
    fail('STATUS_LIST_NOT_YET_VALID', `the Status List Token was issued at ${claims.issuedAt.toISOString()}, after the verification time ${verifiedAt.toISOString()} (§8.4)`);
  }
  if (errors.length > 0) return done(signature);
  if (claims.expiresAt && now >= claims.expiresAt.getTime() + tolerance) {
    fail('STATUS_LIST_EXPIRED', `the status information is stale: the Status List Token expired ${claims.expiresAt.toISOString()} (exp, §8.3 step 4c)`);
  }
  const resolvedAt = options.resolvedAt ?? claims.issuedAt;
  const ttlEnds = claims.timeToLive === undefined ? undefined : new Date(resolvedAt.getTime() + claims.timeToLive * 1000);
  if (ttlEnds && ttlEnds.getTime() < now) {
    const problem = { code: 'STATUS_LIST_TTL_ELAPSED' as const, message: `the status information is stale: its ttl of ${claims.timeToLive}s from ${resolvedAt.toISOString()} ended ${ttlEnds.toISOString()}; fetch a fresh copy (§8.3 step 4d)` };
    (options.ttlElapsed === 'error' ? errors : warnings).push(problem);
  }
  const refreshCandidates = [claims.expiresAt, ttlEnds].filter((date): date is Date => date !== undefined);
  const refreshAfter = refreshCandidates.length === 0 ? undefined : new Date(Math.min(...refreshCandidates.map((date) => date.getTime())));

  // 4. The Status List.
  let statusList: StatusList;
  try {
    statusList = parsed.readStatusList({ maxBytes: options.maxStatusListBytes ?? DEFAULT_MAX_STATUS_LIST_BYTES });
  } catch (error) {
    fail(errorCode(error), (error as Error).message);
    return done(signature, { claims, ...(refreshAfter && { refreshAfter }) });
  }
  return done(signature, { statusList, claims, ...(refreshAfter && { refreshAfter }) });
}

function errorCode(error: unknown): StatusListErrorCode {
  return error instanceof StatusListError ? error.code : 'STATUS_LIST_MALFORMED';
}
