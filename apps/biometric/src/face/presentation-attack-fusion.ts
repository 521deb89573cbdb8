import type { PresentationAttackFusionWeights } from '@citizen-zero/face-analysis';

/**
 * The PAD fusion the service uses: libs/face-analysis's logistic form, with weights fitted by
 * `npm run eval:pad -- --print-weights` (class-balanced logistic regression on the synthetic
 * attacks of demo photos 1–3; the error rates are reported on photos 4–6, docs/benchmarks.md).
 * A non-certified baseline: refit on a real PAD development set before relying on it.
 */
export const PRESENTATION_ATTACK_FUSION: PresentationAttackFusionWeights = {
  bias: -34.1803,
  model: 0.8111,
  cues: {
    moireEnergy: { weight: -9.0662, centre: 0.03, scale: 0.01 },
    sharpness: { weight: 2.1517, centre: 2, scale: 0.5 },
    specularFraction: { weight: 1.0914, centre: 0.02, scale: 0.02 },
    saturationMean: { weight: 2.3769, centre: 0.25, scale: 0.1 },
    chromaSpread: { weight: -0.3746, centre: 12, scale: 6 },
    surroundMoireEnergy: { weight: -2.1859, centre: 0.03, scale: 0.01 },
  },
  threshold: 0.5,
};
