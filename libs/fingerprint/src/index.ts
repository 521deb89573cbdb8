/**
 * @citizen-zero/fingerprint — the fingerprint part of the biometric service, framework-free:
 * ISO/IEC 19794-2:2005 and ANSI INCITS 378-2004 finger minutiae records (parse, encode, convert),
 * a seeded synthetic finger and impression generator, a Minutia Cylinder-Code matcher with
 * calibrated scores, multi-finger fusion and 1:N identification, and an accuracy harness.
 * Synthetic data only: not a certified matcher.
 */
export { FingerprintError, FINGERPRINT_ERROR_CODES, type FingerprintErrorCode, type MinutiaeRecordErrorCode } from './fingerprint-error';

// Finger minutiae records (ISO/IEC 19794-2:2005 clause 7, ANSI INCITS 378-2004 clause 6)
export {
  FMR_FORMAT_IDENTIFIER,
  FMR_VERSION_20,
  FINGER_POSITIONS,
  angleUnitDegrees,
  minutiaAngleDegrees,
  angleCodeFromDegrees,
  type MinutiaeRecordFormat,
  type MinutiaeRecord,
  type IsoMinutiaeRecord,
  type AnsiMinutiaeRecord,
  type FingerView,
  type Minutia,
  type MinutiaType,
  type CaptureEquipment,
  type ExtendedDataArea,
  type RidgeCount,
  type RidgeCountMethod,
  type CorePoint,
  type DeltaPoint,
  type FingerPositionName,
} from './records/minutiae-record';
export { parseMinutiaeRecord, detectMinutiaeRecordFormat, type ParseMinutiaeRecordOptions } from './records/parse-minutiae-record';
export { encodeIso19794_2, encodeAnsi378, encodeMinutiaeRecord } from './records/encode-minutiae-record';
export { convertMinutiaeRecord, type ConvertMinutiaeRecordOptions } from './records/convert-minutiae-record';

// Synthetic fingers and impressions
export { createRandom, type Random } from './synthetic/random';
export { FINGER_CLASSES, type FingerClass, type OrientationField } from './synthetic/orientation-field';
export { generateFinger, type SyntheticFinger, type FingerMinutia, type GenerateFingerOptions } from './synthetic/synthetic-finger';
export {
  generateImpression,
  DIFFICULTY_TIERS,
  TIER_PARAMETERS,
  SYNTHETIC_RESOLUTION,
  type DifficultyTier,
  type ImpressionParameters,
  type GenerateImpressionOptions,
  type SyntheticImpression,
} from './synthetic/impression';

// Matcher (Minutia Cylinder-Code, Cappelli, Ferrara & Maltoni 2010)
export { prepareTemplate, TEMPLATE_VERSION, MATCHER_RESOLUTION, type FingerprintTemplate, type PrepareTemplateOptions } from './matcher/prepare-template';
export { compare, compareRaw, type ComparisonScore } from './matcher/compare';
export { DEFAULT_MCC_PARAMETERS, type MccParameters } from './matcher/mcc-parameters';
export { calibrateScore, fitLogisticCalibration, SCORE_CALIBRATION, MAX_LOG_LIKELIHOOD_RATIO, type CalibratedScore, type LogisticCalibration } from './matcher/calibration';
export { fuseScores, type FusionRule, type FusedScore } from './matcher/fusion';
export { identify, type GalleryEntry, type IdentifyOptions, type IdentificationCandidate } from './matcher/identify';
export { descriptorSimilarity } from './matcher/global-descriptor';

// Accuracy
export { errorRates, type ErrorRates } from './evaluation/error-rates';
export { evaluateAccuracy, type AccuracyOptions, type TierAccuracy } from './evaluation/accuracy';
