import { parseCertificate } from '@citizen-zero/pki';
import { signatureAlgorithmInfo, type Signer, type SignatureAlgorithmInfo } from '@citizen-zero/signing';
import { isAbsoluteUri } from '../encoding';
import type { StatusList } from '../status-list';
import type { DecodeStatusListOptions } from '../status-list-encoding';
import { StatusListError } from '../status-list-error';

export type StatusListTokenFormat = 'jwt' | 'cwt';

/** The claims of a Status List Token (§5.1 for JWT, §5.2 for CWT) other than the Status List itself. */
export interface StatusListTokenClaims {
  /** `sub` / 2: the URI of the Status List Token, which Referenced Tokens name in `status_list.uri`. */
  readonly subject: string;
  /** `iat` / 6: when the token was issued. */
  readonly issuedAt: Date;
  /** `exp` / 4: after this the Status Issuer considers the token expired (RECOMMENDED). */
  readonly expiresAt?: Date;
  /** `ttl` / 65534: seconds a consumer may cache the token before it SHOULD fetch a fresh one (RECOMMENDED). */
  readonly timeToLive?: number;
  /** `nbf` / 5, when present (RFC 7519 §4.1.5, RFC 8392 §3.1.5). */
  readonly notBefore?: Date;
  /** `iss` / 1, when present. */
  readonly issuer?: string;
  /** `aggregation_uri` of the Status List (§9.2), when present. */
  readonly aggregationUri?: string;
}

/** What a Status Issuer signs: the list, where it is published and how long it may be relied on. */
export interface IssueStatusListTokenParams {
  /** Signs the token (an HSM key in production): only `sign(toBeSigned)` is called, plus `publicKeySpki()` when a certificate chain is given. */
  readonly signer: Signer;
  readonly statusList: StatusList;
  /** The URI the token is served at, put in `sub` / 2 (§5.1, §5.2). */
  readonly uri: string;
  /** `iat`; defaults to now. */
  readonly issuedAt?: Date;
  /** `exp` (RECOMMENDED, §13.7); must be after `issuedAt`. */
  readonly expiresAt?: Date;
  /** `ttl` in seconds (RECOMMENDED, §13.7); a positive integer. */
  readonly timeToLive?: number;
  /** `iss`, for ecosystems that put it in both the Referenced Token and the Status List Token. */
  readonly issuer?: string;
  /** `aggregation_uri` in the Status List (§9.2). */
  readonly aggregationUri?: string;
  /** Key identifier: the JWS `kid` header, or the COSE `kid` (4) as the UTF-8 bytes of the string (§11.3). */
  readonly kid?: string;
  /**
   * The signer's certificate chain, DER, leaf first: JWS `x5c` (RFC 7515 §4.1.6) or COSE `x5chain`
   * (RFC 9360 §2), so that verifiers can validate it to a trust anchor (§11.3). The leaf's public key
   * must be the Signer's.
   */
  readonly certificateChain?: readonly Uint8Array[];
}

/** Issuance parameters checked and reduced to what both encodings put in a token. */
export interface PreparedIssuance {
  readonly algorithm: SignatureAlgorithmInfo;
  readonly uri: string;
  /** NumericDate seconds (RFC 7519 §2). */
  readonly iat: number;
  readonly exp?: number;
  readonly ttl?: number;
  readonly issuer?: string;
  readonly kid?: string;
  readonly certificateChain: readonly Uint8Array[];
}

