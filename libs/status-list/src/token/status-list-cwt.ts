import { CoseHeader, CoseSign1, MdocError, Tag, decodeCbor, encodeCbor, isTag, sigStructure, type CborMap } from '@citizen-zero/mdoc';
import type { SignatureAlgorithmInfo } from '@citizen-zero/signing';
import { COSE_HEADER_TYPE, COSE_SIGN1_TAG, CWT_TAG, CwtClaim, STATUS_LIST_CWT_MEDIA_TYPE } from '../draft';
import { isAbsoluteUri, utf8 } from '../encoding';
import type { StatusList } from '../status-list';
import { decodeStatusListCbor, encodeStatusListCbor, type DecodeStatusListOptions } from '../status-list-encoding';
import { StatusListError } from '../status-list-error';
import { prepareIssuance, signWith, type IssueStatusListTokenParams, type StatusListTokenClaims, type UnverifiedStatusListToken } from './status-list-token';

const EMPTY = new Uint8Array(0);

/**
 * Issues a Status List Token in CWT format (§5.2): a COSE_Sign1_Tagged (tag 18, RFC 9052 §4.2) —
 * never wrapped in the CWT tag 61 — whose payload is the claims map
 * `{ 2: sub, 6: iat, ? 4: exp, ? 65534: ttl, ? 1: iss, 65533: StatusList }` and whose protected header
 * is `{ 1: alg, 16: "application/statuslist+cwt", ? 4: kid, ? 33: x5chain }`.
 *
 * Every header parameter is put in the protected header, so no byte of the token can change
 * without breaking the signature (the draft's example carries `kid` unprotected; RFC 9052 §3 allows
 * both). The Sig_structure (RFC 9052 §4.4) is built here and signed through the Signer port.
 * Returns the bytes of an `application/statuslist+cwt` response (§8.2).
 */
export async function createStatusListCwt(params: IssueStatusListTokenParams): Promise<Uint8Array> {
  const prepared = await prepareIssuance(params);
  const protectedHeaders = new Map<number, unknown>([
    [CoseHeader.alg, prepared.algorithm.coseAlgorithm],
    [COSE_HEADER_TYPE, STATUS_LIST_CWT_MEDIA_TYPE],
  ]);
  if (prepared.kid !== undefined) protectedHeaders.set(CoseHeader.kid, utf8(prepared.kid));
  if (prepared.certificateChain.length === 1) protectedHeaders.set(CoseHeader.x5chain, prepared.certificateChain[0]);
  else if (prepared.certificateChain.length > 1) protectedHeaders.set(CoseHeader.x5chain, [...prepared.certificateChain]);
  const claims = new Map<number, unknown>([
    [CwtClaim.sub, prepared.uri],
    [CwtClaim.iat, prepared.iat],
  ]);
  if (prepared.exp !== undefined) claims.set(CwtClaim.exp, prepared.exp);
  if (prepared.ttl !== undefined) claims.set(CwtClaim.ttl, prepared.ttl);
  if (prepared.issuer !== undefined) claims.set(CwtClaim.iss, prepared.issuer);
  claims.set(CwtClaim.statusList, encodeStatusListCbor(params.statusList, params.aggregationUri === undefined ? {} : { aggregationUri: params.aggregationUri }));

  const protectedHeaderBytes = encodeCbor(protectedHeaders);
  const payload = encodeCbor(claims);
  const signature = await signWith(params.signer, prepared.algorithm, sigStructure(protectedHeaderBytes, EMPTY, payload));
  const message = CoseSign1.fromCbor([protectedHeaderBytes, new Map(), payload, signature]);
  return encodeCbor(new Tag(message.toCbor(), COSE_SIGN1_TAG));
}

/**
 * Reads a Status List Token in CWT format (§5.2): exactly one CBOR data item, a COSE_Sign1_Tagged
 * (18) not wrapped in the CWT tag (61), with `typ` (16) `application/statuslist+cwt` in the protected
 * header, an ECDSA `alg` (RFC 9053 §2.1), no `crit`, and a payload that is a CBOR map. The bytes are
 * kept as received: the signature is later checked over the received protected header and payload.
 */
