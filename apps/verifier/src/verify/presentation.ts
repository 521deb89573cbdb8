import {
  DeviceEngagement,
  DeviceResponse,
  ReaderSession,
  WebSocketRelayRetrieval,
  WebSocketRelayTransport,
  zkSessionProofText,
  type WebSocketConstructorLike,
} from '@citizen-zero/mdoc';
import { verifyProof } from '@citizen-zero/zk-credentials';
import type { VerifierConfig } from '../config';
import { WebCryptoSigner, type ReaderIdentity } from '../reader/reader-identity';
import { zkIssuerKeys, type SyncedStatusList, type SyncedZkIssuerKeys } from '../sync/sync';
import type { SyncedTrustList } from '../sync/trust-list';
import { itemsRequestsOf, type VerificationProfile } from './profiles';
import { statusCheck } from './status-check';
import { mdocVerdictView, zkVerdictView, type CheckView, type VerdictView } from './verdict';

export class PresentationError extends Error {
  constructor(
    readonly code: 'ENGAGEMENT_INVALID' | 'RELAY_NOT_OFFERED' | 'RELAY_NOT_ALLOWED' | 'NOT_SYNCED' | 'SESSION_FAILED',
    message: string,
  ) {
    super(message);
    this.name = 'PresentationError';
  }
}

export interface PresentationContext {
  readonly config: VerifierConfig;
  readonly trustList: SyncedTrustList | undefined;
  readonly statusLists: readonly SyncedStatusList[];
  readonly zkIssuerKeys: SyncedZkIssuerKeys | undefined;
  readonly reader: ReaderIdentity | undefined;
  readonly WebSocket: WebSocketConstructorLike;
  readonly now?: () => Date;
  /** Progress, for the screen ("waiting for the holder"). */
  readonly onStage?: (stage: 'connecting' | 'waiting-for-holder' | 'verifying') => void;
  /** Aborts the session (the clerk cancels). */
  readonly signal?: AbortSignal;
}

/** Reads a wallet's engagement QR code (`mdoc:` + base64url DeviceEngagement, ISO/IEC 18013-5 §8.2.2.3). */
export function parseEngagement(text: string): DeviceEngagement {
  try {
    return DeviceEngagement.fromQrUri(text.trim());
  } catch (error) {
    throw new PresentationError('ENGAGEMENT_INVALID', `This is not a wallet’s QR code (${(error as Error).message}).`);
  }
}

/**
 * One presentation, start to verdict: the wallet's engagement (scanned or pasted), the session over
 * the relay it names (only an allowed relay), the profile's request — reader-authenticated with this
 * device's certificate when enrolled (§9.1.4) — and the verification of the answer entirely from the
 * synced material: issuer chain to the synced trust list, MSO, digests, validity, device
 * authentication over this session's transcript, and status from the synced list; or, for the
 * zero-knowledge profile, the BBS proof against the synced issuer keys and this session's nonce.
 * The session is ended (status 20) and the connection closed whatever happens.
 */
export async function runPresentation(engagementText: string, profile: VerificationProfile, context: PresentationContext): Promise<VerdictView> {
  const now = context.now ?? (() => new Date());
  const trustList = context.trustList;
  if (!trustList) throw new PresentationError('NOT_SYNCED', 'This device has no trust list yet: synchronise once while online.');
  const engagement = parseEngagement(engagementText);
  const retrieval = WebSocketRelayRetrieval.fromEngagement(engagement);
  if (!retrieval) throw new PresentationError('RELAY_NOT_OFFERED', 'The wallet offers no connection this verifier can use (no relay in its QR code).');
  const sessionUrl = retrieval.sessionUrl('reader');
  if (!context.config.relayUrlPrefixes.some((prefix) => sessionUrl.startsWith(prefix))) {
    throw new PresentationError('RELAY_NOT_ALLOWED', `The wallet’s QR code names a relay this verifier does not use (${new URL(sessionUrl).host}).`);
  }

  context.onStage?.('connecting');
  const transport = WebSocketRelayTransport.connect({ retrieval, role: 'reader', WebSocket: context.WebSocket });
  const abort = () => transport.close();
  context.signal?.addEventListener('abort', abort);
  try {
    await transport.opened;
    const session = await ReaderSession.create({ deviceEngagement: engagement, transport });
    const exchange: CheckView[] = [{ label: 'Encrypted session with the wallet (ISO/IEC 18013-5 §9.1.1)', passed: true, detail: `relay ${new URL(sessionUrl).host}` }];
    context.onStage?.('waiting-for-holder');
    try {
      if (profile.kind === 'zk') return await zkPresentation(session, profile, context, exchange, now);
      return await mdocPresentation(session, profile, context, trustList, exchange, now);
    } finally {
      if (session.state === 'ready' || session.state === 'awaiting-response') await session.terminate().catch(() => undefined);
    }
  } catch (error) {
    if (error instanceof PresentationError) throw error;
    if (context.signal?.aborted) throw new PresentationError('SESSION_FAILED', 'Cancelled.');
    const closed = transport.closeInfo;
    throw new PresentationError(
      'SESSION_FAILED',
      closed && closed.code !== 1000
        ? `The connection to the wallet was lost (relay closed ${closed.code}${closed.reason ? `: ${closed.reason}` : ''}). Ask the holder to show a new QR code.`
        : `The session with the wallet ended without an answer (${(error as Error).message}).`,
    );
  } finally {
    context.signal?.removeEventListener('abort', abort);
    transport.close();
  }
}

