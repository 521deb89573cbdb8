import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CitizenZeroError } from '@citizen-zero/errors';

/** A record as stored: AES-256-GCM ciphertext and its data key wrapped by an HSM key. */
export interface SealedRecord {
  /** `0x01 ‖ nonce (12) ‖ ciphertext ‖ tag (16)`. */
  readonly ciphertext: Uint8Array;
  /** The per-record data key, wrapped with CKM_AES_KEY_WRAP_PAD (RFC 5649) by `keyLabel`. */
  readonly wrappedKey: Uint8Array;
  readonly keyLabel: string;
}

/** Who holds the key-encryption keys: the HSM (see `Hsm.wrapDataKey`), never the process. */
export interface DataKeyCustody {
  /** Label of the key-encryption key new records are wrapped with; older labels stay readable. */
  readonly currentKeyEncryptionKey: string;
  wrap(kekLabel: string, dataKey: Uint8Array): Promise<Uint8Array>;
  unwrap(kekLabel: string, wrapped: Uint8Array): Promise<Uint8Array>;
}

export class RecordDecryptionError extends CitizenZeroError<'RECORD_DECRYPTION_FAILED'> {
  readonly code = 'RECORD_DECRYPTION_FAILED';
  constructor(options?: { cause?: unknown }) {
    super('a stored record could not be decrypted (wrong key or altered ciphertext)', {}, options);
  }
}

const FORMAT_V1 = 0x01;

/**
 * Envelope encryption of personal and biometric data before it reaches a database. Each record
 * gets its own 256-bit data key; the key is wrapped in the HSM and only the wrapped form is
 * stored. The ciphertext is bound to its record (`context` is the GCM additional data), so a
 * ciphertext copied onto another row does not decrypt. Rotating the key-encryption key re-wraps
 * data keys only (`rewrap`); ciphertexts are not touched.
 */
export class EnvelopeEncryption {
  constructor(private readonly keys: DataKeyCustody) {}

  async seal(plaintext: Uint8Array, context: string): Promise<SealedRecord> {
    const dataKey = randomBytes(32);
    try {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', dataKey, nonce);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      const ciphertext = Buffer.concat([Buffer.of(FORMAT_V1), nonce, body, cipher.getAuthTag()]);
      const keyLabel = this.keys.currentKeyEncryptionKey;
      return { ciphertext, wrappedKey: await this.keys.wrap(keyLabel, dataKey), keyLabel };
    } finally {
      dataKey.fill(0);
    }
  }

  async open(record: SealedRecord, context: string): Promise<Uint8Array> {
    const dataKey = Buffer.from(await this.keys.unwrap(record.keyLabel, record.wrappedKey));
    try {
      const bytes = Buffer.from(record.ciphertext);
      if (bytes[0] !== FORMAT_V1 || bytes.length < 1 + 12 + 16) throw new Error('unknown ciphertext format');
      const decipher = createDecipheriv('aes-256-gcm', dataKey, bytes.subarray(1, 13));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      return Buffer.concat([decipher.update(bytes.subarray(13, bytes.length - 16)), decipher.final()]);
    } catch (error) {
      throw new RecordDecryptionError({ cause: error });
    } finally {
      dataKey.fill(0);
    }
  }

  /** Re-wraps a data key under the current key-encryption key (rotation); the ciphertext stays as it is. */
  async rewrap(record: Pick<SealedRecord, 'wrappedKey' | 'keyLabel'>): Promise<Pick<SealedRecord, 'wrappedKey' | 'keyLabel'>> {
    const dataKey = await this.keys.unwrap(record.keyLabel, record.wrappedKey);
    try {
      const keyLabel = this.keys.currentKeyEncryptionKey;
      return { wrappedKey: await this.keys.wrap(keyLabel, dataKey), keyLabel };
    } finally {
      dataKey.fill(0);
    }
  }
}
