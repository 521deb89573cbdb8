import { importCoseKey, type CoseKey } from '../cose/cose-key';
import { MdocError, type MdocErrorCode } from '../mdoc-error';
import { deriveSessionEncryptionKey, ecdhSharedSecret } from './key-derivation';
import { SessionStatus } from './session-data';
import type { SessionTranscript } from './session-transcript';

/** Which end of the session: the mdoc reader or the mdoc (the holder's device). */
export type SessionRole = 'reader' | 'mdoc';

/** The 8-byte IV identifiers of §9.1.1.5: 0x0000000000000000 for the reader, 0x0000000000000001 for the mdoc. */
export const SessionIvIdentifier = { reader: 0, mdoc: 1 } as const;

/** The message counter is 4 bytes, big-endian, starting at 1 (§9.1.1.5). */
export const MAX_MESSAGE_COUNTER = 0xffff_ffff;

/**
 * How far around the expected counter a message that does not decrypt is tried again, only to name
 * the failure (replay or reordering); it is refused either way.
 */
const DIAGNOSIS_WINDOW = 16;

/** IV = identifier (8 bytes) ‖ message counter (4 bytes, big-endian) (§9.1.1.5). */
export function sessionIv(role: SessionRole, counter: number): Uint8Array {
  if (!Number.isInteger(counter) || counter < 1 || counter > MAX_MESSAGE_COUNTER) throw new RangeError(`message counter ${counter} is outside 1 … 2^32 − 1`);
  const iv = new Uint8Array(12);
  iv[7] = SessionIvIdentifier[role];
  new DataView(iv.buffer).setUint32(8, counter, false);
  return iv;
}

/** SKReader and SKDevice as non-extractable AES-256-GCM keys. */
export interface SessionKeys {
  readonly skReader: CryptoKey;
  readonly skDevice: CryptoKey;
}

/**
 * ECDH between this side's ephemeral private key and the peer's ephemeral public key (EDeviceKey for
 * the reader, EReaderKey for the mdoc), then HKDF over the SessionTranscript (§9.1.1.5). A peer key
 * that is not a point on the curve, or on another curve than ours, is `SESSION_KEY_AGREEMENT_FAILED`
 * (status 10).
 */
export async function deriveSessionKeys(params: { privateKey: CryptoKey; peerKey: CoseKey; transcript: SessionTranscript }): Promise<SessionKeys> {
  let sharedSecret: Uint8Array;
  try {
    const peer = await importCoseKey(params.peerKey, 'ecdh', 'peer ephemeral key');
    const ours = (params.privateKey.algorithm as EcKeyAlgorithm).namedCurve;
    const theirs = (peer.algorithm as EcKeyAlgorithm).namedCurve;
    if (ours !== theirs) throw new Error(`the peer's key is on ${theirs}, ours on ${ours}`);
    sharedSecret = await ecdhSharedSecret(params.privateKey, peer);
  } catch (error) {
    throw new MdocError('SESSION_KEY_AGREEMENT_FAILED', `session key agreement failed: ${(error as Error).message}`, { sessionStatus: SessionStatus.SESSION_ENCRYPTION_ERROR }, { cause: error });
  }
  const [skReader, skDevice] = await Promise.all([deriveSessionEncryptionKey(sharedSecret, params.transcript, 'SKReader'), deriveSessionEncryptionKey(sharedSecret, params.transcript, 'SKDevice')]);
  return { skReader, skDevice };
}

/**
 * Session encryption (ISO/IEC 18013-5:2021 §9.1.1.5) for one end of a session: AES-256-GCM with a
 * 128-bit tag and no additional data; the reader encrypts with SKReader and IV identifier 0, the mdoc
 * with SKDevice and identifier 1; each direction has its own message counter, starting at 1 and
 * increased by one for every message.
 *
 * The counter is not sent: each side knows which one the next message must carry. A message is
 * accepted only under exactly that counter, so the counters seen are strictly increasing without
 * gaps. A message that does not decrypt is refused with a stable code and does not move the counter:
 * `SESSION_MESSAGE_REPLAYED` when it authenticates under an earlier counter,
 * `SESSION_MESSAGE_OUT_OF_ORDER` under a later one, `SESSION_DECRYPTION_FAILED` otherwise (tampered,
 * wrong key, other session). Each carries `details.sessionStatus = 10`: the caller sends SessionData
 * status 10 and ends the session (Table 20), as {@link ReaderSession} and {@link DeviceSession} do.
 *
 * Decryptions are processed one after another in call order; encryptions take their counter when
 * called.
 */
