import type { Signer } from '@citizen-zero/signing';
import { EncodedCbor } from '../cbor/encoded-cbor';
import { coseKeyCurve, coseKeyFromJwk, type CoseKey } from '../cose/cose-key';
import { DeviceRequest, type ItemsRequest } from '../mdoc/device-request';
import { MdocError } from '../mdoc-error';
import { verifyDeviceResponse, type VerifyDeviceResponseOptions } from '../verification/verify-device-response';
import type { DeviceResponseVerdict } from '../verification/verification-report';
import type { DeviceEngagement } from './device-engagement';
import { SessionData, SessionStatus } from './session-data';
import { SessionEncryption, sessionStatusForError } from './session-encryption';
import { deferred, endByPeerStatus, type Deferred, type SessionEnd } from './session-end';
import { SessionEndpoint } from './session-endpoint';
import { SessionEstablishment } from './session-establishment';
import { SessionTranscript } from './session-transcript';
import type { SessionTransport } from './session-transport';
import { encodeZkSessionRequest, isZkSessionResponse, parseZkSessionResponse, zkSessionBindingNonce, type ZkSessionRequest, type ZkSessionResponse } from './zk-session-exchange';

/**
 * `ready`: a request may be sent; `awaiting-response`: one was sent and its response has not come;
 * `terminated`: status 20 was sent or received; `failed`: an error ended the session.
 */
export type ReaderSessionState = 'ready' | 'awaiting-response' | 'terminated' | 'failed';

export interface ReaderSessionParams {
  /** The mdoc's DeviceEngagement (from the QR code, NFC or a relay), as received. */
  readonly deviceEngagement: DeviceEngagement;
  readonly transport: SessionTransport;
  /** The encoded Handover of the SessionTranscript (§9.1.5.1); default `F6` (null), the QR handover. */
  readonly handoverBytes?: Uint8Array;
  /** EReaderKey; by default a fresh non-extractable key pair on the curve of EDeviceKey. Given only for test vectors. */
  readonly eReaderKeyPair?: CryptoKeyPair;
}

/**
 * The answer to {@link ReaderSession.requestZkProof}: the mdoc's ZkSessionResponse (a proof envelope,
 * or its error text), or `unsupported` when it answered with a DeviceResponse instead — an mdoc that
 * does not know the private exchange reads it as an invalid DeviceRequest (status 12).
 */
export type ReaderZkAnswer =
  | { readonly kind: 'response'; readonly response: ZkSessionResponse; readonly bindingNonce: string; readonly terminated: boolean }
  | { readonly kind: 'unsupported'; readonly deviceResponseBytes: Uint8Array; readonly terminated: boolean };

export interface ReaderSessionResponse {
  /** The decrypted DeviceResponse, exactly as the mdoc encoded it: verify these bytes. */
  readonly deviceResponseBytes: Uint8Array;
  /** Whether the mdoc ended the session with this message (status 20 next to the data). */
  readonly terminated: boolean;
}

/**
 * The mdoc reader's end of an ISO/IEC 18013-5:2021 session (§9.1.1), over any {@link SessionTransport}.
 *
 * 1. {@link create}: from the DeviceEngagement, a fresh EReaderKey on the curve of EDeviceKey, the
 *    SessionTranscript `[DeviceEngagementBytes, EReaderKeyBytes, Handover]` (§9.1.5.1) and the session
 *    keys SKReader/SKDevice (§9.1.1.5).
 * 2. {@link request}: the first DeviceRequest goes out in SessionEstablishment
 *    `{ eReaderKey, data }`, later ones in SessionData `{ data }`, each encrypted with SKReader and
 *    the next reader message counter; the promise resolves with the decrypted DeviceResponse.
 * 3. {@link terminate}: SessionData `{ status: 20 }`.
 *
 * A response that cannot be decrypted (tampered, replayed, reordered, wrong key) ends the session
 * with status 10 sent to the mdoc, a message that is not SessionData with status 11; a status from
 * the mdoc ends it too (Table 20). The pending request then rejects with the stable code, and
 * {@link ended} says how it ended.
 */
export class ReaderSession extends SessionEndpoint {
  private stateValue: ReaderSessionState = 'ready';
  private established = false;
  private pending: Deferred<ReaderSessionResponse> | undefined;

  private constructor(
    transport: SessionTransport,
    private readonly encryption: SessionEncryption,
    /** The SessionTranscript of this session: for reader authentication, and to verify device authentication. */
    readonly transcript: SessionTranscript,
    private readonly eReaderKeyBytes: EncodedCbor<CoseKey>,
    private readonly eReaderPrivateKey: CryptoKey,
  ) {
    super(transport);
  }