export async function prepareIssuance(params: IssueStatusListTokenParams): Promise<PreparedIssuance> {
  const invalid = (message: string): StatusListError => new StatusListError('STATUS_LIST_ISSUANCE_INVALID', message);
  if (!isAbsoluteUri(params.uri)) throw invalid(`the Status List Token URI must be an absolute URI (RFC 3986), not ${JSON.stringify(params.uri)}`);
  const issuedAt = params.issuedAt ?? new Date();
  const iat = numericDate(issuedAt, 'issuedAt');
  const exp = params.expiresAt === undefined ? undefined : numericDate(params.expiresAt, 'expiresAt');
  if (exp !== undefined && exp <= iat) throw invalid(`expiresAt (${params.expiresAt!.toISOString()}) must be after issuedAt (${issuedAt.toISOString()})`);
  const ttl = params.timeToLive;
  if (ttl !== undefined && (!Number.isSafeInteger(ttl) || ttl <= 0)) throw invalid(`timeToLive must be a positive number of seconds (§5.1), not ${String(ttl)}`);
  if (params.issuer !== undefined && (typeof params.issuer !== 'string' || params.issuer.length === 0)) throw invalid('issuer must be a non-empty string');
  if (params.kid !== undefined && (typeof params.kid !== 'string' || params.kid.length === 0)) throw invalid('kid must be a non-empty string');
  const algorithm = signatureAlgorithmInfo(params.signer.algorithm);
  if (!algorithm) throw invalid(`signer ${params.signer.keyId} uses an unsupported algorithm ${String(params.signer.algorithm)}`);
  const certificateChain = [...(params.certificateChain ?? [])];
  if (certificateChain.length > 0) await assertSignerMatchesCertificate(params.signer, certificateChain[0]!);
  return {
    algorithm,
    uri: params.uri,
    iat,
    ...(exp !== undefined && { exp }),
    ...(ttl !== undefined && { ttl }),
    ...(params.issuer !== undefined && { issuer: params.issuer }),
    ...(params.kid !== undefined && { kid: params.kid }),
    certificateChain,
  };
}

/** Signs through the port and checks the shape of what came back: raw r‖s (RFC 7518 §3.4, RFC 9053 §2.1). */
export async function signWith(signer: Signer, algorithm: SignatureAlgorithmInfo, toBeSigned: Uint8Array): Promise<Uint8Array> {
  const signature = await signer.sign(toBeSigned);
  if (signature.length !== algorithm.coordinateLength * 2) {
    throw new StatusListError('STATUS_LIST_ISSUANCE_INVALID', `signer ${signer.keyId} returned a ${signature.length}-byte signature; ${algorithm.algorithm} needs ${algorithm.coordinateLength * 2} (raw r‖s)`);
  }
  return signature;
}

async function assertSignerMatchesCertificate(signer: Signer, leafDer: Uint8Array): Promise<void> {
  let leafSpki: Uint8Array;
  try {
    leafSpki = new Uint8Array(parseCertificate(leafDer, 'status list signer certificate').publicKey.rawData);
  } catch (error) {
    throw new StatusListError('STATUS_LIST_ISSUANCE_INVALID', `the first certificate of the chain is not a certificate: ${(error as Error).message}`, {}, { cause: error });
  }
  const signerSpki = await signer.publicKeySpki();
  if (leafSpki.length !== signerSpki.length || leafSpki.some((byte, index) => byte !== signerSpki[index])) {
    throw new StatusListError('STATUS_LIST_ISSUANCE_INVALID', `signer ${signer.keyId} does not hold the key of the first certificate of the chain`, { keyId: signer.keyId });
  }
}

function numericDate(date: Date, what: string): number {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new StatusListError('STATUS_LIST_ISSUANCE_INVALID', `${what} is not a valid Date`);
  return Math.floor(date.getTime() / 1000);
}

/**
 * A Status List Token whose structure has been read but whose signature has not been checked yet.
 * Nothing in it is to be believed before {@link verifySignature} returns true.
 */
export interface UnverifiedStatusListToken {
  readonly format: StatusListTokenFormat;
  readonly algorithm: SignatureAlgorithmInfo;
  /** `kid` from the JWS header (text) or the COSE header (bytes). */
  readonly kid?: string | Uint8Array;
  /** `x5c` / `x5chain`, DER, leaf first; empty when the token carries none. */
  readonly certificateChain: readonly Uint8Array[];
  verifySignature(publicKey: CryptoKey): Promise<boolean>;
  /** The claims (§5.1 / §5.2); throws `STATUS_LIST_MALFORMED` when a required one is missing or mistyped. */
  readClaims(): StatusListTokenClaims;
  /** The Status List claim, decompressed. */
  readStatusList(options: DecodeStatusListOptions): StatusList;
}
