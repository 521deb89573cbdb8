/**
 * Status Type values (§7.1; "OAuth Status Types" registry, §14.5). A Status List holds exactly one
 * value per Referenced Token, 0–255, in `bits` bits (§7).
 */
export const StatusType = {
  /** 0x00: the Referenced Token is valid, correct or legal. */
  VALID: 0x00,
  /** 0x01: revoked, annulled, taken back, recalled or cancelled. */
  INVALID: 0x01,
  /** 0x02: temporarily invalid, hanging, debarred from privilege; usually temporary. Needs bits ≥ 2. */
  SUSPENDED: 0x02,
  /** 0x03: application specific (the first of the permanently reserved values). */
  APPLICATION_SPECIFIC: 0x03,
} as const;

/** The values permanently reserved as application specific: 0x03 and 0x0C–0x0F (§7.1). */
export const APPLICATION_SPECIFIC_STATUS_VALUES: readonly number[] = [0x03, 0x0c, 0x0d, 0x0e, 0x0f];

/**
 * What a status value means: one of the registered types, `APPLICATION_SPECIFIC`, or `UNASSIGNED`
 * for the values §7.1 reserves for future registration (0x04–0x0B, 0x10–0xFF).
 */
export type StatusTypeName = 'VALID' | 'INVALID' | 'SUSPENDED' | 'APPLICATION_SPECIFIC' | 'UNASSIGNED';

export function statusTypeName(value: number): StatusTypeName {
  switch (value) {
    case StatusType.VALID:
      return 'VALID';
    case StatusType.INVALID:
      return 'INVALID';
    case StatusType.SUSPENDED:
      return 'SUSPENDED';
    default:
      return isApplicationSpecificStatus(value) ? 'APPLICATION_SPECIFIC' : 'UNASSIGNED';
  }
}

export function isApplicationSpecificStatus(value: number): boolean {
  return APPLICATION_SPECIFIC_STATUS_VALUES.includes(value);
}
