import type { OnApplicationShutdown } from '@nestjs/common';
import { type DataKeyCustody, EnvelopeEncryption, Hsm } from '@citizen-zero/hsm';
import { BIOMETRIC_CONFIG, type BiometricConfig } from '../config/biometric-config';

/**
 * The keys the biometric service uses but never holds: the key-encryption key that wraps each
 * template's data key, and the HMAC key the gallery rotation is derived from. Both stay in the
 * HSM (PKCS#11 through libs/hsm); only wrapped data keys and HMAC outputs cross into the process.
 */
export class KeyCustody implements DataKeyCustody, OnApplicationShutdown {
  private constructor(
    private readonly hsm: Hsm,
    private readonly config: BiometricConfig,
  ) {}

  static async open(config: BiometricConfig): Promise<KeyCustody> {
    return new KeyCustody(await Hsm.open({ modulePath: config.hsm.modulePath, tokenLabel: config.hsm.tokenLabel, pin: config.hsm.pin }), config);
  }

  get currentKeyEncryptionKey(): string {
    return this.config.hsm.keyEncryptionKeyLabel;
  }

  /** Creates the configured keys on the token when they are missing (the development ceremony). */
  async ensureKeys(): Promise<{ created: string[] }> {
    const existing = new Set((await this.hsm.listKeys()).map((key) => key.label));
    const created: string[] = [];
    if (!existing.has(this.config.hsm.keyEncryptionKeyLabel)) {
      await this.hsm.generateAesKey({ label: this.config.hsm.keyEncryptionKeyLabel, bits: 256 });
      created.push(this.config.hsm.keyEncryptionKeyLabel);
    }
    if (!existing.has(this.config.hsm.galleryRotationKeyLabel)) {
      await this.hsm.generateHmacKey({ label: this.config.hsm.galleryRotationKeyLabel });
      created.push(this.config.hsm.galleryRotationKeyLabel);
    }
    return { created };
  }

  wrap(kekLabel: string, dataKey: Uint8Array): Promise<Uint8Array> {
    return this.hsm.wrapDataKey(kekLabel, dataKey);
  }

  unwrap(kekLabel: string, wrapped: Uint8Array): Promise<Uint8Array> {
    return this.hsm.unwrapDataKey(kekLabel, wrapped);
  }

  /** HMAC-SHA256 under the gallery rotation key (the seed of a model's rotation). */
  rotationSeed(context: Uint8Array): Promise<Uint8Array> {
    return this.hsm.hmacSha256(this.config.hsm.galleryRotationKeyLabel, context);
  }

  /** Whether the HSM session answers (readiness). */
  async ping(): Promise<void> {
    await this.hsm.withSession('health', () => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.hsm.close();
  }
}

export const keyCustodyProvider = {
  provide: KeyCustody,
  inject: [BIOMETRIC_CONFIG],
  useFactory: (config: BiometricConfig) => KeyCustody.open(config),
};

/** Templates are sealed with per-record data keys wrapped by the HSM KEK, as the identity service's records are. */
export const envelopeEncryptionProvider = {
  provide: EnvelopeEncryption,
  inject: [KeyCustody],
  useFactory: (keys: KeyCustody) => new EnvelopeEncryption(keys),
};
