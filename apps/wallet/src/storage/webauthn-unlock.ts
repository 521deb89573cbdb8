import { Vault, VaultError, type UnlockedVault } from './vault';

/**
 * Unlocking with the platform authenticator (fingerprint, face, device PIN) through WebAuthn's
 * `prf` extension (WebAuthn Level 3 §10.1.4, on top of CTAP2 `hmac-secret`): the authenticator
 * computes an HMAC of a salt with a secret bound to the credential, only after user verification,
 * and the wallet derives from it (HKDF-SHA-256) the AES-KW key that wraps a second copy of the
 * vault's data key.
 *
 * **Limitation.** Without PRF, WebAuthn only proves that the user was present and verified; it
 * gives the page no secret, so it cannot protect data at rest — a "biometric unlock" that merely
 * gates a key kept beside the data would add nothing against someone who copies the browser
 * profile. Where the authenticator or the browser lacks PRF (`prf.enabled` false), the wallet says
 * so and keeps to the PIN; the PIN always works.
 */
export const PRF_SALT_BYTES = 32;
const HKDF_SALT = new TextEncoder().encode('cz-wallet-prf:v1');
const HKDF_INFO = new TextEncoder().encode('vault key-encryption key');

export class AuthenticatorUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthenticatorUnavailableError';
  }
}

interface PrfOutputs {
  readonly enabled?: boolean;
  readonly results?: { readonly first?: BufferSource };
}

/** Whether this browser offers a user-verifying platform authenticator at all (PRF support is known only at enrolment). */
export async function platformAuthenticatorAvailable(): Promise<boolean> {
  if (typeof PublicKeyCredential === 'undefined' || typeof PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable !== 'function') return false;
  return PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable().catch(() => false);
}

/** Creates a platform credential with PRF and enrols its key in the vault (the PIN confirms). */
export async function enrolPlatformAuthenticator(vault: Vault, pin: string, credentials: CredentialsContainer = navigator.credentials): Promise<void> {
  const prfSalt = crypto.getRandomValues(new Uint8Array(PRF_SALT_BYTES));
  const created = (await webAuthn(() => credentials.create({
    publicKey: {
      challenge: crypto.getRandomValues(new Uint8Array(32)),
      rp: { name: 'Citizen Zero wallet' },
      user: { id: crypto.getRandomValues(new Uint8Array(16)), name: 'wallet', displayName: 'Citizen Zero wallet' },
      pubKeyCredParams: [
        { type: 'public-key', alg: -7 },
        { type: 'public-key', alg: -257 },
      ],
      authenticatorSelection: { authenticatorAttachment: 'platform', userVerification: 'required', residentKey: 'discouraged' },
      extensions: { prf: { eval: { first: prfSalt } } } as AuthenticationExtensionsClientInputs,
    },
  }))) as PublicKeyCredential | null;
  if (!created) throw new AuthenticatorUnavailableError('no credential was created');
  const prf = (created.getClientExtensionResults() as { prf?: PrfOutputs }).prf;
  if (!prf?.enabled) throw new AuthenticatorUnavailableError('this device’s authenticator does not support the PRF extension: it cannot protect the wallet’s data, so keep using your PIN');
  const credentialId = new Uint8Array(created.rawId);
  // Some authenticators evaluate the PRF at creation, others only when asked to authenticate.
  const output = prf.results?.first ?? (await evaluatePrf(credentialId, prfSalt, credentials));
  await vault.enrolAuthenticator(pin, { credentialId, prfSalt, kek: await keyEncryptionKey(output) });
}

/** Unlocks the vault with the enrolled platform authenticator. */
export async function unlockWithPlatformAuthenticator(vault: Vault, credentials: CredentialsContainer = navigator.credentials): Promise<UnlockedVault> {
  const record = await vault.record();
  if (!record?.authenticator) throw new VaultError('VAULT_MISSING', 'no authenticator is enrolled in this wallet');
  const output = await evaluatePrf(record.authenticator.credentialId, record.authenticator.prfSalt, credentials);
  return vault.unlockWithAuthenticatorKey(await keyEncryptionKey(output));
}

async function evaluatePrf(credentialId: Uint8Array, prfSalt: Uint8Array, credentials: CredentialsContainer): Promise<BufferSource> {
  const assertion = (await webAuthn(() => credentials.get({
    publicKey: {
      challenge: crypto.getRandomValues(new Uint8Array(32)),
      allowCredentials: [{ type: 'public-key', id: credentialId as BufferSource }],
      userVerification: 'required',
      extensions: { prf: { eval: { first: prfSalt } } } as AuthenticationExtensionsClientInputs,
    },
  }))) as PublicKeyCredential | null;
  const output = (assertion?.getClientExtensionResults() as { prf?: PrfOutputs } | undefined)?.prf?.results?.first;
  if (!output) throw new AuthenticatorUnavailableError('the authenticator returned no PRF output');
  return output;
}

/** A WebAuthn call, its refusals in words for the citizen. */
async function webAuthn<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'SecurityError') throw new AuthenticatorUnavailableError('the screen lock cannot be used from this address (WebAuthn needs the wallet on a domain name over https, or on localhost)');
    if (name === 'NotAllowedError') throw new AuthenticatorUnavailableError('the screen lock was not confirmed (cancelled or timed out)');
    throw error;
  }
}

/** HKDF-SHA-256 (RFC 5869) from the 32-byte PRF output to an AES-KW key. */
export async function keyEncryptionKey(prfOutput: BufferSource): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', prfOutput, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: HKDF_SALT, info: HKDF_INFO }, material, { name: 'AES-KW', length: 256 }, false, ['wrapKey', 'unwrapKey']);
}
