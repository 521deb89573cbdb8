import { TravelDocumentError } from '../travel-document-error';
import type { ParseMrzOptions } from './mrz-types';
import { parseTd1, TD1_LINE_LENGTH, type ParsedTd1 } from './td1';
import { parseTd3, TD3_LINE_LENGTH, type ParsedTd3 } from './td3';

export type ParsedMrz = ParsedTd1 | ParsedTd3;

/**
 * Parses a TD1 (3 × 30, ICAO Doc 9303 Part 5) or TD3 (2 × 44, Part 4) MRZ, recognised by its shape.
 * TD2 and machine readable visas (Parts 6 and 7) are not supported and fail with `MRZ_INVALID_LENGTH`.
 */
export function parseMrz(input: string | readonly string[], options: ParseMrzOptions = {}): ParsedMrz {
  const lines = typeof input === 'string' ? input.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n') : input;
  const total = lines.reduce((sum, line) => sum + line.length, 0);
  if ((lines.length === 3 && lines.every((line) => line.length === TD1_LINE_LENGTH)) || (lines.length === 1 && total === 3 * TD1_LINE_LENGTH)) return parseTd1(input, options);
  if ((lines.length === 2 && lines.every((line) => line.length === TD3_LINE_LENGTH)) || (lines.length === 1 && total === 2 * TD3_LINE_LENGTH)) return parseTd3(input, options);
  throw new TravelDocumentError('MRZ_INVALID_LENGTH', `not a TD1 (3 × ${TD1_LINE_LENGTH}) or TD3 (2 × ${TD3_LINE_LENGTH}) MRZ: ${lines.length} line(s), ${total} characters`, { lines: lines.length, length: total });
}