  static async create(params: ReaderSessionParams): Promise<ReaderSession> {
    const eDeviceKey = params.deviceEngagement.eDeviceKey;
    const keyPair = params.eReaderKeyPair ?? (await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: coseKeyCurve(eDeviceKey) }, false, ['deriveBits']));
    const eReaderKeyBytes = EncodedCbor.fromValue<CoseKey>(coseKeyFromJwk(await crypto.subtle.exportKey('jwk', keyPair.publicKey)));
    const transcript = SessionTranscript.fromEncodedParts({
      deviceEngagementBytes: params.deviceEngagement.bytes,
      eReaderKeyBytes: eReaderKeyBytes.itemBytes,
      ...(params.handoverBytes && { handoverBytes: params.handoverBytes }),
    });
    const encryption = await SessionEncryption.create({ role: 'reader', privateKey: keyPair.privateKey, peerKey: eDeviceKey, transcript });
    return new ReaderSession(params.transport, encryption, transcript, eReaderKeyBytes, keyPair.privateKey);
  }

  get state(): ReaderSessionState {
    return this.stateValue;
  }

  /** EReaderKey, the reader's ephemeral public key. */
  get eReaderKey(): CoseKey {
    return this.eReaderKeyBytes.value;
  }

  /**
   * A DeviceRequest for this session; with `readerAuth`, each DocRequest is signed over
   * ReaderAuthentication with this session's transcript (§9.1.4).
   */
  createDeviceRequest(params: { requests: readonly ItemsRequest[]; readerAuth?: { signer: Signer; certificateChain: readonly Uint8Array[] } }): Promise<DeviceRequest> {
    return DeviceRequest.create({ requests: params.requests, ...(params.readerAuth && { readerAuth: { ...params.readerAuth, transcript: this.transcript } }) });
  }

  /** Sends a DeviceRequest (or its encoded bytes) and waits for the DeviceResponse. */
  async request(request: DeviceRequest | Uint8Array): Promise<ReaderSessionResponse> {
    this.assertOpen('send a request');
    if (this.stateValue !== 'ready') throw new MdocError('SESSION_STATE_INVALID', 'a request is already waiting for its response');
    const pending = deferred<ReaderSessionResponse>();
    // Rejected when the session ends; the caller sees that through the returned promise (or the throw below).
    pending.promise.catch(() => undefined);
    this.pending = pending;
    this.stateValue = 'awaiting-response';
    const data = await this.encryption.encrypt(request instanceof Uint8Array ? request : request.toBytes());
    this.assertOpen('send a request');
    const message = this.established ? SessionData.create({ data }).bytes : SessionEstablishment.create({ eReaderKeyBytes: this.eReaderKeyBytes, data }).bytes;
    this.established = true;
    await this.send(message);
    return pending.promise;
  }

  /**
   * Asks the mdoc for a zero-knowledge proof instead of a DeviceRequest (Citizen Zero's private
   * exchange, zk-session-exchange.ts: the same encrypted SessionEstablishment/SessionData, another
   * plaintext). The proof is bound to `request.audience` and the text nonce in the answer's
   * `bindingNonce`; verify it with libs/zk-credentials against those two. No reader authentication
   * travels with this request: the exchange has none (the holder sees the audience only).
   */
  async requestZkProof(request: ZkSessionRequest): Promise<ReaderZkAnswer> {
    const answer = await this.request(encodeZkSessionRequest(request));
    if (!isZkSessionResponse(answer.deviceResponseBytes)) return { kind: 'unsupported', deviceResponseBytes: answer.deviceResponseBytes, terminated: answer.terminated };
    return { kind: 'response', response: parseZkSessionResponse(answer.deviceResponseBytes), bindingNonce: zkSessionBindingNonce(request), terminated: answer.terminated };
  }

  /** Ends the session with SessionData `{ "status": 20 }` (§9.1.1.4). */
  async terminate(): Promise<void> {
    await this.finish({ reason: 'terminated', by: 'self', status: SessionStatus.SESSION_TERMINATION, error: new MdocError('SESSION_TERMINATED', 'the reader terminated the session') }, SessionStatus.SESSION_TERMINATION);
  }

  /**
   * Verifies a DeviceResponse of this session (§9.3): everything {@link verifyDeviceResponse} checks,
   * with this session's transcript and EReaderKey for device authentication (signature or MAC).
   */
  verify(response: ReaderSessionResponse | Uint8Array, options: Omit<VerifyDeviceResponseOptions, 'transcript' | 'eReaderKeyPrivate'>): Promise<DeviceResponseVerdict> {
    const bytes = response instanceof Uint8Array ? response : response.deviceResponseBytes;
    return verifyDeviceResponse(bytes, { ...options, transcript: this.transcript, eReaderKeyPrivate: this.eReaderPrivateKey });
  }

  protected async receive(message: Uint8Array): Promise<void> {
    if (this.isEnded) return;
    let sessionData: SessionData;
    try {
      sessionData = SessionData.fromBytes(message);
    } catch (error) {
      return this.fail(error, SessionStatus.CBOR_DECODING_ERROR);
    }
    const { data, status } = sessionData;
    if (data === undefined) return this.finish(endByPeerStatus(status!));
    const pending = this.pending;
    if (!pending) {
      const error = new MdocError('SESSION_MESSAGE_UNEXPECTED', 'the mdoc sent data while no request was waiting for a response');
      return this.finish({ reason: 'failed', by: 'self', status: SessionStatus.SESSION_TERMINATION, error }, SessionStatus.SESSION_TERMINATION);
    }
    let plaintext: Uint8Array;
    try {
      plaintext = await this.encryption.decrypt(data);
    } catch (error) {
      return this.fail(error, sessionStatusForError(error) ?? SessionStatus.SESSION_ENCRYPTION_ERROR);
    }
    if (this.isEnded) return; // terminated by the app meanwhile
    if (status !== undefined && status !== SessionStatus.SESSION_TERMINATION) return this.finish(endByPeerStatus(status));
    this.pending = undefined;
    if (status === SessionStatus.SESSION_TERMINATION) {
      pending.resolve({ deviceResponseBytes: plaintext, terminated: true });
      return this.finish(endByPeerStatus(status));
    }
    this.stateValue = 'ready';
    pending.resolve({ deviceResponseBytes: plaintext, terminated: false });
  }

  protected onEnd(end: SessionEnd): void {
    this.stateValue = end.reason === 'terminated' ? 'terminated' : 'failed';
    this.pending?.reject(end.error);
    this.pending = undefined;
  }
}
