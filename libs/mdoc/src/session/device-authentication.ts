import { encodeCbor } from '../cbor/cbor';
import { taggedItemBytes } from '../cbor/encoded-cbor';
import { encodeTranscriptStructure, type SessionTranscript } from './session-transcript';

/**
 * DeviceAuthenticationBytes (ISO/IEC 18013-5:2021 §9.1.3.4):
 * `#6.24(bstr .cbor ["DeviceAuthentication", SessionTranscript, DocType, DeviceNameSpacesBytes])`,
 * the detached payload of DeviceSignature and DeviceMac.
 */
export function deviceAuthenticationBytes(transcript: SessionTranscript, docType: string, deviceNameSpacesItemBytes: Uint8Array): Uint8Array {
  const deviceAuthentication = encodeTranscriptStructure('DeviceAuthentication', transcript, [encodeCbor(docType), taggedItemBytes(deviceNameSpacesItemBytes)]);
  return taggedItemBytes(deviceAuthentication);
}

/**
 * ReaderAuthenticationBytes (§9.1.4.1):
 * `#6.24(bstr .cbor ["ReaderAuthentication", SessionTranscript, ItemsRequestBytes])`.
 */
export function readerAuthenticationBytes(transcript: SessionTranscript, itemsRequestItemBytes: Uint8Array): Uint8Array {
  return taggedItemBytes(encodeTranscriptStructure('ReaderAuthentication', transcript, [taggedItemBytes(itemsRequestItemBytes)]));
}
