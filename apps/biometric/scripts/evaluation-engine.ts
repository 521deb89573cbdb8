import { resolve } from 'node:path';
import { type BiometricConfig, DEFAULT_FACE_THRESHOLDS, PAD_MODEL_NAMES } from '../src/config/biometric-config';
import { OnnxFaceEngine } from '../src/face/onnx-face-engine';

/** The service's face engine with its defaults, no quality gate, for the evaluation commands and the benchmark. */
export function evaluationFaceConfig(overrides: Partial<BiometricConfig['face']> = {}): BiometricConfig['face'] {
  return {
    modelsDir: resolve(import.meta.dirname, '../../../models'),
    detector: 'ssd-mobilenetv1',
    threads: 1,
    thresholds: DEFAULT_FACE_THRESHOLDS,
    minEnrolmentQuality: 0,
    minVerificationQuality: 0,
    padModels: [...PAD_MODEL_NAMES],
    livenessThreshold: 0.5,
    livenessEnforced: false,
    ...overrides,
  };
}

export function loadEvaluationEngine(overrides: Partial<BiometricConfig['face']> = {}): Promise<OnnxFaceEngine> {
  return OnnxFaceEngine.load(evaluationFaceConfig(overrides));
}
