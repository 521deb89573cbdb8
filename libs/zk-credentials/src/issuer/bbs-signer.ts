import { bbsSign } from '../bbs/bbs';
import { ZkCredentialError } from '../zk-error';
import { type IssuerPublicKey, issuerPublicKeyOf } from './issuer-key';

/**
 * The BBS signing port: the domain produces the header and messages, a signer returns the
 * signature (the draft's Sign). It mirrors `Signer` of @citizen-zero/signing so that a BBS-capable
 * HSM (none speaks PKCS#11 for it today) can implement it without changing the domain.
 */
export interface BbsSigner {
  readonly publicKey: IssuerPublicKey;
  sign(header: Uint8Array, messages: readonly Uint8Array[]): Promise<Uint8Array>;
}

/**
 * A BBS signer over a secret key held in this process's memory: the nearest real thing while no
 * HSM offers BBS. The key arrives unwrapped from the HSM (ADR 10), is copied here, and is zeroed
 * by {@link destroy}; nothing in this library writes it anywhere.
 */
export class InMemoryBbsSigner implements BbsSigner {
  private destroyed = false;

  private constructor(
    private readonly secretKey: Uint8Array,
    readonly publicKey: IssuerPublicKey,
  ) {}

  /** Copies the key (the caller should zero its own copy) and checks it against `expected` when given. */
  static async create(secretKey: Uint8Array, expected?: IssuerPublicKey): Promise<InMemoryBbsSigner> {
    const publicKey = await issuerPublicKeyOf(secretKey);
    if (expected && publicKey.kid !== expected.kid) throw new ZkCredentialError('ZK_SECRET_KEY_INVALID', 'the secret key does not belong to the expected public key', { expected: expected.kid, actual: publicKey.kid });
    return new InMemoryBbsSigner(Uint8Array.from(secretKey), publicKey);
  }

  sign(header: Uint8Array, messages: readonly Uint8Array[]): Promise<Uint8Array> {
    if (this.destroyed) throw new ZkCredentialError('ZK_SECRET_KEY_INVALID', 'this signer has been destroyed');
    return bbsSign(this.secretKey, this.publicKey.publicKey, header, messages);
  }

  /** Overwrites the secret key; the signer refuses to sign afterwards. */
  destroy(): void {
    this.secretKey.fill(0);
    this.destroyed = true;
  }
}
