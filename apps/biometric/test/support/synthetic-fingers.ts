import { convertMinutiaeRecord, encodeAnsi378, encodeIso19794_2, generateFinger, generateImpression, type IsoMinutiaeRecord } from '@citizen-zero/fingerprint';

/** A record with one view per finger position, impression `seed` of each synthetic finger of `person` (libs/fingerprint's generator). */
export function fingersOf(person: string, seed: number, positions: readonly number[], format: 'iso' | 'ansi' = 'iso'): Uint8Array {
  const impressions = positions.map((position) => generateImpression(generateFinger(`${person}/${position}`), seed, { parameters: 'easy', fingerPosition: position }).record as IsoMinutiaeRecord);
  const record: IsoMinutiaeRecord = { ...impressions[0]!, views: impressions.map((impression) => impression.views[0]!) };
  return format === 'iso' ? encodeIso19794_2(record) : encodeAnsi378(convertMinutiaeRecord(record, 'ansi-378-2004'));
}

export const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
