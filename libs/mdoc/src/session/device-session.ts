import type { CoseKey } from '../cose/cose-key';
import { DeviceRequest, type ItemsRequest } from '../mdoc/device-request';
import { DeviceResponse, DeviceResponseStatus } from '../mdoc/device-response';
import { MdocError } from '../mdoc-error';
import type { DeviceEngagement } from './device-engagement';
import { verifyReaderAuthentication, type ReaderAuthenticationResult, type ReaderTrust } from './reader-authentication';
import { SessionData, SessionStatus } from './session-data';
import { SessionEncryption, sessionStatusForError } from './session-encryption';
import { endByPeerStatus, type SessionEnd } from './session-end';
import { SessionEndpoint } from './session-endpoint';
import { SessionEstablishment } from './session-establishment';
import { SessionTranscript } from './session-transcript';
import type { SessionTransport } from './session-transport';
import { encodeZkSessionResponse, isZkSessionRequest, parseZkSessionRequest, zkSessionBindingNonce, type ZkSessionRequest, type ZkSessionResponse } from './zk-session-exchange';

/**
 * `awaiting-establishment`: no SessionEstablishment yet; `ready`: established, waiting for the next
 * request; `responding`: the app is building a response; `terminated`: status 20 was sent or
 * received; `failed`: an error ended the session.
 */
export type DeviceSessionState = 'awaiting-establishment' | 'ready' | 'responding' | 'terminated' | 'failed';

/** One requested data element and whether the reader says it will keep it (IntentToRetain, §8.3.2.1.2.1). */
export interface RequestedElement {
  readonly namespace: string;
  readonly elementIdentifier: string;
  readonly intentToRetain: boolean;
}

/** One DocRequest as the holder should see it: what, for how long, and who asks. */
export interface ReceivedDocRequest {
  readonly docType: string;
  readonly elements: readonly RequestedElement[];
  readonly requestInfo?: ReadonlyMap<string, unknown>;
  /** The ItemsRequest, to pass to {@link presentDocuments}. */
  readonly itemsRequest: ItemsRequest;
  /** Who asks: the reader authentication outcome (§9.1.4) for this DocRequest. */
  readonly readerAuthentication: ReaderAuthenticationResult;
}

/** A decrypted DeviceRequest, with what the app needs to answer it. */
export interface ReceivedDeviceRequest {
  readonly deviceRequest: DeviceRequest;
  /** The DeviceRequest exactly as decrypted. */
  readonly deviceRequestBytes: Uint8Array;
  readonly docRequests: readonly ReceivedDocRequest[];
  /** The session's SessionTranscript, over which the DeviceResponse is device-authenticated (§9.1.3). */
  readonly transcript: SessionTranscript;
  /** EReaderKey, for device authentication by MAC (§9.1.3.5). */
  readonly eReaderKey: CoseKey;
}

/**
 * The app's answer to a request: a DeviceResponse (e.g. from {@link presentDocuments}) or its bytes.
 * If it throws, the mdoc answers with a DeviceResponse of status 10 (general error, §8.3.2.1.2.3).
 */
export type DeviceRequestHandler = (request: ReceivedDeviceRequest) => DeviceResponse | Uint8Array | Promise<DeviceResponse | Uint8Array>;

/** A decrypted zero-knowledge proof request (the private exchange of zk-session-exchange.ts). */
export interface ReceivedZkRequest {
  readonly request: ZkSessionRequest;
  /** The request exactly as decrypted. */
  readonly requestBytes: Uint8Array;
  /** The text nonce to bind the proof to, with `request.audience` ({@link zkSessionBindingNonce}). */
  readonly bindingNonce: string;
  readonly transcript: SessionTranscript;
}

/**
 * The app's answer to a zero-knowledge request: a proof, or an error text for the reader (e.g. the
 * holder declined). If it throws, the reader gets `{ "error": "general error" }`.
 */
export type ZkRequestHandler = (request: ReceivedZkRequest) => ZkSessionResponse | Promise<ZkSessionResponse>;

/** Error texts the session itself puts in a ZkSessionResponse. */
export const ZK_SESSION_ERRORS = { REQUEST_INVALID: 'request invalid', GENERAL_ERROR: 'general error' } as const;

