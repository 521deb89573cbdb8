/**
 * @citizen-zero/travel-documents/seal — the visible digital seal alone (Base45, payload, creation and
 * verification), without the PDF renderings: what a browser verifier bundles.
 */
export { TravelDocumentError, TRAVEL_DOCUMENT_ERROR_CODES, type TravelDocumentErrorCode, type SealErrorCode } from '../travel-document-error';
export { base45Encode, base45Decode, BASE45_ALPHABET } from './base45';
export { SEAL_TEXT_PREFIX } from './seal-format';
export { encodeSealPayload, decodeSealPayload, validateSealPayload, SEAL_DOCUMENT_TYPES, SEAL_PAYLOAD_KEYS, SEAL_PAYLOAD_VERSION, type SealPayload, type SealDocumentType } from './seal-payload';
export { createDocumentSeal, type CreateDocumentSealParams, type DocumentSeal } from './create-document-seal';
export { verifyDocumentSeal, type VerifyDocumentSealOptions } from './verify-document-seal';
export { failedSealChecks, type SealCheckName, type SealCheckResult, type SealSignerSummary, type SealVerdict } from './seal-verdict';