export function decodeStatusListCwt(token: Uint8Array): UnverifiedStatusListToken {
  if (!(token instanceof Uint8Array)) throw malformed('a Status List Token in CWT format must be bytes');
  const value = wrapMdocErrors(() => decodeCbor(token, 'Status List Token'));
  if (isTag(value, CWT_TAG)) throw malformed('a Status List Token MUST NOT be tagged with the CWT tag 61 (§5.2)');
  if (!isTag(value, COSE_SIGN1_TAG)) throw malformed('a Status List Token in CWT format must be a COSE_Sign1_Tagged (tag 18; §5.2)');
  const message = wrapMdocErrors(() => CoseSign1.fromCbor(value, 'Status List Token'));
  const type = message.protectedHeaders.get(COSE_HEADER_TYPE);
  if (type !== STATUS_LIST_CWT_MEDIA_TYPE) {
    throw new StatusListError('STATUS_LIST_TYPE_INVALID', `the protected COSE typ (16) must be "${STATUS_LIST_CWT_MEDIA_TYPE}" (§5.2), not ${type === undefined ? 'missing' : JSON.stringify(String(type))}`);
  }
  if (message.protectedHeaders.has(CoseHeader.crit) || message.unprotectedHeaders.has(CoseHeader.crit)) {
    throw malformed('the COSE header has "crit" parameters, none of which this verifier understands (RFC 9052 §3.1)');
  }
  let algorithm: SignatureAlgorithmInfo;
  try {
    algorithm = message.algorithm;
  } catch (error) {
    throw new StatusListError('STATUS_LIST_ALGORITHM_UNSUPPORTED', `${(error as Error).message} (§5.2 rule 2; MAC is refused, §11.6)`, {}, { cause: error });
  }
  if (message.payload === null) throw malformed('the Status List Token has a detached payload');
  const payloadBytes = message.payload;
  const kid = message.protectedHeaders.get(CoseHeader.kid) ?? message.unprotectedHeaders.get(CoseHeader.kid);
  if (kid !== undefined && !(kid instanceof Uint8Array)) throw malformed('COSE kid must be a byte string (RFC 9052 §3.1)');
  const certificateChain = wrapMdocErrors(() => message.x5chain());

  let claims: CborMap | undefined;
  const readPayload = (): CborMap => {
    if (claims) return claims;
    const decoded = wrapMdocErrors(() => decodeCbor(payloadBytes, 'CWT claims'));
    if (!(decoded instanceof Map)) throw malformed('the CWT claims set must be a CBOR map (RFC 8392 §7)');
    return (claims = decoded);
  };
  return {
    format: 'cwt',
    algorithm,
    ...(kid !== undefined && { kid }),
    certificateChain,
    verifySignature: async (publicKey) => {
      const key = publicKey.algorithm as EcKeyAlgorithm;
      if (key.name !== 'ECDSA') return false;
      return message.verify(publicKey);
    },
    readClaims: () => readCwtClaims(readPayload()),
    readStatusList: (options: DecodeStatusListOptions): StatusList => {
      const claim = readPayload().get(CwtClaim.statusList);
      if (claim === undefined) throw malformed('the status list claim (65533) is missing (§5.2)');
      return decodeStatusListCbor(claim, options).statusList;
    },
  };
}

function readCwtClaims(claims: CborMap): StatusListTokenClaims {
  const sub = claims.get(CwtClaim.sub);
  const ttl = claims.get(CwtClaim.ttl);
  const iss = claims.get(CwtClaim.iss);
  const statusList = claims.get(CwtClaim.statusList);
  if (!isAbsoluteUri(sub)) throw malformed('subject (2) must be the URI of the Status List Token (§5.2)');
  if (!(statusList instanceof Map)) throw malformed('the status list claim (65533) must be a CBOR map (§5.2, §4.3)');
  if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isSafeInteger(ttl) || ttl <= 0)) throw malformed('time to live (65534) must be a positive unsigned integer (§5.2)');
  if (iss !== undefined && typeof iss !== 'string') throw malformed('issuer (1) must be a text string (RFC 8392 §3.1.1)');
  const aggregationUri: unknown = statusList.get('aggregation_uri');
  if (aggregationUri !== undefined && !isAbsoluteUri(aggregationUri)) throw malformed('aggregation_uri must be an absolute URI (§9.2)');
  const issuedAt = cwtNumericDate(claims.get(CwtClaim.iat), 'issued at (6)');
  if (!issuedAt) throw malformed('the issued at claim (6) is missing (§5.2)');
  const expiresAt = cwtNumericDate(claims.get(CwtClaim.exp), 'expiration time (4)');
  const notBefore = cwtNumericDate(claims.get(CwtClaim.nbf), 'not before (5)');
  return {
    subject: sub,
    issuedAt,
    ...(expiresAt && { expiresAt }),
    ...(ttl !== undefined && { timeToLive: ttl as number }),
    ...(notBefore && { notBefore }),
    ...(iss !== undefined && { issuer: iss as string }),
    ...(aggregationUri !== undefined && { aggregationUri: aggregationUri as string }),
  };
}

/** NumericDate in a CWT (RFC 8392 §2): an integer or float of seconds, without tag 1. */
function cwtNumericDate(value: unknown, claim: string): Date | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw malformed(`${claim} must be a NumericDate (RFC 8392 §2)`);
  const date = new Date(value * 1000);
  if (Number.isNaN(date.getTime())) throw malformed(`${claim} is out of range`);
  return date;
}

function wrapMdocErrors<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof MdocError) throw new StatusListError('STATUS_LIST_MALFORMED', error.message, { cause: error.code }, { cause: error });
    throw error;
  }
}

function malformed(message: string): StatusListError {
  return new StatusListError('STATUS_LIST_MALFORMED', message);
}

