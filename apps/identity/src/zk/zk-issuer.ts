import { readFileSync } from 'node:fs';
import type { OnApplicationShutdown, Provider } from '@nestjs/common';
import { InMemoryBbsSigner, issuerKeySealContext, parseIssuerKeyFile, publishIssuerKey, type PublishedIssuerKey } from '@citizen-zero/zk-credentials';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity-config';
import { EnvelopeEncryption } from '../crypto/envelope-encryption';
import { IdentityError } from '../identity-error';

/**
 * The BBS issuer key of the zero-knowledge credentials, in memory for the life of the process.
 *
 * PKCS#11 has no BBS mechanism, so this key cannot live in the HSM (ADR 10). The nearest real
 * thing: `cz bbs keygen` sealed it under an AES key-encryption key that does live in the HSM; at
 * boot the service reads the sealed file, has the HSM unwrap the data key, decrypts the secret key
 * (AES-256-GCM, bound to the key id), checks it against the file's public key, hands it to the
 * signer and zeroes its own copy. It is never logged, stored or sent; shutdown zeroes it.
 */
export class ZkIssuer implements OnApplicationShutdown {
  private constructor(
    private readonly signer: InMemoryBbsSigner | undefined,
    private readonly schemas: readonly string[],
    readonly validityMonths: number,
  ) {}

  static async load(config: IdentityConfig, encryption: EnvelopeEncryption): Promise<ZkIssuer> {
    if (!config.zk) return new ZkIssuer(undefined, [], 0);
    let text: string;
    try {
      text = readFileSync(config.zk.issuerKeyFile, 'utf8');
    } catch (error) {
      throw new IdentityError('ZK_ISSUER_KEY_UNAVAILABLE', `cannot read CZ_IDENTITY_ZK_ISSUER_KEY_FILE (${config.zk.issuerKeyFile}): run \`cz bbs keygen\``, {}, { cause: error });
    }
    const file = await parseIssuerKeyFile(text);
    const secretKey = await encryption.open(file.sealed, issuerKeySealContext(file.publicKey.kid));
    try {
      return new ZkIssuer(await InMemoryBbsSigner.create(secretKey, file.publicKey), file.schemas, config.zk.validityMonths);
    } finally {
      secretKey.fill(0);
    }
  }

  get enabled(): boolean {
    return this.signer !== undefined;
  }

  /** The signer; only call when {@link enabled}. */
  get bbsSigner(): InMemoryBbsSigner {
    if (!this.signer) throw new IdentityError('ZK_ISSUER_KEY_UNAVAILABLE', 'zero-knowledge credentials are not configured (CZ_IDENTITY_ZK_ISSUER_KEY_FILE)');
    return this.signer;
  }

  /** The published key set (`GET /zk/issuer-keys`): empty when not configured. */
  publishedKeys(): { keys: PublishedIssuerKey[] } {
    return { keys: this.signer ? [publishIssuerKey(this.signer.publicKey, this.schemas)] : [] };
  }

  onApplicationShutdown(): void {
    this.signer?.destroy();
  }
}

export const zkIssuerProvider: Provider = {
  provide: ZkIssuer,
  inject: [IDENTITY_CONFIG, EnvelopeEncryption],
  useFactory: (config: IdentityConfig, encryption: EnvelopeEncryption) => ZkIssuer.load(config, encryption),
};
