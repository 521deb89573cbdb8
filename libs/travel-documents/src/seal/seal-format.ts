/**
 * The text form of a seal: a context identifier, then the Base45 (RFC 9285) encoding of the tagged
 * COSE_Sign1 (RFC 9052 §4.2). Like the `HC1:` of EU Digital COVID Certificates, the prefix tells a scanner
 * what it has read and versions the format; `:` is in the Base45 and QR alphanumeric alphabets.
 */
export const SEAL_TEXT_PREFIX = 'CZ1:';

/** A QR code version 40 holds 4296 alphanumeric characters at error correction level L (ISO/IEC 18004 Table 7). */
export const SEAL_TEXT_MAX_LENGTH = 4296;

/** `COSE_Sign1_Tagged = #6.18(COSE_Sign1)` (RFC 9052 §4.2). */
export const COSE_SIGN1_TAG = 18;
