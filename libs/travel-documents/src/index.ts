/**
 * @citizen-zero/travel-documents — printed identity documents: the ICAO Doc 9303 machine readable zone
 * (TD1 and TD3), a visible digital seal (COSE_Sign1 in a Base45 QR code) that any verifier can check
 * offline, and byte-reproducible PDF renderings of the national ID card, the passport data page and the
 * birth certificate. Framework-free; signing only through the `Signer` port (keys stay in the HSM).
 * The MRZ and seal modules run in browsers; pdfkit is loaded only when a PDF is rendered.
 */
export { TravelDocumentError, TRAVEL_DOCUMENT_ERROR_CODES, type TravelDocumentErrorCode, type MrzErrorCode, type SealErrorCode } from './travel-document-error';

// MRZ (ICAO Doc 9303 Parts 3, 4, 5)
export { checkDigit, checkDigitCharacter, characterValue } from './mrz/check-digit';
export { transliterateIdentifier } from './mrz/transliteration';
export { formatNameField, parseNameField, type NameField, type NameFieldInput, type ParsedName } from './mrz/name-field';
export { toMrzDate, checkMrzDate, resolveMrzDate, type MrzDateKind } from './mrz/mrz-date';
export { generateTd3, parseTd3, TD3_DOCUMENT_TYPES, TD3_LINE_LENGTH, type Td3Input, type ParsedTd3 } from './mrz/td3';
export { generateTd1, parseTd1, TD1_LINE_LENGTH, type Td1Input, type ParsedTd1 } from './mrz/td1';
export { parseMrz, type ParsedMrz } from './mrz/parse-mrz';
export type { Sex, MrzInputBase, ParsedMrzBase, ParseMrzOptions, CheckDigitField, CheckDigitResult } from './mrz/mrz-types';

// Visible digital seal (RFC 9052 COSE_Sign1, RFC 9285 Base45)
export { base45Encode, base45Decode, BASE45_ALPHABET } from './seal/base45';
export { SEAL_TEXT_PREFIX } from './seal/seal-format';
export { encodeSealPayload, decodeSealPayload, validateSealPayload, SEAL_DOCUMENT_TYPES, SEAL_PAYLOAD_KEYS, SEAL_PAYLOAD_VERSION, type SealPayload, type SealDocumentType } from './seal/seal-payload';
export { createDocumentSeal, type CreateDocumentSealParams, type DocumentSeal } from './seal/create-document-seal';
export { verifyDocumentSeal, type VerifyDocumentSealOptions } from './seal/verify-document-seal';
export { failedSealChecks, type SealCheckName, type SealCheckResult, type SealSignerSummary, type SealVerdict } from './seal/seal-verdict';

// PDF renderings (pdfkit, loaded lazily)
export { type RenderOptions } from './pdf/pdf-document';
export { qrMatrix, SEAL_QR_ERROR_CORRECTION, type QrMatrix } from './pdf/qr-code';
export {
  nationalIdCardMrz,
  passportMrz,
  identityDocumentSealPayload,
  birthCertificateSealPayload,
  type DocumentHolder,
  type IdentityDocumentRecord,
  type NationalIdCardRecord,
  type PassportRecord,
  type BirthCertificateRecord,
  type BirthCertificatePerson,
  type BirthCertificateParent,
} from './pdf/records';
export { renderNationalIdCard, NATIONAL_ID_CARD_LAYOUT, ID1_SIZE_MM } from './pdf/national-id-card';
export { renderPassportDataPage, PASSPORT_DATA_PAGE_LAYOUT, TD3_SIZE_MM } from './pdf/passport-data-page';
export { renderBirthCertificate, BIRTH_CERTIFICATE_LAYOUT, A4_SIZE_MM } from './pdf/birth-certificate';
