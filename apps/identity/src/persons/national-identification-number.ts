/**
 * National identification numbers (NIN): ten digits, nine allocated and a Verhoeff check digit,
 * which detects every single-digit error and every transposition of adjacent digits (Luhn
 * misses 09↔90). Uniqueness comes from a PostgreSQL sequence; the sequence value is mapped
 * through a fixed bijection of [0, 10⁹) so that consecutive registrations do not get
 * consecutive numbers. The bijection is not a secret: NINs are identifiers, not credentials.
 */
const BODY_SPACE = 1_000_000_000;
/** Coprime to 10⁹ (3¹⁸), so n ↦ (A·n + B) mod 10⁹ is a bijection. */
const MULTIPLIER = 387_420_489n;
const OFFSET = 104_729n;

const D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const INVERSE = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/** The Verhoeff check digit of a string of digits. */
export function verhoeffCheckDigit(digits: string): number {
  return INVERSE[verhoeffChecksum(digits, 1)]!;
}

/** A NIN is valid when the checksum over all ten digits, check digit included, is 0. */
export function isValidNationalIdNumber(value: string): boolean {
  return /^\d{10}$/.test(value) && verhoeffChecksum(value, 0) === 0;
}

/** Verhoeff's running checksum, digits taken right to left; `offset` is 1 when the check digit is still to be appended. */
function verhoeffChecksum(digits: string, offset: number): number {
  let c = 0;
  const reversed = [...digits].reverse();
  for (let i = 0; i < reversed.length; i++) c = D[c]![P[(i + offset) % 8]![Number(reversed[i])]!]!;
  return c;
}

/** The NIN for the n-th allocation (n from the database sequence, 1-based). */
export function nationalIdNumberFor(sequenceValue: bigint): string {
  if (sequenceValue < 1n || sequenceValue > BigInt(BODY_SPACE)) throw new RangeError('the NIN space is exhausted');
  const body = ((MULTIPLIER * sequenceValue + OFFSET) % BigInt(BODY_SPACE)).toString().padStart(9, '0');
  return `${body}${verhoeffCheckDigit(body)}`;
}
