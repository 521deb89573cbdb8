import { ANNEX_B } from './annex-b';
import { PkiError } from './pki-error';

/** A certificate validity period (RFC 5280 §4.1.2.5). */
export interface ValidityInput {
  readonly notBefore: Date;
  readonly notAfter: Date;
}

const DAY_MS = 86_400_000;

/**
 * Validity as it will be encoded: X.509 Time has whole seconds, so milliseconds are dropped
 * (as the encoder would) before any limit is checked. Throws {@link PkiError} `CERT_PROFILE_INVALID`
 * for an invalid date or notAfter not after notBefore.
 */
export function normalizeValidity(validity: ValidityInput, what: string): ValidityInput {
  const notBefore = wholeSeconds(validity.notBefore, `${what} notBefore`);
  const notAfter = wholeSeconds(validity.notAfter, `${what} notAfter`);
  if (notAfter.getTime() <= notBefore.getTime()) {
    throw new PkiError('CERT_PROFILE_INVALID', `${what} notAfter (${notAfter.toISOString()}) must be after notBefore (${notBefore.toISOString()})`);
  }
  return { notBefore, notAfter };
}

/** ISO/IEC 18013-5:2021 Annex B.1.2 Table B.1: an IACA certificate's notAfter is at most 20 years after notBefore. */
export function assertIacaValidity(validity: ValidityInput): void {
  const limit = addUtcYears(validity.notBefore, ANNEX_B.iacaMaxValidityYears);
  if (validity.notAfter.getTime() > limit.getTime()) {
    throw new PkiError(
      'VALIDITY_TOO_LONG',
      `IACA certificate validity ${validity.notBefore.toISOString()} – ${validity.notAfter.toISOString()} exceeds the Annex B maximum of ${ANNEX_B.iacaMaxValidityYears} years (notAfter at most ${limit.toISOString()})`,
      { maxYears: ANNEX_B.iacaMaxValidityYears },
    );
  }
}

/**
 * ISO/IEC 18013-5:2021 Annex B.1.4 Table B.3: a document signer certificate's notAfter is at most
 * 457 days after notBefore; and it must lie within the validity of the IACA that issues it.
 */
export function assertDocumentSignerValidity(validity: ValidityInput, iaca: ValidityInput): void {
  const maxMs = ANNEX_B.documentSignerMaxValidityDays * DAY_MS;
  if (validity.notAfter.getTime() - validity.notBefore.getTime() > maxMs) {
    const days = (validity.notAfter.getTime() - validity.notBefore.getTime()) / DAY_MS;
    throw new PkiError(
      'VALIDITY_TOO_LONG',
      `document signer certificate validity of ${days.toFixed(2)} days exceeds the Annex B maximum of ${ANNEX_B.documentSignerMaxValidityDays} days`,
      { maxDays: ANNEX_B.documentSignerMaxValidityDays },
    );
  }
  if (validity.notAfter.getTime() > iaca.notAfter.getTime()) {
    throw new PkiError('VALIDITY_TOO_LONG', `document signer notAfter ${validity.notAfter.toISOString()} is after the IACA notAfter ${iaca.notAfter.toISOString()}`);
  }
  if (validity.notBefore.getTime() < iaca.notBefore.getTime()) {
    throw new PkiError('VALIDITY_TOO_LONG', `document signer notBefore ${validity.notBefore.toISOString()} is before the IACA notBefore ${iaca.notBefore.toISOString()}`);
  }
}

/** `date` plus whole calendar years in UTC (29 February maps to 28 February in non-leap years). */
export function addUtcYears(date: Date, years: number): Date {
  const result = new Date(date.getTime());
  result.setUTCFullYear(result.getUTCFullYear() + years);
  if (result.getUTCMonth() !== date.getUTCMonth()) result.setUTCDate(0);
  return result;
}

function wholeSeconds(date: Date, what: string): Date {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new PkiError('CERT_PROFILE_INVALID', `${what} is not a valid Date`);
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