async function mdocPresentation(session: ReaderSession, profile: VerificationProfile, context: PresentationContext, trustList: SyncedTrustList, exchange: CheckView[], now: () => Date): Promise<VerdictView> {
  const reader = context.reader;
  const enrolled = reader?.certificate !== undefined && reader.notAfter !== undefined && reader.notAfter.getTime() > now().getTime();
  exchange.push(
    enrolled
      ? { label: 'This reader authenticated to the wallet (§9.1.4)', passed: true, detail: reader!.subject ?? 'reader certificate' }
      : { label: 'This reader authenticated to the wallet (§9.1.4)', passed: true, warning: true, detail: reader?.certificate ? 'the reader certificate has expired: enrol the device again' : 'this device is not enrolled: the wallet shows an unknown reader' },
  );
  const request = await session.createDeviceRequest({
    requests: itemsRequestsOf(profile, context.config.intentToRetain),
    ...(enrolled && { readerAuth: { signer: new WebCryptoSigner(reader!.keyPair), certificateChain: [reader!.certificate!] } }),
  });
  const response = await session.request(request);
  context.onStage?.('verifying');
  const at = now();
  const verdict = await session.verify(response, { trustAnchors: trustList.anchors, at });
  let parsed: DeviceResponse | undefined;
  try {
    parsed = DeviceResponse.fromBytes(response.deviceResponseBytes);
  } catch {
    parsed = undefined;
  }
  const statusChecks = await Promise.all(verdict.documents.map((_, index) => statusCheck(parsed?.documents[index]?.issuerSigned.mso.status, context.statusLists, trustList, at)));
  return mdocVerdictView(profile, verdict, statusChecks, exchange);
}

async function zkPresentation(session: ReaderSession, profile: VerificationProfile, context: PresentationContext, exchange: CheckView[], now: () => Date): Promise<VerdictView> {
  const keys = await zkIssuerKeys(context.zkIssuerKeys);
  const audience = context.config.zkAudience ?? globalThis.location?.origin ?? 'citizen-zero-verifier';
  const request = { nonce: crypto.getRandomValues(new Uint8Array(32)), audience, claims: [...(profile.zk?.claims ?? [])], ...(profile.zk && { minimumAge: profile.zk.minimumAge }) };
  const answer = await session.requestZkProof(request);
  context.onStage?.('verifying');
  const at = now();
  if (answer.kind === 'unsupported') return zkVerdictView(profile, { valid: false, code: 'ZK_NOT_SUPPORTED', message: 'the wallet does not support zero-knowledge proofs' }, exchange, at);
  if (answer.response.proof === undefined) return zkVerdictView(profile, { valid: false, code: 'ZK_DECLINED', message: `the wallet gave no proof: ${answer.response.error}` }, exchange, at);
  if (keys.length === 0) return zkVerdictView(profile, { valid: false, code: 'ZK_NOT_SYNCED', message: 'no issuer keys on this device: synchronise' }, exchange, at);
  let envelope: unknown;
  try {
    envelope = JSON.parse(zkSessionProofText(answer.response));
  } catch {
    return zkVerdictView(profile, { valid: false, code: 'ZK_FORMAT_UNSUPPORTED', message: 'the proof is not a proof envelope' }, exchange, at);
  }
  const verdict = await verifyProof(envelope, { trustedKeys: keys, binding: { audience, nonce: answer.bindingNonce }, at });
  return zkVerdictView(profile, verdict, exchange, at);
}