export interface DeviceSessionParams {
  /** The DeviceEngagement this mdoc showed (its bytes go into the SessionTranscript as they are). */
  readonly deviceEngagement: DeviceEngagement;
  /** EDeviceKey.Priv (ECDH); its public key is the one in the device engagement. */
  readonly eDevicePrivateKey: CryptoKey;
  readonly transport: SessionTransport;
  /** The encoded Handover of the SessionTranscript (§9.1.5.1); default `F6` (null), the QR handover. */
  readonly handoverBytes?: Uint8Array;
  /** The reader CAs the holder trusts; without it, every readerAuth is reported `CERT_CHAIN_UNTRUSTED`. */
  readonly readerTrust?: ReaderTrust;
  readonly onRequest: DeviceRequestHandler;
  /**
   * Answers the private zero-knowledge request (zk-session-exchange.ts). Without it, such a request
   * is treated like any other plaintext that is not a DeviceRequest: a DeviceResponse with status 12.
   */
  readonly onZkRequest?: ZkRequestHandler;
  /** Told when `onRequest` or `onZkRequest` throws (the reader gets status 10 in a DeviceResponse, or a ZkSessionResponse error). */
  readonly onHandlerError?: (error: unknown) => void;
}

/**
 * The mdoc's end of an ISO/IEC 18013-5:2021 session (§9.1.1), over any {@link SessionTransport}.
 *
 * It waits for SessionEstablishment, builds the SessionTranscript from its DeviceEngagementBytes,
 * the received EReaderKeyBytes (as received) and the Handover (§9.1.5.1), derives SKReader/SKDevice
 * (§9.1.1.5) and decrypts the DeviceRequest; it verifies each DocRequest's readerAuth (§9.1.4) and
 * gives the app the request with who asks and the intent to retain per element; it encrypts the
 * app's DeviceResponse with SKDevice into SessionData. Later requests come in SessionData.
 *
 * A message that does not decrypt ends the session with status 10 sent, one that is not
 * SessionEstablishment/SessionData with status 11; a status from the reader ends it too (Table 20).
 * A DeviceRequest that decrypts but does not decode gets a DeviceResponse with status 11 (CBOR
 * decoding) or 12 (CBOR validation) and the session goes on (§8.3.2.1.2.3).
 *
 * With {@link DeviceSessionParams.onZkRequest}, a decrypted plaintext that is a ZkSessionRequest
 * (Citizen Zero's private extension, not ISO/IEC 18013-5) goes to that handler instead, and its
 * ZkSessionResponse is encrypted and sent in SessionData like a DeviceResponse; the session and its
 * counters are the same for both kinds of exchange, in any order.
 */
export class DeviceSession extends SessionEndpoint {
  private stateValue: DeviceSessionState = 'awaiting-establishment';
  private encryption: SessionEncryption | undefined;
  private transcriptValue: SessionTranscript | undefined;
  private eReaderKeyValue: CoseKey | undefined;
  private responding: Promise<void> = Promise.resolve();

  private constructor(private readonly params: DeviceSessionParams) {
    super(params.transport);
  }

  /** Starts listening on the transport for the reader's SessionEstablishment. */
  static start(params: DeviceSessionParams): DeviceSession {
    return new DeviceSession(params);
  }

  get state(): DeviceSessionState {
    return this.stateValue;
  }

  /** The SessionTranscript, once SessionEstablishment has arrived. */
  get transcript(): SessionTranscript | undefined {
    return this.transcriptValue;
  }

  /** Ends the session with SessionData `{ "status": 20 }` (§9.1.1.4), e.g. when the holder declines. */
  async terminate(): Promise<void> {
    await this.finish({ reason: 'terminated', by: 'self', status: SessionStatus.SESSION_TERMINATION, error: new MdocError('SESSION_TERMINATED', 'the mdoc terminated the session') }, SessionStatus.SESSION_TERMINATION);
  }

  protected async receive(message: Uint8Array): Promise<void> {
    if (this.isEnded) return;
    let ciphertext: Uint8Array;
    if (!this.encryption) {
      let establishment: SessionEstablishment;
      try {
        establishment = SessionEstablishment.fromBytes(message);
      } catch (error) {
        const status = statusOnly(message);
        if (status !== undefined) return this.finish(endByPeerStatus(status));
        return this.fail(error, SessionStatus.CBOR_DECODING_ERROR);
      }
      const transcript = SessionTranscript.fromEncodedParts({
        deviceEngagementBytes: this.params.deviceEngagement.bytes,
        eReaderKeyBytes: establishment.eReaderKeyBytes.itemBytes,
        ...(this.params.handoverBytes && { handoverBytes: this.params.handoverBytes }),
      });
      try {
        this.encryption = await SessionEncryption.create({ role: 'mdoc', privateKey: this.params.eDevicePrivateKey, peerKey: establishment.eReaderKey, transcript });
      } catch (error) {
        return this.fail(error, SessionStatus.SESSION_ENCRYPTION_ERROR);
      }
      this.transcriptValue = transcript;
      this.eReaderKeyValue = establishment.eReaderKey;
      ciphertext = establishment.data;
    } else {
      let sessionData: SessionData;
      try {
        sessionData = SessionData.fromBytes(message);
      } catch (error) {
        return this.fail(error, SessionStatus.CBOR_DECODING_ERROR);
      }
      if (sessionData.status !== undefined) return this.finish(endByPeerStatus(sessionData.status));
      ciphertext = sessionData.data!;
    }
    let plaintext: Uint8Array;
    try {
      plaintext = await this.encryption.decrypt(ciphertext);
    } catch (error) {
      return this.fail(error, sessionStatusForError(error) ?? SessionStatus.SESSION_ENCRYPTION_ERROR);
    }
    if (this.isEnded) return; // terminated by the app meanwhile
    // Answered on a chain of its own, so that a status or a closing transport ends the session even
    // while the holder is still deciding; responses go out in the order the requests came.
    this.stateValue = 'responding';
    this.responding = this.responding.then(() => this.respond(plaintext)).catch(() => undefined);
  }

