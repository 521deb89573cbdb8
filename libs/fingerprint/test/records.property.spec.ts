import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  detectMinutiaeRecordFormat,
  encodeMinutiaeRecord,
  parseMinutiaeRecord,
  type CorePoint,
  type DeltaPoint,
  type ExtendedDataArea,
  type FingerView,
  type Minutia,
  type MinutiaeRecord,
  type MinutiaeRecordFormat,
} from '@citizen-zero/fingerprint';

/**
 * Property: any valid record — either standard, any number of views and minutiae, every kind of
 * extended data — encodes to bytes that are detected as its standard, parse back to an equal
 * record, and encode again to the same bytes.
 */
const IMPRESSIONS: Record<MinutiaeRecordFormat, readonly number[]> = { 'iso-19794-2-2005': [0, 1, 2, 3, 8], 'ansi-378-2004': [0, 1, 2, 3, 8, 9] };

function recordOf(format: MinutiaeRecordFormat): fc.Arbitrary<MinutiaeRecord> {
  const maxAngle = format === 'iso-19794-2-2005' ? 255 : 179;
  const angle = fc.integer({ min: 0, max: maxAngle });
  return fc
    .record({ width: fc.integer({ min: 1, max: 0x3fff }), height: fc.integer({ min: 1, max: 0x3fff }) })
    .chain(({ width, height }): fc.Arbitrary<MinutiaeRecord> => {
      const x = fc.integer({ min: 0, max: width - 1 });
      const y = fc.integer({ min: 0, max: height - 1 });
      const minutia: fc.Arbitrary<Minutia> = fc.record({ type: fc.constantFrom('other', 'ridge-ending', 'bifurcation'), x, y, angle, quality: fc.integer({ min: 0, max: 100 }) });
      const core = (withAngle: boolean): fc.Arbitrary<CorePoint> => (withAngle ? fc.record({ x, y, angle }) : fc.record({ x, y }));
      const delta = (withAngles: boolean): fc.Arbitrary<DeltaPoint> => (withAngles ? fc.record({ x, y, angles: fc.tuple(angle, angle, angle) }) : fc.record({ x, y }));
      // ISO flags angles per point, ANSI per area (all cores, or none, have one).
      const coresDeltas: fc.Arbitrary<ExtendedDataArea> =
        format === 'iso-19794-2-2005'
          ? fc.record({ kind: fc.constant('cores-deltas' as const), cores: fc.array(fc.boolean().chain(core), { maxLength: 4 }), deltas: fc.array(fc.boolean().chain(delta), { maxLength: 4 }) })
          : fc
              .tuple(fc.boolean(), fc.boolean())
              .chain(([coreAngles, deltaAngles]) =>
                fc.record({ kind: fc.constant('cores-deltas' as const), cores: fc.array(core(coreAngles), { minLength: coreAngles ? 1 : 0, maxLength: 4 }), deltas: fc.array(delta(deltaAngles), { minLength: deltaAngles ? 1 : 0, maxLength: 4 }) }),
              );
      const view: fc.Arbitrary<FingerView> = fc.array(minutia, { maxLength: 80 }).chain((minutiae) => {
        const index = fc.integer({ min: 0, max: minutiae.length });
        const ridgeCounts: fc.Arbitrary<ExtendedDataArea> = fc.record({
          kind: fc.constant('ridge-counts' as const),
          method: fc.constantFrom(0 as const, 1 as const, 2 as const),
          counts: fc.array(fc.record({ first: index, second: index, count: fc.integer({ min: 0, max: 255 }) }), { maxLength: 10 }),
        });
        const opaque: fc.Arbitrary<ExtendedDataArea> = fc.record({
          kind: fc.constant('opaque' as const),
          typeId: fc.oneof(fc.integer({ min: 3, max: 0xff }), fc.integer({ min: 0x100, max: 0xffff })),
          data: fc.uint8Array({ maxLength: 40 }),
        });
        return fc.record({
          fingerPosition: fc.integer({ min: 0, max: 10 }),
          viewNumber: fc.integer({ min: 0, max: 15 }),
          impressionType: fc.constantFrom(...IMPRESSIONS[format]),
          fingerQuality: fc.integer({ min: 0, max: 100 }),
          minutiae: fc.constant(minutiae),
          extendedData: fc.array(fc.oneof(ridgeCounts, coresDeltas, opaque), { maxLength: 4 }),
        });
      });
      const common = {
        captureEquipment: fc.record({ compliance: fc.integer({ min: 0, max: 15 }), id: fc.integer({ min: 0, max: 0xfff }) }),
        imageWidth: fc.constant(width),
        imageHeight: fc.constant(height),
        resolutionX: fc.integer({ min: 1, max: 0xffff }),
        resolutionY: fc.integer({ min: 1, max: 0xffff }),
        views: fc.array(view, { maxLength: 4 }),
      };
      return format === 'iso-19794-2-2005'
        ? fc.record({ format: fc.constant('iso-19794-2-2005' as const), ...common })
        : fc.record({ format: fc.constant('ansi-378-2004' as const), productId: fc.record({ owner: fc.integer({ min: 0, max: 0xffff }), type: fc.integer({ min: 0, max: 0xffff }) }), ...common });
    });
}

describe('finger minutiae records round-trip (fast-check)', () => {
  for (const format of ['iso-19794-2-2005', 'ansi-378-2004'] as const) {
    it(`${format}: encode → detect → parse → equal, and the bytes are stable`, () => {
      fc.assert(
        fc.property(recordOf(format), (record) => {
          const bytes = encodeMinutiaeRecord(record);
          expect(detectMinutiaeRecordFormat(bytes)).toBe(format);
          const parsed = parseMinutiaeRecord(bytes);
          expect(parsed).toEqual(record);
          expect(encodeMinutiaeRecord(parsed)).toEqual(bytes);
        }),
        { numRuns: 150 },
      );
    });
  }
});
