import { FingerprintError } from '../fingerprint-error';
import { compare, type ComparisonScore } from './compare';
import { descriptorSimilarity } from './global-descriptor';
import type { FingerprintTemplate } from './prepare-template';

export interface GalleryEntry<Id> {
  readonly id: Id;
  readonly template: FingerprintTemplate;
}

export interface IdentifyOptions {
  /**
   * How many gallery entries the pre-filter passes to the fine matcher: a count, or a share of
   * the gallery in (0, 1]. Default: 20 % of the gallery, at least 20 entries.
   */
  readonly preselect?: number;
  /** How many candidates to return, best first; default 10. */
  readonly candidates?: number;
  /** Only return candidates with at least this calibrated score; default 0. */
  readonly minCalibrated?: number;
}

export interface IdentificationCandidate<Id> {
  readonly id: Id;
  readonly score: ComparisonScore;
  /** The pre-filter's similarity (cosine of the global descriptors). */
  readonly prefilter: number;
}

/**
 * 1:N identification: ranks the gallery by the global descriptor (a dot product per entry, see
 * `globalDescriptor`), compares the probe with the best-ranked share only, and returns the best
 * candidates by calibrated score. The pre-filter trades a small risk of missing the mate (measured
 * by the benchmark: the mate's descriptor rank) for fewer fine comparisons; `preselect: 1` compares
 * with the whole gallery.
 */
export function identify<Id>(probe: FingerprintTemplate, gallery: readonly GalleryEntry<Id>[], options: IdentifyOptions = {}): IdentificationCandidate<Id>[] {
  const size = gallery.length;
  if (size === 0) return [];
  const preselect = resolvePreselect(options.preselect, size);
  const wanted = options.candidates ?? 10;
  if (!Number.isInteger(wanted) || wanted < 1) throw new FingerprintError('PARAMETER_INVALID', `candidates must be a positive integer, got ${wanted}`, { candidates: wanted });
  const minCalibrated = options.minCalibrated ?? 0;

  const similarities = new Float64Array(size);
  for (let index = 0; index < size; index++) similarities[index] = descriptorSimilarity(probe.descriptor, gallery[index]!.template.descriptor);
  const order = Array.from({ length: size }, (_, index) => index);
  if (preselect < size) order.sort((a, b) => similarities[b]! - similarities[a]! || a - b);

  const results: IdentificationCandidate<Id>[] = [];
  for (let rank = 0; rank < preselect; rank++) {
    const index = order[rank]!;
    const entry = gallery[index]!;
    const score = compare(probe, entry.template);
    if (score.calibrated >= minCalibrated) results.push({ id: entry.id, score, prefilter: similarities[index]! });
  }
  results.sort((a, b) => b.score.raw - a.score.raw);
  return results.slice(0, wanted);
}

function resolvePreselect(value: number | undefined, size: number): number {
  if (value === undefined) return Math.min(size, Math.max(20, Math.ceil(size * 0.2)));
  if (!(value > 0)) throw new FingerprintError('PARAMETER_INVALID', `preselect must be a positive count or a share in (0, 1], got ${value}`, { preselect: value });
  return Math.min(size, value <= 1 ? Math.max(1, Math.ceil(size * value)) : Math.floor(value));
}
