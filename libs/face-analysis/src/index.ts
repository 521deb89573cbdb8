/**
 * @citizen-zero/face-analysis — the face pipeline's pure image and geometry steps between the models
 * (detector → 68 landmarks → this library → embedder), framework-free: five-point similarity
 * alignment, capture quality in the spirit of ISO/IEC 29794-5, presentation-attack image cues with a
 * logistic fusion (a NON-CERTIFIED baseline), seeded synthetic presentation attacks, and accuracy
 * metrics (ISO/IEC 19795-1 FMR/FNMR, ISO/IEC 30107-3 APCER/BPCER).
 */
export { FaceAnalysisError, FACE_ANALYSIS_ERROR_CODES, type FaceAnalysisErrorCode } from './face-analysis-error';

// Images and landmarks
export { assertRgbImage, luminance, toUint8, type RgbImage, type Point, type Box } from './image/rgb-image';
export { gaussianBlurPlane, gaussianBlurRgb, laplacianVariance } from './image/filters';
export { IBUG_68, assertLandmarks68, meanPoint, eyeCentres, fivePoints, boundingBox, type FivePoints } from './landmarks';

// Alignment (Umeyama 1991)
export {
  similarityTransform,
  applyTransform,
  invertTransform,
  estimateSimilarity,
  warpSimilarity,
  alignFace,
  arcFaceReference,
  faceApiReference,
  nativeArcFaceReference,
  ARCFACE_REFERENCE_112,
  ARCFACE_INTER_EYE_DISTANCE,
  type SimilarityTransform,
  type SimilarityFit,
  type AlignmentResidual,
  type AlignmentReference,
  type WarpOptions,
  type AlignedFace,
} from './face-alignment';

// Quality (ISO/IEC 29794-5 components, ISO/IEC 19794-5 / ICAO 9303 Part 9 limits)
export { estimateHeadPose, GENERIC_HEAD, type HeadPose } from './head-pose';
export {
  assessFaceQuality,
  fuseQualityScore,
  faceQualityConfig,
  validateQualityConfig,
  ENROLMENT_QUALITY_CONFIG,
  VERIFICATION_QUALITY_CONFIG,
  QUALITY_COMPONENT_NAMES,
  QUALITY_REJECTION_CODES,
  type FaceQualityConfig,
  type FaceQualityConfigOverrides,
  type FaceQualityInput,
  type FaceQualityReport,
  type DetectedFace,
  type QualityComponent,
  type QualityComponentName,
  type QualityRejection,
  type QualityRejectionCode,
} from './face-quality';

// Presentation attack detection: image cues and fusion (non-certified baseline)
export { fft, fft2d, isPowerOfTwo, nextPowerOfTwo } from './fft';
export {
  measurePresentationAttackCues,
  recaptureEnergy,
  fusePresentationAttackScore,
  DEFAULT_PRESENTATION_ATTACK_FUSION,
  PRESENTATION_ATTACK_BASELINE_NOTICE,
  PRESENTATION_ATTACK_CUE_NAMES,
  type PresentationAttackCues,
  type PresentationAttackCueName,
  type PresentationAttackCueOptions,
  type PresentationAttackFusionWeights,
  type PresentationAttackEvidence,
  type PresentationAttackDecision,
  type CueWeight,
} from './presentation-attack-cues';

// Synthetic presentation attacks (seeded)
export { createSeededRandom, type SeededRandom } from './random';
export { printAttack, screenReplayAttack, cutoutPrintAttack, PRESENTATION_ATTACK_SPECIES, type PresentationAttackSpecies, type Cutout } from './synthetic-attacks';

// Evaluation (ISO/IEC 19795-1, ISO/IEC 30107-3)
export {
  verificationErrorRates,
  detCurve,
  verificationEqualErrorRate,
  fnmrAtFmr,
  presentationAttackErrorRates,
  bpcerAtApcer,
  type VerificationErrorRates,
  type EqualErrorRate,
  type FnmrAtFmr,
  type PresentationAttackScores,
  type PresentationAttackErrorRates,
  type BpcerAtApcer,
} from './evaluation';
