import {
  angleCodeFromDegrees,
  minutiaAngleDegrees,
  type AnsiMinutiaeRecord,
  type ExtendedDataArea,
  type FingerView,
  type IsoMinutiaeRecord,
  type MinutiaeRecord,
  type MinutiaeRecordFormat,
} from './minutiae-record';

export interface ConvertMinutiaeRecordOptions {
  /** CBEFF product identifier of the ANSI record (ISO records have none); default owner 0, type 0. */
  readonly productId?: { readonly owner: number; readonly type: number };
}

/**
 * Re-expresses a record in the other standard: the header fields both share are kept, angles of
 * minutiae, cores and deltas are rounded to the nearest code of the target's unit (1.40625° ↔ 2°,
 * so ISO → ANSI → ISO may move an angle by one unit). Minutia positions are not moved: the two
 * standards place ridge endings slightly differently (ISO/IEC 19794-2:2005 on the ridge skeleton,
 * ANSI INCITS 378-2004 at the valley bifurcation), a difference no record-level conversion can undo.
 */
export function convertMinutiaeRecord(record: MinutiaeRecord, format: 'iso-19794-2-2005', options?: ConvertMinutiaeRecordOptions): IsoMinutiaeRecord;
export function convertMinutiaeRecord(record: MinutiaeRecord, format: 'ansi-378-2004', options?: ConvertMinutiaeRecordOptions): AnsiMinutiaeRecord;
export function convertMinutiaeRecord(record: MinutiaeRecord, format: MinutiaeRecordFormat, options: ConvertMinutiaeRecordOptions = {}): MinutiaeRecord {
  const angle = (value: number): number => (record.format === format ? value : angleCodeFromDegrees(format, minutiaAngleDegrees(record.format, value)));
  const views: FingerView[] = record.views.map((view) => ({
    ...view,
    minutiae: view.minutiae.map((minutia) => ({ ...minutia, angle: angle(minutia.angle) })),
    extendedData: view.extendedData.map((area): ExtendedDataArea => {
      if (area.kind !== 'cores-deltas') return area;
      return {
        kind: 'cores-deltas',
        cores: area.cores.map((core) => (core.angle === undefined ? { x: core.x, y: core.y } : { x: core.x, y: core.y, angle: angle(core.angle) })),
        deltas: area.deltas.map((delta) => (delta.angles === undefined ? { x: delta.x, y: delta.y } : { x: delta.x, y: delta.y, angles: [angle(delta.angles[0]), angle(delta.angles[1]), angle(delta.angles[2])] as const })),
      };
    }),
  }));
  const common = {
    captureEquipment: record.captureEquipment,
    imageWidth: record.imageWidth,
    imageHeight: record.imageHeight,
    resolutionX: record.resolutionX,
    resolutionY: record.resolutionY,
    views,
  };
  if (format === 'iso-19794-2-2005') return { format, ...common };
  const productId = options.productId ?? (record.format === 'ansi-378-2004' ? record.productId : { owner: 0, type: 0 });
  return { format, productId, ...common };
}
