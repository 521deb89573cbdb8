import type { Signer } from '@citizen-zero/signing';
import { EncodedCbor } from '../cbor/encoded-cbor';
import { importCoseKey, type CoseKey } from '../cose/cose-key';
import { CoseMac0 } from '../cose/cose-mac0';
import { CoseSign1 } from '../cose/cose-sign1';
import type { ItemsRequest } from '../mdoc/device-request';
import { DeviceResponse, DeviceResponseStatus } from '../mdoc/device-response';
import { DeviceSigned } from '../mdoc/device-signed';
import { MdocDocument } from '../mdoc/document';
import type { IssuerSigned } from '../mdoc/issuer-signed';
import { deviceAuthenticationBytes } from '../session/device-authentication';
import { deriveSessionKey, ecdhSharedSecret } from '../session/key-derivation';
import type { SessionTranscript } from '../session/session-transcript';

/**
 * How the device authenticates (ISO/IEC 18013-5:2021 §9.1.3): an ECDSA signature with the
 * device key, or a MAC keyed by EMacKey from ECDH between the device key and EReaderKey.
 * Both keep the device private key behind a port (Web Crypto non-extractable key in the wallet).
 */
export type DeviceAuthenticator =
  | { readonly kind: 'signature'; readonly signer: Signer }
  | { readonly kind: 'mac'; readonly deviceKeyAgreement: CryptoKey; readonly eReaderKey: CoseKey };

/** 18013-5 §8.3.2.1.2.3 error code: data not returned. */
export const ERROR_DATA_NOT_RETURNED = 0;

export interface PresentParams {
  /** The credentials in the wallet. */
  readonly credentials: readonly IssuerSigned[];
  /** What the reader asked for; the holder's consent is applied through `consent`. */
  readonly requests: readonly ItemsRequest[];
  /** Whether the holder agrees to release an element; default: everything requested. */
  readonly consent?: (docType: string, namespace: string, elementIdentifier: string) => boolean;
  readonly transcript: SessionTranscript;
  readonly authenticator: DeviceAuthenticator;
}

/**
 * Builds a DeviceResponse for the requested documents with only the requested and consented
 * elements (selective disclosure, §8.3.2.1.2.2), device-authenticated over the SessionTranscript.
 * Requested elements that are withheld or absent are reported in `errors` with code 0;
 * requested doctypes the wallet does not hold in `documentErrors`.
 */
export async function presentDocuments(params: PresentParams): Promise<DeviceResponse> {
  const documents: MdocDocument[] = [];
  const documentErrors: Map<string, number>[] = [];
  for (const request of params.requests) {
    const credential = params.credentials.find((candidate) => candidate.mso.docType === request.docType);
    if (!credential) {
      documentErrors.push(new Map([[request.docType, ERROR_DATA_NOT_RETURNED]]));
      continue;
    }
    const released = (namespace: string, id: string): boolean =>
      request.nameSpaces.get(namespace)?.has(id) === true && (params.consent?.(request.docType, namespace, id) ?? true);
    const disclosed = credential.select(released);
    const errors = new Map<string, Map<string, number>>();
    for (const [namespace, elements] of request.nameSpaces) {
      for (const id of elements.keys()) {
        const present = disclosed.nameSpaces.get(namespace)?.some((entry) => entry.item.elementIdentifier === id) ?? false;
        if (!present) errors.set(namespace, (errors.get(namespace) ?? new Map()).set(id, ERROR_DATA_NOT_RETURNED));
      }
    }
    const deviceSigned = await authenticate(request.docType, params.transcript, params.authenticator);
    documents.push(new MdocDocument(request.docType, disclosed, deviceSigned, errors));
  }
  return new DeviceResponse('1.0', documents, documentErrors, DeviceResponseStatus.OK);
}

async function authenticate(docType: string, transcript: SessionTranscript, authenticator: DeviceAuthenticator): Promise<DeviceSigned> {
  const deviceNameSpaces = EncodedCbor.fromValue<unknown>(new Map());
  const payload = deviceAuthenticationBytes(transcript, docType, deviceNameSpaces.itemBytes);
  if (authenticator.kind === 'signature') {
    const deviceSignature = await CoseSign1.sign({ signer: authenticator.signer, payload, detached: true });
    return new DeviceSigned(deviceNameSpaces, { deviceSignature });
  }
  const readerKey = await importCoseKey(authenticator.eReaderKey, 'ecdh', 'EReaderKey');
  const macKey = await deriveSessionKey(await ecdhSharedSecret(authenticator.deviceKeyAgreement, readerKey), transcript, 'EMacKey');
  const deviceMac = await CoseMac0.create({ macKey, payload, detached: true });
  return new DeviceSigned(deviceNameSpaces, { deviceMac });
}
