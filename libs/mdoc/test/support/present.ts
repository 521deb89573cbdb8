import {
  coseKeyFromJwk,
  DeviceEngagement,
  docTypeDefinition,
  issueMdoc,
  MDL_DOCTYPE,
  prepareClaims,
  presentDocuments,
  SessionTranscript,
  type ClaimsInput,
  type CoseKey,
  type DeviceAuthenticator,
  type IssuerSigned,
  type ItemsRequest,
} from '@citizen-zero/mdoc';
import type { DigestAlgorithm } from '@citizen-zero/mdoc';
import { SoftwareSigner } from '@citizen-zero/signing/testing';
import type { TestPki } from './test-pki';
import { sampleMdlClaims } from './sample-claims';

export interface Holder {
  readonly deviceSigner: SoftwareSigner;
  readonly deviceAgreement: CryptoKeyPair;
  readonly deviceKey: CoseKey;
}

/** A holder whose device key works for signatures (ECDSA) and, as the same key pair, for ECDH (MAC). */
export async function createHolder(): Promise<Holder> {
  const ecdsa = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const privateJwk = await crypto.subtle.exportKey('jwk', ecdsa.privateKey);
  const publicJwk = await crypto.subtle.exportKey('jwk', ecdsa.publicKey);
  const deviceAgreement: CryptoKeyPair = {
    privateKey: await crypto.subtle.importKey('jwk', { ...privateJwk, key_ops: ['deriveBits'] }, { name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']),
    publicKey: await crypto.subtle.importKey('jwk', { ...publicJwk, key_ops: [] }, { name: 'ECDH', namedCurve: 'P-256' }, true, []),
  };
  return { deviceSigner: SoftwareSigner.fromKeyPair('ES256', ecdsa, 'device'), deviceAgreement, deviceKey: coseKeyFromJwk(publicJwk) };
}

export async function issueSample(pki: TestPki, holder: Holder, options: { claims?: ClaimsInput; docType?: string; digestAlgorithm?: DigestAlgorithm; validFrom?: Date; validUntil?: Date; signed?: Date } = {}): Promise<IssuerSigned> {
  const now = options.signed ?? new Date();
  const definition = docTypeDefinition(options.docType ?? MDL_DOCTYPE);
  return issueMdoc({
    docType: definition.docType,
    nameSpaces: prepareClaims(definition, options.claims ?? sampleMdlClaims(), now),
    deviceKey: holder.deviceKey,
    validity: { signed: now, validFrom: options.validFrom ?? now, validUntil: options.validUntil ?? new Date(now.getTime() + 365 * 86_400_000) },
    signer: pki.dsSigner,
    certificateChain: [pki.dsDer],
    ...(options.digestAlgorithm && { digestAlgorithm: options.digestAlgorithm }),
  });
}

export interface Session {
  readonly transcript: SessionTranscript;
  readonly eReader: CryptoKeyPair;
  readonly eReaderKey: CoseKey;
}

/** A QR-engagement session (ISO/IEC 18013-5:2021 §9.1.5.1) with fresh ephemeral keys. */
export async function createSession(): Promise<Session> {
  const eDevice = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
  const eReader = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
  const engagement = DeviceEngagement.create({ eDeviceKey: coseKeyFromJwk(await crypto.subtle.exportKey('jwk', eDevice.publicKey)) });
  const eReaderKey = coseKeyFromJwk(await crypto.subtle.exportKey('jwk', eReader.publicKey));
  return { transcript: SessionTranscript.create({ deviceEngagementBytes: engagement.bytes, eReaderKey, handover: null }), eReader, eReaderKey };
}

export function requestAll(issuerSigned: IssuerSigned): ItemsRequest {
  return {
    docType: issuerSigned.mso.docType,
    nameSpaces: new Map([...issuerSigned.nameSpaces].map(([ns, items]) => [ns, new Map(items.map((entry) => [entry.item.elementIdentifier, false]))])),
  };
}

export async function present(issuerSigned: IssuerSigned, holder: Holder, session: Session, request: ItemsRequest = requestAll(issuerSigned), mode: 'signature' | 'mac' = 'signature'): Promise<Uint8Array> {
  const authenticator: DeviceAuthenticator =
    mode === 'signature' ? { kind: 'signature', signer: holder.deviceSigner } : { kind: 'mac', deviceKeyAgreement: holder.deviceAgreement.privateKey, eReaderKey: session.eReaderKey };
  const response = await presentDocuments({ credentials: [issuerSigned], requests: [request], transcript: session.transcript, authenticator });
  return response.toBytes();
}