  private async respond(deviceRequestBytes: Uint8Array): Promise<void> {
    if (this.isEnded) return;
    const response = this.params.onZkRequest && isZkSessionRequest(deviceRequestBytes) ? await this.answerZkRequest(deviceRequestBytes, this.params.onZkRequest) : await this.answerDeviceRequest(deviceRequestBytes);
    if (this.isEnded) return;
    const data = await this.encryption!.encrypt(response);
    if (this.isEnded) return;
    await this.send(SessionData.create({ data }).bytes);
    if (!this.isEnded && this.encryption!.messagesSent === this.encryption!.messagesReceived) this.stateValue = 'ready';
  }

  private async answerZkRequest(requestBytes: Uint8Array, handler: ZkRequestHandler): Promise<Uint8Array> {
    let request: ZkSessionRequest;
    try {
      request = parseZkSessionRequest(requestBytes);
    } catch {
      return encodeZkSessionResponse({ error: ZK_SESSION_ERRORS.REQUEST_INVALID });
    }
    try {
      return encodeZkSessionResponse(await handler({ request, requestBytes, bindingNonce: zkSessionBindingNonce(request), transcript: this.transcriptValue! }));
    } catch (error) {
      this.params.onHandlerError?.(error);
      return encodeZkSessionResponse({ error: ZK_SESSION_ERRORS.GENERAL_ERROR });
    }
  }

  private async answerDeviceRequest(deviceRequestBytes: Uint8Array): Promise<Uint8Array> {
    let response: Uint8Array;
    try {
      const deviceRequest = DeviceRequest.fromBytes(deviceRequestBytes);
      const received = await this.describe(deviceRequest, deviceRequestBytes);
      try {
        const answer = await this.params.onRequest(received);
        response = answer instanceof Uint8Array ? answer : answer.toBytes();
      } catch (error) {
        this.params.onHandlerError?.(error);
        response = new DeviceResponse('1.0', [], [], DeviceResponseStatus.GENERAL_ERROR).toBytes();
      }
    } catch (error) {
      const status = error instanceof MdocError && error.code === 'CBOR_DECODING_FAILED' ? DeviceResponseStatus.CBOR_DECODING_ERROR : DeviceResponseStatus.CBOR_VALIDATION_ERROR;
      response = new DeviceResponse('1.0', [], [], status).toBytes();
    }
    return response;
  }

  private async describe(deviceRequest: DeviceRequest, deviceRequestBytes: Uint8Array): Promise<ReceivedDeviceRequest> {
    const transcript = this.transcriptValue!;
    const docRequests = await Promise.all(
      deviceRequest.docRequests.map(async (docRequest): Promise<ReceivedDocRequest> => {
        const { itemsRequest } = docRequest;
        return {
          docType: itemsRequest.docType,
          elements: [...itemsRequest.nameSpaces].flatMap(([namespace, elements]) => [...elements].map(([elementIdentifier, intentToRetain]) => ({ namespace, elementIdentifier, intentToRetain }))),
          ...(itemsRequest.requestInfo && { requestInfo: itemsRequest.requestInfo }),
          itemsRequest,
          readerAuthentication: await verifyReaderAuthentication(docRequest, transcript, this.params.readerTrust),
        };
      }),
    );
    return { deviceRequest, deviceRequestBytes, docRequests, transcript, eReaderKey: this.eReaderKeyValue! };
  }

  protected onEnd(end: SessionEnd): void {
    this.stateValue = end.reason === 'terminated' ? 'terminated' : 'failed';
  }
}

/** The status of a status-only SessionData (a reader may end the session before establishing it). */
function statusOnly(message: Uint8Array): number | undefined {
  try {
    const sessionData = SessionData.fromBytes(message);
    return sessionData.data === undefined ? sessionData.status : undefined;
  } catch {
    return undefined;
  }
}
