import {
  coseKeyFromJwk,
  DeviceEngagement,
  DeviceResponse,
  DeviceResponseStatus,
  DeviceSession,
  ERROR_DATA_NOT_RETURNED,
  WebSocketRelayRetrieval,
  WebSocketRelayTransport,
  type ReaderAuthenticationResult,
  type ReaderTrust,
  type ReceivedDeviceRequest,
  type ReceivedZkRequest,
  type SessionEnd,
  type WebSocketConstructorLike,
  type ZkSessionResponse,
} from '@citizen-zero/mdoc';
import { commonName } from './distinguished-name';

/**
 * The wallet's end of an in-person presentation (ISO/IEC 18013-5:2021 §9.1.1), over the private
 * WebSocket relay retrieval method (libs/mdoc websocket-relay-retrieval.ts): a fresh EDeviceKey
 * (ECDH P-256, non-extractable) for every engagement, the device engagement with the relay
 * endpoint and a random session id, shown as `mdoc:` + base64url(DeviceEngagementBytes) in a QR
 * code (§8.2.2.3), and the DeviceSession that decrypts the reader's requests and encrypts the
 * answers with the session keys. The relay only ever forwards ciphertext.
 *
 * Each request waits for the citizen: the app receives it as a {@link PendingRequest} and settles
 * it with the response it builds (or a refusal).
 */
export type PendingRequest =
  | { readonly kind: 'mdoc'; readonly received: ReceivedDeviceRequest; respond(response: DeviceResponse | Uint8Array): void; decline(): void }
  | { readonly kind: 'zk'; readonly received: ReceivedZkRequest; respond(response: ZkSessionResponse): void; decline(): void };

export interface InPersonSession {
  /** The QR code text. */
  readonly qrText: string;
  readonly engagement: DeviceEngagement;
  readonly session: DeviceSession;
  readonly transport: WebSocketRelayTransport;
  /** Ends the session (status 20) and closes the relay connection. */
  close(): Promise<void>;
}

export interface StartInPersonSessionParams {
  readonly relayUrl: string;
  readonly readerTrust?: ReaderTrust;
  readonly onRequest: (request: PendingRequest) => void;
  readonly onEnd?: (end: SessionEnd) => void;
  readonly WebSocket?: WebSocketConstructorLike;
}

/** The answer to a zero-knowledge request the citizen declines. */
export const DECLINED_ZK_RESPONSE: ZkSessionResponse = { error: 'declined' };

/**
 * The answer to a DeviceRequest the citizen declines: no documents, each requested doctype in
 * documentErrors with code 0, data not returned (§8.3.2.1.2.3), status OK — the mdoc did not fail.
 */
export function declinedDeviceResponse(received: ReceivedDeviceRequest): DeviceResponse {
  return new DeviceResponse('1.0', [], received.docRequests.map((docRequest) => new Map([[docRequest.docType, ERROR_DATA_NOT_RETURNED]])), DeviceResponseStatus.OK);
}

export async function startInPersonSession(params: StartInPersonSessionParams): Promise<InPersonSession> {
  const eDevice = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  const retrieval = WebSocketRelayRetrieval.create(params.relayUrl);
  const engagement = DeviceEngagement.create({ eDeviceKey: coseKeyFromJwk(await crypto.subtle.exportKey('jwk', eDevice.publicKey)), retrievalMethods: [retrieval.toMethod()] });
  const transport = WebSocketRelayTransport.connect({ retrieval, role: 'mdoc', WebSocket: params.WebSocket ?? (WebSocket as unknown as WebSocketConstructorLike) });
  const session = DeviceSession.start({
    deviceEngagement: engagement,
    eDevicePrivateKey: eDevice.privateKey,
    transport,
    ...(params.readerTrust && { readerTrust: params.readerTrust }),
    onRequest: (received) =>
      new Promise<DeviceResponse | Uint8Array>((resolve) => {
        params.onRequest({ kind: 'mdoc', received, respond: resolve, decline: () => resolve(declinedDeviceResponse(received)) });
      }),
    onZkRequest: (received) =>
      new Promise<ZkSessionResponse>((resolve) => {
        params.onRequest({ kind: 'zk', received, respond: resolve, decline: () => resolve(DECLINED_ZK_RESPONSE) });
      }),
  });
  void session.ended.then((end) => {
    transport.close();
    params.onEnd?.(end);
  });
  return {
    qrText: engagement.toQrUri(),
    engagement,
    session,
    transport,
    close: async () => {
      if (!session.end) await session.terminate().catch(() => undefined);
      transport.close();
    },
  };
}

/** Who asks, in words for the citizen: the reader certificate's common name (or subject) when it verified. */
export function readerDescription(result: ReaderAuthenticationResult): { readonly authenticated: boolean; readonly name: string; readonly detail: string } {
  if (result.status === 'verified') {
    return { authenticated: true, name: commonName(result.reader.subject), detail: `certified by ${commonName(result.trustAnchorSubject)}` };
  }
  if (result.status === 'absent') return { authenticated: false, name: 'Not authenticated', detail: 'the reader did not identify itself' };
  return { authenticated: false, name: 'Not authenticated', detail: result.reader ? `claims to be ${commonName(result.reader.subject)}, but ${result.message}` : result.message };
}
