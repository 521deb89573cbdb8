import { CitizenZeroError } from '@citizen-zero/errors';

export const CONVERSION_ERROR_CODES = [
  'WEIGHTS_MANIFEST_INVALID',
  'WEIGHTS_UNSUPPORTED',
  'WEIGHTS_TRUNCATED',
  'WEIGHTS_MISSING',
  'WEIGHTS_UNEXPECTED_SHAPE',
  'SOURCE_PACKAGE_MISMATCH',
  'GRAPH_INVALID',
  'GRAPH_MODEL_INVALID',
  'GRAPH_UNSUPPORTED',
  'MODEL_MANIFEST_INVALID',
] as const;

export type ConversionErrorCode = (typeof CONVERSION_ERROR_CODES)[number];

/**
 * A conversion that cannot produce a trustworthy model: wrong or unexpected source weights, a
 * graph that does not add up, or a tfjs graph model using an op or attribute value the
 * translator does not implement (`GRAPH_UNSUPPORTED`: refused rather than approximated).
 */
export class ConversionError extends CitizenZeroError<ConversionErrorCode> {
  constructor(
    readonly code: ConversionErrorCode,
    message: string,
    details: Record<string, string | number | boolean> = {},
    options?: { cause?: unknown },
  ) {
    super(message, details, options);
  }
}