export class SessionEncryption {
  private sendCounter = 1;
  private receiveCounter = 1;
  private receiving: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly role: SessionRole,
    private readonly sendKey: CryptoKey,
    private readonly receiveKey: CryptoKey,
  ) {}

  /** Derives the session keys (§9.1.1.5) for `role` from its ephemeral private key and the peer's public key. */
  static async create(params: { role: SessionRole; privateKey: CryptoKey; peerKey: CoseKey; transcript: SessionTranscript }): Promise<SessionEncryption> {
    return SessionEncryption.fromKeys(params.role, await deriveSessionKeys(params));
  }

  static fromKeys(role: SessionRole, keys: SessionKeys): SessionEncryption {
    return role === 'reader' ? new SessionEncryption(role, keys.skReader, keys.skDevice) : new SessionEncryption(role, keys.skDevice, keys.skReader);
  }

  /** Messages encrypted so far. */
  get messagesSent(): number {
    return this.sendCounter - 1;
  }

  /** Messages decrypted so far. */
  get messagesReceived(): number {
    return this.receiveCounter - 1;
  }

  /** Encrypts the next message to the peer (its counter is taken now). */
  async encrypt(plaintext: Uint8Array): Promise<Uint8Array> {
    if (this.sendCounter > MAX_MESSAGE_COUNTER) throw exhausted('send');
    const iv = sessionIv(this.role, this.sendCounter++);
    return new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: iv as BufferSource, tagLength: 128 }, this.sendKey, plaintext as BufferSource));
  }

  /** Decrypts the next message from the peer; see the class description for the codes it throws. */
  decrypt(ciphertext: Uint8Array): Promise<Uint8Array> {
    const result = this.receiving.then(() => this.open(ciphertext));
    this.receiving = result.catch(() => undefined);
    return result;
  }

  private async open(ciphertext: Uint8Array): Promise<Uint8Array> {
    const expected = this.receiveCounter;
    if (expected > MAX_MESSAGE_COUNTER) throw exhausted('receive');
    const peer: SessionRole = this.role === 'reader' ? 'mdoc' : 'reader';
    const plaintext = await this.tryOpen(ciphertext, peer, expected);
    if (plaintext) {
      this.receiveCounter = expected + 1;
      return plaintext;
    }
    const refuse = (code: MdocErrorCode, message: string, counter?: number): MdocError =>
      new MdocError(code, message, { sessionStatus: SessionStatus.SESSION_ENCRYPTION_ERROR, expectedCounter: expected, ...(counter !== undefined && { counter }) });
    for (let earlier = expected - 1; earlier >= Math.max(1, expected - DIAGNOSIS_WINDOW); earlier--) {
      if (await this.tryOpen(ciphertext, peer, earlier)) throw refuse('SESSION_MESSAGE_REPLAYED', `the message was already received: it carries message counter ${earlier}, the next is ${expected} (§9.1.1.5)`, earlier);
    }
    for (let later = expected + 1; later <= Math.min(MAX_MESSAGE_COUNTER, expected + DIAGNOSIS_WINDOW); later++) {
      if (await this.tryOpen(ciphertext, peer, later)) throw refuse('SESSION_MESSAGE_OUT_OF_ORDER', `the message carries message counter ${later}, the next is ${expected} (§9.1.1.5)`, later);
    }
    throw refuse('SESSION_DECRYPTION_FAILED', `the message does not decrypt with ${peer === 'mdoc' ? 'SKDevice' : 'SKReader'} and message counter ${expected} (tampered, or another key)`);
  }

  private async tryOpen(ciphertext: Uint8Array, sender: SessionRole, counter: number): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sessionIv(sender, counter) as BufferSource, tagLength: 128 }, this.receiveKey, ciphertext as BufferSource));
    } catch {
      return undefined;
    }
  }
}

function exhausted(direction: 'send' | 'receive'): MdocError {
  return new MdocError('SESSION_COUNTER_EXHAUSTED', `the ${direction} message counter reached 2^32 − 1; start a new session (§9.1.1.5)`, { sessionStatus: SessionStatus.SESSION_TERMINATION });
}

/**
 * The SessionData status to send for an error (Table 20): 10 for the session encryption failures,
 * 11 for a message that is not a SessionEstablishment/SessionData; undefined for anything else.
 */
export function sessionStatusForError(error: unknown): number | undefined {
  if (!(error instanceof MdocError)) return undefined;
  const status = error.details['sessionStatus'];
  return typeof status === 'number' ? status : undefined;
}
