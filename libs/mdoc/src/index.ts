/**
 * ISO/IEC 18013-5:2021 mobile documents in TypeScript: data model, generators, parsers,
 * COSE (RFC 9052/9053), the session protocol (§9.1.1: engagement, session encryption, reader and
 * mdoc ends over a transport port, reader authentication) and verification. Framework-free; runs in Node
 * and in browsers (Web Crypto). Private keys stay behind the `Signer` port.
 */
export { MdocError, MDOC_ERROR_CODES, type MdocErrorCode } from './mdoc-error';

export { decodeCbor, encodeCbor, fullDate, tdate, isTag, bytesEqual, toHex, fromHex, concatBytes, Tag, type CborMap } from './cbor/cbor';
export { checkCborWellFormed, MDOC_TAGS, type CborLimits } from './cbor/well-formedness';
export { EncodedCbor, taggedItemBytes } from './cbor/encoded-cbor';

export { CoseAlgorithm, CoseHeader } from './cose/cose-header';
export { coseKeyFromJwk, coseKeyFromSpki, coseKeyToJwk, coseKeyCurve, importCoseKey, base64Encode, base64UrlDecode, base64UrlEncode, type CoseKey, type EcPublicJwk } from './cose/cose-key';
export { CoseSign1, sigStructure } from './cose/cose-sign1';
export { CoseMac0, macStructure } from './cose/cose-mac0';

export { DIGEST_ALGORITHMS, type DigestAlgorithm } from './mdoc/digest';
export { createIssuerSignedItem, parseIssuerSignedItem, MIN_SALT_LENGTH, type IssuerSignedItem, type IssuerSignedItemBytes } from './mdoc/issuer-signed-item';
export {
  encodeMobileSecurityObject,
  parseMobileSecurityObject,
  isDeviceSignedElementAuthorized,
  MSO_VERSION,
  type MobileSecurityObject,
  type DeviceKeyInfo,
  type KeyAuthorizations,
  type ValidityInfo,
  type MsoStatus,
} from './mdoc/mobile-security-object';
export { IssuerSigned } from './mdoc/issuer-signed';
export { DeviceSigned } from './mdoc/device-signed';
export { MdocDocument, type DocumentElementErrors } from './mdoc/document';
export { DeviceResponse, DeviceResponseStatus, type DocumentError } from './mdoc/device-response';
export { DeviceRequest, type DocRequest, type ItemsRequest } from './mdoc/device-request';

export { DeviceEngagement, DeviceRetrievalType, type DeviceRetrievalMethod } from './session/device-engagement';
export { SessionTranscript } from './session/session-transcript';
export { deviceAuthenticationBytes, readerAuthenticationBytes } from './session/device-authentication';
export { deriveSessionKey, deriveSessionEncryptionKey, ecdhSharedSecret, type SessionKeyLabel } from './session/key-derivation';

// The session protocol (§9.1.1): messages, encryption, both ends, the transport port.
export { SessionEstablishment } from './session/session-establishment';
export { SessionData, SessionStatus, type SessionStatusCode } from './session/session-data';
export {
  SessionEncryption,
  SessionIvIdentifier,
  MAX_MESSAGE_COUNTER,
  deriveSessionKeys,
  sessionIv,
  sessionStatusForError,
  type SessionKeys,
  type SessionRole,
} from './session/session-encryption';
export type { SessionTransport } from './session/session-transport';
export { createInMemoryTransportPair, type InMemoryEnd, type InMemoryTransport, type InMemoryTransportPair } from './session/in-memory-transport';
// A private device retrieval method and transport: the session over a WebSocket relay (browser ↔ browser).
export {
  WebSocketRelayRetrieval,
  WebSocketRelayOption,
  WEBSOCKET_RELAY_RETRIEVAL_TYPE,
  WEBSOCKET_RELAY_RETRIEVAL_VERSION,
  RELAY_SESSION_ID_BYTES,
  RELAY_SESSION_ID_PATTERN,
  RELAY_ROLES,
  RelayCloseCode,
  type RelayCloseCodeValue,
  type RelayRole,
} from './session/websocket-relay-retrieval';
export { WebSocketRelayTransport, type RelayCloseEvent, type WebSocketConstructorLike, type WebSocketLike } from './session/websocket-relay-transport';
// A private exchange inside the session: a BBS zero-knowledge proof instead of a DeviceRequest/DeviceResponse.
export {
  encodeZkSessionRequest,
  parseZkSessionRequest,
  encodeZkSessionResponse,
  parseZkSessionResponse,
  isZkSessionRequest,
  isZkSessionResponse,
  zkSessionBindingNonce,
  zkSessionProofText,
  zkSessionProofResponse,
  ZK_SESSION_REQUEST_KEY,
  ZK_SESSION_RESPONSE_KEY,
  ZK_SESSION_EXCHANGE_VERSION,
  ZK_SESSION_NONCE_BYTES,
  MAX_ZK_AUDIENCE_BYTES,
  MAX_ZK_CLAIMS,
  MAX_ZK_PROOF_BYTES,
  type ZkSessionRequest,
  type ZkSessionResponse,
} from './session/zk-session-exchange';
export type { SessionEnd } from './session/session-end';
export { ReaderSession, type ReaderSessionParams, type ReaderSessionResponse, type ReaderSessionState, type ReaderZkAnswer } from './session/reader-session';
export {
  DeviceSession,
  type DeviceRequestHandler,
  type DeviceSessionParams,
  type DeviceSessionState,
  type ReceivedDeviceRequest,
  type ReceivedZkRequest,
  type ZkRequestHandler,
  ZK_SESSION_ERRORS,
  type ReceivedDocRequest,
  type RequestedElement,
} from './session/device-session';
export {
  verifyReaderAuthentication,
  OID_MDL_READER_AUTH_EKU,
  type ReaderAuthenticationResult,
  type ReaderIdentity,
  type ReaderTrust,
} from './session/reader-authentication';

export { elementValueToJson, ageOn, type DataElementDefinition, type DataElementType, type DocTypeDefinition, type NamespaceDefinition } from './doctypes/data-element';
export { MDL_DOCTYPE, MDL_NAMESPACE, MDL_ELEMENTS, MDL_DOCTYPE_DEFINITION, ISSUED_AGE_THRESHOLDS } from './doctypes/mdl/mdl-namespace';
export { PID_DOCTYPE, PID_NAMESPACE, PID_ELEMENTS, PID_DOCTYPE_DEFINITION } from './doctypes/pid/pid-namespace';
export { DOCTYPES, docTypeDefinition, prepareClaims, type ClaimsInput } from './doctypes/doctype-registry';

export { issueMdoc, type IssueMdocParams } from './issuance/issue-mdoc';
export { presentDocuments, ERROR_DATA_NOT_RETURNED, type DeviceAuthenticator, type PresentParams } from './presentation/present-documents';
export { verifyDeviceResponse, verifyParsedDeviceResponse, verifyDocument, type VerifyDeviceResponseOptions } from './verification/verify-device-response';
export { failedChecks, type CheckName, type CheckResult, type DeviceResponseVerdict, type DocumentVerdict, type IssuerCertificateSummary } from './verification/verification-report';

// Online presentation (OpenID4VP 1.0, redirect flow with direct_post): verifier and wallet sides.
export * from './oid4vp';
