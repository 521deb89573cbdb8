/**
 * @citizen-zero/biometric-evaluation — the error rates of a score threshold, shared by the
 * biometric libraries: FMR and FNMR (ISO/IEC 19795-1) for comparison scores, APCER and BPCER
 * (ISO/IEC 30107-3) for presentation attack detection scores. One exact threshold sweep; the
 * libraries name the rates in their standard's terms.
 */
export { EvaluationError, EVALUATION_ERROR_CODES, type EvaluationErrorCode } from './evaluation-error';
export {
  sortScores,
  countBelow,
  errorRatesAt,
  errorRateCurve,
  curvePoint,
  equalErrorRate,
  operatingPointAtFalseAcceptRate,
  decimateCurve,
  probit,
  type ErrorRatePoint,
  type ErrorRateCurve,
  type EqualErrorRate,
  type OperatingPoint,
} from './error-rate-curve';
