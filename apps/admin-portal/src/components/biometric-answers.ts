/**
 * The biometric service's answers the enrolment desk uses, typed as apps/biometric/src/matching/biometric.dto.ts
 * maps them (the service publishes no OpenAPI document yet).
 */

/** A reason a face capture is refused: a quality rejection code, QUALITY_SCORE_LOW or PRESENTATION_ATTACK_SUSPECTED. */
export interface CaptureRefusal {
  readonly code: string;
  readonly message: string;
}

export interface FaceQuality {
  /** 0–100. */
  readonly score: number;
  readonly components: readonly { readonly name: string; readonly value: number; readonly normalised: number }[];
  readonly rejections: readonly CaptureRefusal[];
}

/** The passive presentation-attack (liveness) report: a labelled, non-certified baseline. */
export interface LivenessReport {
  /** 0 (attack) – 1 (bona fide). */
  readonly bonaFideScore: number;
  readonly decision: 'bona-fide' | 'attack-suspected';
  readonly threshold: number;
  readonly detector: string;
  /** The service's statement of what the answer is worth (non-certified). */
  readonly notice: string;
}

/** `POST /assessments/face`: the picture judged as a capture would be, nothing kept. */
export interface FaceAssessment {
  readonly purpose: 'enrolment' | 'verification';
  readonly acceptable: boolean;
  readonly refusals: readonly CaptureRefusal[];
  readonly face?: { readonly faces: number };
  readonly quality: FaceQuality & { readonly minimum: number };
  /** Absent when no face was found. */
  readonly liveness?: LivenessReport & { readonly enforced: boolean };
}

/** `POST /captures/face`: the kept capture's reference. */
export interface CapturedFace {
  readonly reference: string;
  readonly model: string;
  readonly quality: FaceQuality;
  readonly liveness: LivenessReport;
}

/** `POST /captures/fingerprint`: one template per finger view of the record. */
export interface CapturedFingerprints {
  readonly modality: 'fingerprint';
  readonly templates: readonly { readonly reference: string; readonly fingerPosition: number; readonly quality: number; readonly minutiae: number }[];
}

/** Finger position codes of ISO/IEC 19794-2 / ANSI INCITS 378 (ISO/IEC 19794-2:2005 Table 4). */
export function fingerName(position: number): string {
  const names = ['unknown finger', 'right thumb', 'right index finger', 'right middle finger', 'right ring finger', 'right little finger', 'left thumb', 'left index finger', 'left middle finger', 'left ring finger', 'left little finger'];
  return names[position] ?? `finger position ${position}`;
}
