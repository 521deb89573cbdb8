import { TravelDocumentError } from '../travel-document-error';

/** Which date a value is: only a date of birth may be partly or wholly unknown (ICAO Doc 9303 Part 3 §4.8). */
export type MrzDateKind = 'birth' | 'expiry';

const ISO_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const MRZ_DATE = /^(\d{2}|<<)(\d{2}|<<)(\d{2}|<<)$/;

/**
 * A date as the MRZ writes it, `YYMMDD` (ICAO Doc 9303 Part 3 §4.8: 12 July 1942 → `420712`).
 *
 * Accepts an RFC 3339 full-date (`YYYY-MM-DD`) or an MRZ date (`YYMMDD`). For a date of birth, unknown
 * parts are completed with fillers (§4.8): `YYYY-MM` → `YYMM<<`, `YYYY` → `YY<<<<`, and MRZ dates with
 * `<<` groups are accepted as they are.
 */
export function toMrzDate(value: string, kind: MrzDateKind, field: string): string {
  const iso = ISO_DATE.exec(value);
  if (iso) {
    const [, year, month, day] = iso;
    if (kind === 'expiry' && (month === undefined || day === undefined)) throw invalidDate(field, 'a date of expiry must be a full date');
    const mrz = `${year!.slice(2)}${month ?? '<<'}${day ?? '<<'}`;
    checkCalendar(mrz, kind, field, Number(year));
    return mrz;
  }
  if (value.length === 6 && MRZ_DATE.test(value)) {
    checkCalendar(value, kind, field);
    return value;
  }
  throw invalidDate(field, kind === 'birth' ? 'expected YYYY-MM-DD, YYYY-MM, YYYY or YYMMDD' : 'expected YYYY-MM-DD or YYMMDD');
}

/** Validates an MRZ date read from a document; returns it unchanged (`MRZ_INVALID_FIELD` if meaningless). */
export function checkMrzDate(value: string, kind: MrzDateKind, field: string): string {
  if (!MRZ_DATE.test(value)) throw invalidDate(field, 'expected YYMMDD');
  checkCalendar(value, kind, field);
  return value;
}

function checkCalendar(mrz: string, kind: MrzDateKind, field: string, fullYear?: number): void {
  const [, yy, mm, dd] = MRZ_DATE.exec(mrz)!;
  if (kind === 'expiry' && mrz.includes('<')) throw invalidDate(field, 'only a date of birth may be partly unknown (ICAO Doc 9303 Part 3 §4.8)');
  if (yy === '<<' && (mm !== '<<' || dd !== '<<')) throw invalidDate(field, 'a month or day without a year');
  if (mm !== '<<' && (Number(mm) < 1 || Number(mm) > 12)) throw invalidDate(field, 'month out of range');
  if (dd === '<<') return;
  // Without the century, a leap year is assumed whenever YY is divisible by 4 (1900 is the only miss).
  const year = fullYear ?? (yy === '<<' ? 2000 : 2000 + Number(yy));
  const daysInMonth = mm === '<<' ? 31 : new Date(Date.UTC(year, Number(mm), 0)).getUTCDate();
  if (Number(dd) < 1 || Number(dd) > daysInMonth) throw invalidDate(field, 'day out of range');
}

function invalidDate(field: string, problem: string): TravelDocumentError {
  return new TravelDocumentError('MRZ_INVALID_FIELD', `${field}: ${problem}`, { field });
}

/**
 * The full date an MRZ date stands for, given the time of reading: a date of birth is the latest one not
 * after `reference`; a date of expiry the one nearest `reference` (within fifty years either way).
 * Unknown parts of a date of birth shorten the result to `YYYY-MM` or `YYYY`; a wholly unknown one is `undefined`.
 */
export function resolveMrzDate(mrzDate: string, kind: MrzDateKind, reference: Date): string | undefined {
  checkMrzDate(mrzDate, kind, 'date');
  const [, yy, mm, dd] = MRZ_DATE.exec(mrzDate)!;
  if (yy === '<<') return undefined;
  const referenceYear = reference.getUTCFullYear();
  const monthDay = `${mm === '<<' ? '01' : mm}-${dd === '<<' ? '01' : dd}`;
  const candidates = [-100, 0, 100].map((shift) => Math.floor(referenceYear / 100) * 100 + shift + Number(yy));
  const time = (year: number): number => Date.parse(`${String(year).padStart(4, '0')}-${monthDay}T00:00:00Z`);
  const year =
    kind === 'birth'
      ? Math.max(...candidates.filter((candidate) => time(candidate) <= reference.getTime()))
      : candidates.reduce((best, candidate) => (Math.abs(time(candidate) - reference.getTime()) < Math.abs(time(best) - reference.getTime()) ? candidate : best));
  const text = String(year).padStart(4, '0');
  if (mm === '<<') return text;
  return dd === '<<' ? `${text}-${mm}` : `${text}-${mm}-${dd}`;
}
