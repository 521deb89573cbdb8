/**
 * Parameters of the Minutia Cylinder-Code matcher (Cappelli, Ferrara, Maltoni, "Minutia
 * Cylinder-Code: a new representation and matching technique for fingerprint recognition", IEEE
 * TPAMI 32(12), 2010 — "the MCC paper" below). "paper:" gives the published value, kept or
 * changed here. Lengths are pixels at 500 dpi; templates of other resolutions are scaled to it.
 */
export interface MccParameters {
  /** Cylinder radius R (paper: 70). */
  readonly radius: number;
  /** Cells along the cylinder's diameter, NS (paper: 16; here 8, see the README). */
  readonly spatialCells: number;
  /** Directional sections, ND (paper: 6; here 5). */
  readonly directionalCells: number;
  /** σS of the spatial contribution (paper: 28/3). */
  readonly sigmaS: number;
  /** σD of the directional contribution (paper: 2π/9). */
  readonly sigmaD: number;
  /** Threshold μΨ of the bit-based contribution Ψ_Bit (paper: 0.01). */
  readonly muPsi: number;
  /** Ω: cells farther than this from the convex hull of the minutiae are invalid (paper: 50). */
  readonly hullMargin: number;
  /** minVC: share of valid cells a cylinder needs (paper: 75 %). */
  readonly minValidCells: number;
  /** minM: minutiae within R + 3σS a cylinder needs (paper: 2). */
  readonly minNeighbors: number;
  /**
   * At most this many cylinders per template (not in the paper): when a view has more valid
   * cylinders, those with the most valid cells, then the closest to the centre of the minutiae, are
   * kept. Bounds the cost of a comparison, which grows with the product of the two counts.
   */
  readonly maxCylinders: number;
  /** minME: share of the cells that must be valid in both cylinders for a similarity (paper: 60 %). */
  readonly minMatchableCells: number;
  /** δθ: minutiae whose directions differ more are never paired (paper: π/2; here π/3, see the README). */
  readonly maxDirectionDifference: number;
  /** LSS/LSSR: nP = minNP + round(Z(min(nA, nB), μP, τP)·(maxNP − minNP)) pairs make the score (paper: 4, 12, 20, 2/5). */
  readonly minNP: number;
  readonly maxNP: number;
  readonly muP: number;
  readonly tauP: number;
  /** LSSR: at most this many pairs are relaxed (the paper relaxes min(nA, nB)). */
  readonly maxNR: number;
  /** LSSR weight wR and iterations nrel (paper: 0.5, 5). */
  readonly relaxationWeight: number;
  readonly relaxationIterations: number;
  /**
   * LSSR compatibility sigmoids: distance difference (paper: μ1ρ 5, τ1ρ −8/5; here 12, −0.8),
   * direction difference (μ2ρ π/12, τ2ρ −30; here 0.4 rad ≈ 23°, −15) and radial angle difference
   * (μ3ρ π/12, τ3ρ −30; here 0.4, −15). Looser than the paper's: see the README.
   */
  readonly muRho1: number;
  readonly tauRho1: number;
  readonly muRho2: number;
  readonly tauRho2: number;
  readonly muRho3: number;
  readonly tauRho3: number;
}

export const DEFAULT_MCC_PARAMETERS: MccParameters = {
  radius: 70,
  spatialCells: 8,
  directionalCells: 5,
  sigmaS: 28 / 3,
  sigmaD: (2 * Math.PI) / 9,
  muPsi: 0.01,
  hullMargin: 50,
  minValidCells: 0.75,
  minNeighbors: 2,
  maxCylinders: 44,
  minMatchableCells: 0.6,
  maxDirectionDifference: Math.PI / 3,
  minNP: 4,
  maxNP: 12,
  muP: 20,
  tauP: 2 / 5,
  maxNR: 20,
  relaxationWeight: 0.5,
  relaxationIterations: 5,
  muRho1: 12,
  tauRho1: -0.8,
  muRho2: 0.4,
  tauRho2: -15,
  muRho3: 0.4,
  tauRho3: -15,
};

/** The cells of a cylinder: those of the NS × NS grid whose centre lies within R, each with ND bits. */
export interface CylinderLayout {
  readonly parameters: MccParameters;
  /** Cell centre offsets from the minutia, in pixels, before rotation by the minutia's direction. */
  readonly cellX: Float64Array;
  readonly cellY: Float64Array;
  readonly cellCount: number;
  /** 32-bit words per cylinder: ⌈cells × ND / 32⌉. Bit `cell × ND + k` is cell `cell`, section `k`. */
  readonly words: number;
  /** Direction window in 1/256 turns (δθ). */
  readonly directionWindow: number;
}

export function cylinderLayout(parameters: MccParameters): CylinderLayout {
  const { radius, spatialCells } = parameters;
  const step = (2 * radius) / spatialCells;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let row = 0; row < spatialCells; row++) {
    for (let column = 0; column < spatialCells; column++) {
      const x = (column - (spatialCells - 1) / 2) * step;
      const y = (row - (spatialCells - 1) / 2) * step;
      if (x * x + y * y <= radius * radius) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  return {
    parameters,
    cellX: Float64Array.from(xs),
    cellY: Float64Array.from(ys),
    cellCount: xs.length,
    words: Math.ceil((xs.length * parameters.directionalCells) / 32),
    directionWindow: Math.round((parameters.maxDirectionDifference / (2 * Math.PI)) * 256),
  };
}
