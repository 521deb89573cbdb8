import type { OnApplicationShutdown } from '@nestjs/common';
import { Hsm } from '@citizen-zero/hsm';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity-config';

/**
 * The keys the identity service uses but never holds: the key-encryption keys that wrap each
 * record's data key, and the blind-index HMAC key. Both live in the HSM (PKCS#11 through
 * libs/hsm); only wrapped data keys and HMAC outputs cross into the process.
 */
export class KeyCustody implements OnApplicationShutdown {
  private constructor(
    readonly hsm: Hsm,
    private readonly config: IdentityConfig,
  ) {}

  static async open(config: IdentityConfig): Promise<KeyCustody> {
    const hsm = await Hsm.open({ modulePath: config.hsm.modulePath, tokenLabel: config.hsm.tokenLabel, pin: config.hsm.pin });
    return new KeyCustody(hsm, config);
  }

  get currentKeyEncryptionKey(): string {
    return this.config.hsm.keyEncryptionKeyLabel;
  }

  get blindIndexKey(): string {
    return this.config.hsm.blindIndexKeyLabel;
  }

  /** Creates the configured KEK and blind-index key on the token when they are missing (the development ceremony). */
  async ensureKeys(): Promise<{ created: string[] }> {
    const existing = new Set((await this.hsm.listKeys()).map((key) => key.label));
    const created: string[] = [];
    if (!existing.has(this.currentKeyEncryptionKey)) {
      await this.hsm.generateAesKey({ label: this.currentKeyEncryptionKey, bits: 256 });
      created.push(this.currentKeyEncryptionKey);
    }
    if (!existing.has(this.blindIndexKey)) {
      await this.hsm.generateHmacKey({ label: this.blindIndexKey });
      created.push(this.blindIndexKey);
    }
    return { created };
  }

  wrap(kekLabel: string, dataKey: Uint8Array): Promise<Uint8Array> {
    return this.hsm.wrapDataKey(kekLabel, dataKey);
  }

  unwrap(kekLabel: string, wrapped: Uint8Array): Promise<Uint8Array> {
    return this.hsm.unwrapDataKey(kekLabel, wrapped);
  }

  hmac(data: Uint8Array): Promise<Uint8Array> {
    return this.hsm.hmacSha256(this.blindIndexKey, data);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.hsm.close();
  }
}

/** Opens the HSM session pool once at boot; Nest closes it at shutdown. */
export const keyCustodyProvider = {
  provide: KeyCustody,
  inject: [IDENTITY_CONFIG],
  useFactory: (config: IdentityConfig) => KeyCustody.open(config),
};
