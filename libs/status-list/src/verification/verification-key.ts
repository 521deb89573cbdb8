import { validateCertificatePath, type CertificateInput, type CertificatePathValidationResult, type CertificatePurpose, type CrlInput, type X509Certificate } from '@citizen-zero/pki';
import type { SignatureAlgorithmInfo } from '@citizen-zero/signing';
import type { StatusListErrorCode } from '../status-list-error';
import type { StatusListTokenFormat, UnverifiedStatusListToken } from '../token/status-list-token';

/** What a key resolver is told about the token it must find a key for (§11.3). */
export interface StatusListKeyHint {
  readonly format: StatusListTokenFormat;
  readonly algorithm: SignatureAlgorithmInfo;
  /** JWS `kid` (text) or COSE `kid` (bytes). */
  readonly kid?: string | Uint8Array;
  /** `x5c` / `x5chain`, DER, leaf first; empty when the token carries none. */
  readonly certificateChain: readonly Uint8Array[];
}

/**
 * How the verifier finds the Status Issuer's key (§11.3 leaves this to the ecosystem). Exactly one of:
 * - `publicKey`: the key itself (a CryptoKey, a public JWK, or DER SubjectPublicKeyInfo);
 * - `trustAnchors`: the token's `x5c` / `x5chain` is validated to one of them with
 *   `validateCertificatePath` of @citizen-zero/pki (RFC 5280 §6), optionally against CRLs, and the
 *   leaf's key is used — the same trust as for the Referenced Token when the Status Issuer is its
 *   issuer (§11.3);
 * - `resolveKey`: a function from the header's `kid` (and chain) to a key, e.g. a JWKS lookup.
 */
export type StatusListVerificationKey =
  | { readonly publicKey: CryptoKey | JsonWebKey | Uint8Array; readonly trustAnchors?: never; readonly resolveKey?: never }
  | {
      readonly trustAnchors: readonly CertificateInput[];
      readonly crls?: readonly CrlInput[];
      /** What the leaf certificate must be good for; default `any` (the draft's EKU OID is not assigned yet, §10). */
      readonly certificatePurpose?: CertificatePurpose;
      readonly publicKey?: never;
      readonly resolveKey?: never;
    }
  | { readonly resolveKey: (hint: StatusListKeyHint) => Promise<CryptoKey | undefined>; readonly publicKey?: never; readonly trustAnchors?: never };

export type ResolvedKey =
  | { readonly key: CryptoKey; readonly certificate?: X509Certificate; readonly certificatePath?: CertificatePathValidationResult; readonly problems: readonly KeyProblem[] }
  | { readonly key?: undefined; readonly certificatePath?: CertificatePathValidationResult; readonly problems: readonly KeyProblem[] };

export interface KeyProblem {
  readonly code: Extract<StatusListErrorCode, 'STATUS_LIST_KEY_MISSING' | 'STATUS_LIST_CERTIFICATE_INVALID' | 'STATUS_LIST_SIGNATURE_INVALID'>;
  readonly message: string;
}

/** Finds the verification key for `token` as `source` says; never throws. */
export async function resolveVerificationKey(token: UnverifiedStatusListToken, source: StatusListVerificationKey, at: Date): Promise<ResolvedKey> {
  const curve = token.algorithm.curve;
  try {
    if (source.publicKey !== undefined) {
      const key = await importPublicKey(source.publicKey, curve);
      return { key, problems: [] };
    }
    if (source.resolveKey !== undefined) {
      const key = await source.resolveKey({
        format: token.format,
        algorithm: token.algorithm,
        ...(token.kid !== undefined && { kid: token.kid }),
        certificateChain: token.certificateChain,
      });
      if (!key) return { problems: [{ code: 'STATUS_LIST_KEY_MISSING', message: 'the key resolver has no key for this Status List Token (§11.3)' }] };
      return { key, problems: [] };
    }
    if (token.certificateChain.length === 0) {
      return { problems: [{ code: 'STATUS_LIST_KEY_MISSING', message: `the Status List Token carries no ${token.format === 'jwt' ? 'x5c' : 'x5chain'} to validate against the trust anchors (§11.3)` }] };
    }
    const path = await validateCertificatePath({
      chain: [...token.certificateChain],
      trustAnchors: [...source.trustAnchors],
      at,
      purpose: source.certificatePurpose ?? 'any',
      ...(source.crls && { crls: [...source.crls] }),
    });
    const problems: KeyProblem[] = path.errors.map((error) => ({ code: 'STATUS_LIST_CERTIFICATE_INVALID', message: `${error.code}: ${error.message}` }));
    if (!path.leaf) return { certificatePath: path, problems };
    try {
      const key = await importPublicKey(new Uint8Array(path.leaf.publicKey.rawData), curve);
      return { key, certificate: path.leaf, certificatePath: path, problems };
    } catch (error) {
      return { certificatePath: path, problems: [...problems, { code: 'STATUS_LIST_SIGNATURE_INVALID', message: `the signer certificate's key cannot verify ${token.algorithm.algorithm}: ${(error as Error).message}` }] };
    }
  } catch (error) {
    return { problems: [{ code: 'STATUS_LIST_SIGNATURE_INVALID', message: `the verification key cannot verify ${token.algorithm.algorithm}: ${(error as Error).message}` }] };
  }
}

async function importPublicKey(input: CryptoKey | JsonWebKey | Uint8Array, curve: string): Promise<CryptoKey> {
  if (input instanceof Uint8Array) return crypto.subtle.importKey('spki', input as BufferSource, { name: 'ECDSA', namedCurve: curve }, false, ['verify']);
  if (isCryptoKey(input)) return input;
  if (input.d !== undefined) throw new TypeError('a JWK with private key material ("d") is not a public key');
  return crypto.subtle.importKey('jwk', input, { name: 'ECDSA', namedCurve: curve }, false, ['verify']);
}

function isCryptoKey(value: unknown): value is CryptoKey {
  return typeof CryptoKey !== 'undefined' && value instanceof CryptoKey;
}
