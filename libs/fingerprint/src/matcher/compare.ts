import { FingerprintError } from '../fingerprint-error';
import { calibrateScore, type CalibratedScore } from './calibration';
import { cylinderLayout, DEFAULT_MCC_PARAMETERS, type CylinderLayout } from './mcc-parameters';
import { TEMPLATE_VERSION, type FingerprintTemplate } from './prepare-template';

/** The result of a 1:1 comparison. */
export interface ComparisonScore extends CalibratedScore {
  /** The MCC global score (LSSR), in [0, 1]. */
  readonly raw: number;
}

/**
 * Compares two prepared templates (1:1) with the bit-based Minutia Cylinder-Code and Local
 * Similarity Sort with Relaxation (MCC paper: local similarity and LSSR) and calibrates the score
 * (see {@link calibrateScore}).
 */
export function compare(a: FingerprintTemplate, b: FingerprintTemplate): ComparisonScore {
  const raw = compareRaw(a, b);
  return { raw, ...calibrateScore(raw) };
}

const SIMILARITY_BUCKETS = 128;
/** Module-local copies: under CommonJS transpilation an imported binding is a getter call at every use. */
const VERSION: string = TEMPLATE_VERSION;

function popcount(value: number): number {
  let x = value - ((value >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

let defaultMatcher: ((a: FingerprintTemplate, b: FingerprintTemplate) => number) | undefined;

/** The raw MCC score of two templates, in [0, 1] — what {@link compare} calibrates. */
export function compareRaw(a: FingerprintTemplate, b: FingerprintTemplate): number {
  defaultMatcher ??= createRawMatcher(cylinderLayout(DEFAULT_MCC_PARAMETERS));
  return defaultMatcher(a, b);
}

/**
 * Builds the raw comparison for a cylinder layout. A comparison allocates nothing: it runs on
 * typed arrays preallocated here (one matcher per thread; it is not re-entrant).
 *
 * 1. Candidates (local similarity). Cylinders are sorted by direction, so the pairs whose directions differ by
 *    at most δθ form a windowShared of B per cylinder a of A. For every cylinder of B at once, |a ∧ b| is
 *    obtained by adding up, bit-sliced, the transposed bit sets of B over the set bits of a (bit
 *    cylinders are sparse: ~16 of 260 bits); then λ′ = 1 − √|a ⊕ b| / (√|a| + √|b|) with
 *    |a ⊕ b| = |a| + |b| − 2|a ∧ b| (eq. 17 on whole cylinders). Each a keeps its two best partners.
 * 2. Local similarity. For candidates with an incomplete cylinder λ is recomputed as the paper
 *    defines it, over the cells valid in both, and set to 0 when fewer than minME cells are. (For
 *    cylinders whose cells are all valid, most of them, λ′ = λ.)
 * 3. The nR = min(nA, nB, maxNR) best pairs by λ, one-to-one (greedily, best first), are relaxed
 *    (LSSR): nrel rounds of λₜ ← wR·λₜ + (1 − wR)·Σₖ ρ(t, k)·λₖ / (nR − 1), where ρ is the
 *    product of three decreasing sigmoids of the differences in distance, relative direction and
 *    radial angle of the two pairs (table lookups, sparse rows).
 * 4. The score is the mean relaxed λ of the nP pairs the relaxation kept best (efficiency
 *    λ⁽ⁿʳᵉˡ⁾ / λ⁽⁰⁾), nP = minNP + round(Z(min(nA, nB), μP, τP)·(maxNP − minNP)) (LSS).
 *
 * `registerPlanes: false` forces the general bit-sliced path (for tests).
 */
export function createRawMatcher(layout: CylinderLayout, options: { readonly registerPlanes?: boolean } = {}): (a: FingerprintTemplate, b: FingerprintTemplate) => number {
  const p = layout.parameters;
  const registerPlanesShared = options.registerPlanes ?? true;
  const wordsShared = layout.words;
  const windowShared = layout.directionWindow;
  const cellCount = layout.cellCount;
  const sections = p.directionalCells;
  const minMatchableBitsShared = Math.ceil(p.minMatchableCells * cellCount) * sections;
  const layoutBitsShared = cellCount * sections;
  // The validity mask of a cylinder whose cells are all valid.
  const fullMaskShared = new Int32Array(wordsShared);
  for (let bit = 0; bit < layoutBitsShared; bit++) fullMaskShared[bit >>> 5]! |= 1 << (bit & 31);
  const maxNR = p.maxNR;
  // Candidates: the best two pairs of each cylinder of A by λ′, then by λ (at most 2 × 255).
  const candidateFirst = new Int32Array(512);
  const candidateSecond = new Int32Array(512);
  const candidateSimilarity = new Float64Array(512);
  const orderShared = new Int32Array(512);
  const sortedShared = new Int32Array(512);
  const bucketCounts = new Int32Array(SIMILARITY_BUCKETS + 1);
  const planeWords = new Int32Array(8 * 8);
  const usedFirstShared = new Uint8Array(256);
  const usedSecondShared = new Uint8Array(256);
  const selectedAShared = new Int32Array(maxNR);
  const selectedBShared = new Int32Array(maxNR);
  const similarityShared = new Float64Array(maxNR);
  const relaxedShared = new Float64Array(maxNR);
  const nextShared = new Float64Array(maxNR);
  const rowLengthShared = new Int32Array(maxNR);
  const rowIndexShared = new Int32Array(maxNR * maxNR);
  const rowValueShared = new Float64Array(maxNR * maxNR);
  const efficiencyShared = new Float64Array(maxNR);
  const squareRoots = Float64Array.from({ length: wordsShared * 32 + 1 }, (_, index) => Math.sqrt(index));

  const sigmoid = (value: number, mu: number, tau: number): number => 1 / (1 + Math.exp(-tau * (value - mu)));
  const DISTANCE_STEPS = 8;
  // Beyond this distance difference ρ < 10⁻⁴ whatever the angles: such pairs of pairs are skipped.
  let distanceLimitValue = 1;
  while (distanceLimitValue < 256 && sigmoid(distanceLimitValue, p.muRho1, p.tauRho1) >= 1e-4) distanceLimitValue++;
  const DISTANCE_LIMIT = distanceLimitValue;
  const distanceTableShared = Float64Array.from({ length: DISTANCE_LIMIT * DISTANCE_STEPS + 1 }, (_, index) => sigmoid(index / DISTANCE_STEPS, p.muRho1, p.tauRho1));
  const angleTable2Shared = Float64Array.from({ length: 129 }, (_, index) => sigmoid((index / 256) * 2 * Math.PI, p.muRho2, p.tauRho2));
  const angleTable3Shared = Float64Array.from({ length: 129 }, (_, index) => sigmoid((index / 256) * 2 * Math.PI, p.muRho3, p.tauRho3));
  const pairCountsShared = Int32Array.from({ length: 256 }, (_, smaller) => Math.min(smaller, p.minNP + Math.round(sigmoid(smaller, p.muP, p.tauP) * (p.maxNP - p.minNP))));

  return (a, b) => {
    if (a.version !== VERSION || b.version !== VERSION) {
      throw new FingerprintError('TEMPLATE_INVALID', `templates must be ${VERSION}`, { version: String(a.version === VERSION ? b.version : a.version) });
    }
    const nA = a.cylinderCount;
    const nB = b.cylinderCount;
    if (nA === 0 || nB === 0) return 0;
    // Scratch arrays and tables as locals: context slots would be reloaded inside the loops.
    const order = orderShared;
    const sorted = sortedShared;
    const usedFirst = usedFirstShared;
    const usedSecond = usedSecondShared;
    const selectedA = selectedAShared;
    const selectedB = selectedBShared;
    const similarity = similarityShared;
    const relaxed = relaxedShared;
    const next = nextShared;
    const rowLength = rowLengthShared;
    const rowIndex = rowIndexShared;
    const rowValue = rowValueShared;
    const efficiency = efficiencyShared;
    const distanceTable = distanceTableShared;
    const angleTable2 = angleTable2Shared;
    const angleTable3 = angleTable3Shared;
    const pairCounts = pairCountsShared;
    const fullMask = fullMaskShared;
    const words = wordsShared;
    const window = windowShared;
    const registerPlanes = registerPlanesShared;
    const minMatchableBits = minMatchableBitsShared;
    const layoutBits = layoutBitsShared;
    // Locals rather than closure slots in the hot loops.
    const roots = squareRoots;
    const firsts = candidateFirst;
    const seconds = candidateSecond;
    const similarities = candidateSimilarity;
    const bitsA = a.bits;
    const bitsB = b.bits;
    const setBitStartA = a.setBitStart;
    const setBitsA = a.setBits;
    const setsB = b.cylinderSets;
    const setWords = b.cylinderSetWords;
    const planes = planeWords;
    const onesA = a.ones;
    const onesB = b.ones;
    const directionsA = a.directions;
    const directionsB = b.directions;
    const masksA = a.masks;
    const masksB = b.masks;
    const incompleteA = a.incompleteWords;
    const incompleteB = b.incompleteWords;

    // 1. For each cylinder of A, its two best partners in B within the direction window, by λ′.
    let candidates = 0;
    let start = 0;
    for (let i = 0; i < nA; i++) {
      const direction = directionsA[i]!;
      const low = direction - window;
      const high = direction + window;
      // First cylinder of B at or after the low edge (both sides ascend by direction, so this only moves forward).
      while (start < nB && directionsB[start]! < low) start++;
      // B's cylinders in [low, high], as up to three index ranges (wrapping at 0 and 256).
      let end = start;
      while (end < nB && directionsB[end]! <= high) end++;
      let wrapFrom = nB;
      if (low < 0) while (wrapFrom > end && directionsB[wrapFrom - 1]! >= low + 256) wrapFrom--;
      let wrapTo = 0;
      if (high > 255) while (wrapTo < start && directionsB[wrapTo]! <= high - 256) wrapTo++;
      const offsetA = i * words;
      const onesI = onesA[i]!;
      const rootA = roots[onesI]!;
      let best = -1;
      let bestValue = 0;
      let bestBoth = 0;
      let second = -1;
      let secondValue = 0;
      let secondBoth = 0;
      // |a ∧ b| for every cylinder b of B at once: add up, bit-sliced, the sets of B's cylinders that
      // have each set bit of a (plane q holds bit q of every count). With up to 96 cylinders in B and
      // |a| < 64 — nearly always — the six planes of each of the three words live in local variables.
      if (registerPlanes && setWords <= 3 && onesI < 64) {
        // Only the words of B's cylinder sets that the window touches are added up.
        // (Ranges [start, end), [wrapFrom, nB) and [0, wrapTo); word w holds cylinders 32w … 32w + 31.)
        const need0 = (start < end && start < 32) || (wrapFrom < nB && wrapFrom < 32) || wrapTo > 0;
        const need1 = setWords >= 2 && ((start < end && start < 64 && end > 32) || (wrapFrom < nB && wrapFrom < 64) || wrapTo > 32);
        const need2 = setWords === 3 && ((start < end && end > 64) || wrapFrom < nB || wrapTo > 64);
        let p0 = 0, p1 = 0, p2 = 0, p3 = 0, p4 = 0, p5 = 0;
        let q0 = 0, q1 = 0, q2 = 0, q3 = 0, q4 = 0, q5 = 0;
        let r0 = 0, r1 = 0, r2 = 0, r3 = 0, r4 = 0, r5 = 0;
        for (let position = setBitStartA[i]!, last = setBitStartA[i + 1]!; position < last; position++) {
          const base = setBitsA[position]! * setWords;
          let carry = need0 ? setsB[base]! : 0;
          let overflow = p0 & carry;
          p0 ^= carry;
          if (overflow !== 0) {
            // Carries past the first plane are rare: the bits of a and b seldom coincide.
            carry = overflow;
            overflow = p1 & carry;
            p1 ^= carry;
            carry = overflow;
            overflow = p2 & carry;
            p2 ^= carry;
            carry = overflow;
            overflow = p3 & carry;
            p3 ^= carry;
            carry = overflow;
            overflow = p4 & carry;
            p4 ^= carry;
            p5 ^= overflow;
          }
          if (need1) {
            carry = setsB[base + 1]!;
            overflow = q0 & carry;
            q0 ^= carry;
            if (overflow !== 0) {
              carry = overflow;
              overflow = q1 & carry;
              q1 ^= carry;
              carry = overflow;
              overflow = q2 & carry;
              q2 ^= carry;
              carry = overflow;
              overflow = q3 & carry;
              q3 ^= carry;
              carry = overflow;
              overflow = q4 & carry;
              q4 ^= carry;
              q5 ^= overflow;
            }
          }
          if (need2) {
            carry = setsB[base + 2]!;
            overflow = r0 & carry;
            r0 ^= carry;
            if (overflow !== 0) {
              carry = overflow;
              overflow = r1 & carry;
              r1 ^= carry;
              carry = overflow;
              overflow = r2 & carry;
              r2 ^= carry;
              carry = overflow;
              overflow = r3 & carry;
              r3 ^= carry;
              carry = overflow;
              overflow = r4 & carry;
              r4 ^= carry;
              r5 ^= overflow;
            }
          }
        }
        for (let range = 0; range < 3; range++) {
          const from = range === 0 ? start : range === 1 ? wrapFrom : 0;
          const to = range === 0 ? end : range === 1 ? nB : wrapTo;
          // Split at word boundaries, so that each stretch reads the planes of one word.
          for (let segment = from; segment < to; ) {
            const word = segment >>> 5;
            const stop = Math.min(to, 32 * word + 32);
            const b0 = word === 0 ? p0 : word === 1 ? q0 : r0;
            const b1 = word === 0 ? p1 : word === 1 ? q1 : r1;
            const b2 = word === 0 ? p2 : word === 1 ? q2 : r2;
            const b3 = word === 0 ? p3 : word === 1 ? q3 : r3;
            const b4 = word === 0 ? p4 : word === 1 ? q4 : r4;
            const b5 = word === 0 ? p5 : word === 1 ? q5 : r5;
            for (let j = segment; j < stop; j++) {
              const shift = j & 31;
              const both = ((b0 >>> shift) & 1) | (((b1 >>> shift) & 1) << 1) | (((b2 >>> shift) & 1) << 2) | (((b3 >>> shift) & 1) << 3) | (((b4 >>> shift) & 1) << 4) | (((b5 >>> shift) & 1) << 5);
              const onesJ = onesB[j]!;
              const norms = rootA + roots[onesJ]!;
              const different = onesI + onesJ - 2 * both;
              // λ′ > second ⇔ |a ⊕ b| < ((1 − second)(√|a| + √|b|))²: most pairs stop here, without a root or a division.
              const limit = (1 - secondValue) * norms;
              if (different >= limit * limit) continue;
              const lambda = 1 - roots[different]! / norms;
              if (lambda > bestValue) {
                second = best;
                secondValue = bestValue;
                secondBoth = bestBoth;
                best = j;
                bestValue = lambda;
                bestBoth = both;
              } else {
                second = j;
                secondValue = lambda;
                secondBoth = both;
              }
            }
            segment = stop;
          }
        }
      } else {
        const planeEnd = (32 - Math.clz32(onesI)) * setWords;
        for (let q = 0; q < planeEnd; q++) planes[q] = 0;
        for (let position = setBitStartA[i]!, last = setBitStartA[i + 1]!; position < last; position++) {
          const base = setBitsA[position]! * setWords;
          for (let w = 0; w < setWords; w++) {
            let carry = setsB[base + w]!;
            for (let q = w; q < planeEnd; q += setWords) {
              const plane = planes[q]!;
              planes[q] = plane ^ carry;
              carry &= plane;
            }
          }
        }
        for (let range = 0; range < 3; range++) {
          const from = range === 0 ? start : range === 1 ? wrapFrom : 0;
          const to = range === 0 ? end : range === 1 ? nB : wrapTo;
          for (let j = from; j < to; j++) {
            const shift = j & 31;
            let both = 0;
            for (let q = j >>> 5, weight = 1; q < planeEnd; q += setWords, weight += weight) both += ((planes[q]! >>> shift) & 1) * weight;
            const onesJ = onesB[j]!;
            const norms = rootA + roots[onesJ]!;
            const different = onesI + onesJ - 2 * both;
            const limit = (1 - secondValue) * norms;
            if (different >= limit * limit) continue;
            const lambda = 1 - roots[different]! / norms;
            if (lambda > bestValue) {
              second = best;
              secondValue = bestValue;
              secondBoth = bestBoth;
              best = j;
              bestValue = lambda;
              bestBoth = both;
            } else {
              second = j;
              secondValue = lambda;
              secondBoth = both;
            }
          }
        }
      }
      // 2. λ over the cells valid in both when a cylinder is incomplete (a's bits are already 0
      // outside a's valid cells): |a|b| = |a ∧ valid_b|, |b|a| = |b ∧ valid_a|,
      // |a|b ⊕ b|a| = |a|b| + |b|a| − 2|a ∧ b|; 0 if fewer than minME cells are valid in both.
      for (let pick = 0; pick < 2; pick++) {
        const j = pick === 0 ? best : second;
        if (j < 0) continue;
        let value = pick === 0 ? bestValue : secondValue;
        const incomplete = incompleteA[i]! | incompleteB[j]!;
        if (incomplete !== 0) {
          // Only words where a cell is invalid in either cylinder change anything: there the bits of
          // one cylinder in the other's invalid cells are removed. |a ∧ b| lies in cells valid in both.
          const offsetB = j * words;
          let countA = onesI;
          let countB = onesB[j]!;
          let matchable = layoutBits;
          for (let w = 0; w < words; w++) {
            if (words <= 31 && ((incomplete >>> w) & 1) === 0) continue;
            const maskA = masksA[offsetA + w]!;
            const maskB = masksB[offsetB + w]!;
            const full = fullMask[w]!;
            countA -= popcount(bitsA[offsetA + w]! & ~maskB);
            countB -= popcount(bitsB[offsetB + w]! & ~maskA);
            matchable -= popcount(full & ~(maskA & maskB));
          }
          if (matchable < minMatchableBits) continue;
          const norms = roots[countA]! + roots[countB]!;
          value = norms === 0 ? 0 : 1 - roots[countA + countB - 2 * (pick === 0 ? bestBoth : secondBoth)]! / norms;
          if (value <= 0) continue;
        }
        firsts[candidates] = i;
        seconds[candidates] = j;
        similarities[candidates] = value;
        candidates++;
      }
    }
    if (candidates === 0) return 0;
    // Best first: a stable counting sort on λ quantised to 1/128 (the selection below only needs a rough order).
    const buckets = bucketCounts;
    for (let key = 0; key <= SIMILARITY_BUCKETS; key++) buckets[key] = 0;
    for (let t = 0; t < candidates; t++) buckets[SIMILARITY_BUCKETS - ((similarities[t]! * SIMILARITY_BUCKETS) | 0)]!++;
    for (let key = 1, sum = buckets[0]!; key <= SIMILARITY_BUCKETS; key++) {
      sum += buckets[key]!;
      buckets[key] = sum;
    }
    for (let t = candidates - 1; t >= 0; t--) sorted[--buckets[SIMILARITY_BUCKETS - ((similarities[t]! * SIMILARITY_BUCKETS) | 0)]!] = t;

    // 3. One-to-one selection of the nR best, then relaxation.
    const nR = Math.min(nA, nB, maxNR);
    let count = 0;
    for (let t = 0; t < candidates && count < nR; t++) {
      const entry = sorted[t]!;
      const i = firsts[entry]!;
      const j = seconds[entry]!;
      // Each cylinder of A has at most two candidates; once one is taken the other is not.
      if (usedFirst[i] === 1 || usedSecond[j] === 1) continue;
      usedFirst[i] = 1;
      usedSecond[j] = 1;
      selectedA[count] = i;
      selectedB[count] = j;
      similarity[count] = similarities[entry]!;
      count++;
    }
    for (let t = 0; t < count; t++) {
      usedFirst[selectedA[t]!] = 0;
      usedSecond[selectedB[t]!] = 0;
    }
    if (count === 0) return 0;

    const distancesA = a.distances;
    const distancesB = b.distances;
    const radialA = a.radialAngles;
    const radialB = b.radialAngles;
    // ρ between the selected pairs, kept as sparse rows (impostor pairs are mostly incompatible).
    for (let t = 0; t < count; t++) rowLength[t] = 0;
    for (let t = 0; t < count; t++) {
      const ia = selectedA[t]!;
      const jb = selectedB[t]!;
      for (let k = t + 1; k < count; k++) {
        const ka = selectedA[k]!;
        const lb = selectedB[k]!;
        const d1 = Math.abs(distancesA[ia * nA + ka]! - distancesB[jb * nB + lb]!);
        if (d1 >= DISTANCE_LIMIT) continue;
        let d2 = (directionsA[ia]! - directionsA[ka]! - (directionsB[jb]! - directionsB[lb]!)) & 255;
        if (d2 > 128) d2 = 256 - d2;
        let d3 = (radialA[ia * nA + ka]! - radialB[jb * nB + lb]!) & 255;
        if (d3 > 128) d3 = 256 - d3;
        const value = distanceTable[(d1 * DISTANCE_STEPS + 0.5) | 0]! * angleTable2[d2]! * angleTable3[d3]!;
        if (value < 1e-4) continue;
        let slot = t * maxNR + rowLength[t]!++;
        rowIndex[slot] = k;
        rowValue[slot] = value;
        slot = k * maxNR + rowLength[k]!++;
        rowIndex[slot] = t;
        rowValue[slot] = value;
      }
      relaxed[t] = similarity[t]!;
    }
    const weight = p.relaxationWeight;
    const spread = count > 1 ? (1 - weight) / (count - 1) : 0;
    for (let round = 0; round < p.relaxationIterations; round++) {
      for (let t = 0; t < count; t++) {
        let sum = 0;
        for (let slot = t * maxNR, stop = slot + rowLength[t]!; slot < stop; slot++) sum += rowValue[slot]! * relaxed[rowIndex[slot]!]!;
        next[t] = weight * relaxed[t]! + spread * sum;
      }
      for (let t = 0; t < count; t++) relaxed[t] = next[t]!;
    }

    // 4. Mean relaxed λ of the nP most efficient pairs.
    const nP = Math.min(count, pairCounts[Math.min(nA, nB, 255)]!);
    for (let t = 0; t < count; t++) {
      efficiency[t] = relaxed[t]! / similarity[t]!;
      order[t] = t;
    }
    let total = 0;
    for (let rank = 0; rank < nP; rank++) {
      let best = rank;
      for (let t = rank + 1; t < count; t++) if (efficiency[order[t]!]! > efficiency[order[best]!]!) best = t;
      const chosen = order[best]!;
      order[best] = order[rank]!;
      order[rank] = chosen;
      total += relaxed[chosen]!;
    }
    return total / nP;
  };
}

