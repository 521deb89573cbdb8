import { signatureAlgorithmInfo, verifyEcdsa, type Signer, type SignatureAlgorithm } from '@citizen-zero/signing';
import { base64UrlDecode, base64UrlEncode } from '../cose/cose-key';
import { Oid4vpError } from './oid4vp-error';

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const JWS_ALGORITHMS: readonly SignatureAlgorithm[] = ['ES256', 'ES384', 'ES512'];
const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: true });

/** A compact JWS as received (RFC 7515 §7.1): the parsed header and payload, and the exact signing input. */
export interface CompactJws {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
  /** ASCII(BASE64URL(header) '.' BASE64URL(payload)) as received: what the signature covers. */
  readonly signingInput: Uint8Array;
  readonly signature: Uint8Array;
}

/**
 * Signs `payload` as a compact JWS (RFC 7515 §5.1) through the Signer port: the Signer returns
 * ECDSA signatures as r‖s, which is exactly the JWS form for ES256/ES384/ES512 (RFC 7518 §3.4),
 * so the private key never reaches this code. `alg` is the Signer's algorithm.
 */
export async function signCompactJws(params: { header: Record<string, unknown>; payload: Record<string, unknown>; signer: Signer }): Promise<string> {
  const header = { ...params.header, alg: params.signer.algorithm };
  const signingInput = `${base64UrlEncode(textEncoder.encode(JSON.stringify(header)))}.${base64UrlEncode(textEncoder.encode(JSON.stringify(params.payload)))}`;
  const signature = await params.signer.sign(textEncoder.encode(signingInput));
  return `${signingInput}.${base64UrlEncode(signature)}`;
}

/** Parses a compact JWS without verifying it; header and payload must be JSON objects (RFC 7515 §5.2 steps 1–8). */
export function parseCompactJws(jws: string): CompactJws {
  const parts = jws.trim().split('.');
  if (parts.length !== 3 || parts.some((part) => !BASE64URL.test(part)) || parts[0] === '' || parts[2] === '') {
    throw new Oid4vpError('OID4VP_REQUEST_OBJECT_MALFORMED', 'the Request Object is not a compact JWS (three base64url parts, RFC 7515 §7.1); encrypted Request Objects are not supported');
  }
  const [header, payload, signature] = parts as [string, string, string];
  return { header: json(header, 'JOSE header'), payload: json(payload, 'payload'), signingInput: textEncoder.encode(`${header}.${payload}`), signature: decode(signature, 'signature') };
}

/** The ECDSA algorithm of a JWS header, refusing `none`, HMAC, RSA and anything else. */
export function jwsAlgorithm(header: Readonly<Record<string, unknown>>): SignatureAlgorithm {
  const alg = header['alg'];
  if (typeof alg !== 'string' || !(JWS_ALGORITHMS as readonly string[]).includes(alg)) {
    throw new Oid4vpError('OID4VP_REQUEST_OBJECT_HEADER_INVALID', `JWS alg "${String(alg)}" is not one of ${JWS_ALGORITHMS.join(', ')}`);
  }
  return alg as SignatureAlgorithm;
}

/** Verifies the signature of a parsed JWS with an ECDSA public key (DER SubjectPublicKeyInfo) on the algorithm's curve. */
export async function verifyCompactJws(jws: CompactJws, publicKeySpki: Uint8Array): Promise<boolean> {
  const info = signatureAlgorithmInfo(jwsAlgorithm(jws.header));
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey('spki', publicKeySpki as BufferSource, { name: 'ECDSA', namedCurve: info.curve }, false, ['verify']);
  } catch {
    return false;
  }
  if (jws.signature.length !== 2 * info.coordinateLength) return false;
  return verifyEcdsa(key, info.hash, jws.signature, jws.signingInput);
}

function decode(part: string, what: string): Uint8Array {
  try {
    return base64UrlDecode(part);
  } catch (error) {
    throw new Oid4vpError('OID4VP_REQUEST_OBJECT_MALFORMED', `the JWS ${what} is not base64url`, {}, { cause: error });
  }
}

function json(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(textDecoder.decode(decode(part, what)));
  } catch (error) {
    if (error instanceof Oid4vpError) throw error;
    throw new Oid4vpError('OID4VP_REQUEST_OBJECT_MALFORMED', `the JWS ${what} is not UTF-8 JSON`, {}, { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Oid4vpError('OID4VP_REQUEST_OBJECT_MALFORMED', `the JWS ${what} is not a JSON object`);
  return value as Record<string, unknown>;
}
