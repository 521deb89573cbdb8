/** What a face capture is used for: enrolment asks more of the picture than a later verification. */
export type CapturePurpose = 'enrolment' | 'verification';

export interface QualityComponentReport {
  readonly name: string;
  readonly value: number;
  /** 0–100. */
  readonly normalised: number;
}

export interface QualityRejection {
  readonly code: string;
  readonly message: string;
}

/** In the spirit of ISO/IEC 29794-5: components, a 0–100 score and the reasons a capture is refused. */
export interface FaceQualityReport {
  readonly score: number;
  readonly components: readonly QualityComponentReport[];
  readonly rejections: readonly QualityRejection[];
}

/** A passive presentation-attack assessment (a labelled, non-certified baseline). */
export interface LivenessReport {
  /** 0 (attack) – 1 (bona fide). */
  readonly bonaFideScore: number;
  readonly decision: 'bona-fide' | 'attack-suspected';
  readonly threshold: number;
  /** Model scores and image cues that went into it. */
  readonly components: Readonly<Record<string, number>>;
  readonly models: readonly string[];
  /** The fusion's id and version (changes with its weights or models). */
  readonly detector: string;
  readonly notice: string;
}

export interface FaceLocation {
  readonly box: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  readonly detectorScore: number;
  readonly faces: number;
}

export interface FaceCapture {
  /** The embedder, `id@version`. */
  readonly model: string;
  /** L2-normalised. */
  readonly embedding: Float32Array;
  readonly face: FaceLocation;
  readonly quality: FaceQualityReport;
  readonly liveness: LivenessReport;
}

/** The face pipeline: decode, detect, landmarks, alignment, quality, liveness, embedding. */
export interface FaceEngine {
  /** The embedder in use, `id@version`. */
  readonly model: string;
  readonly detectorModel: string;
  analyse(image: Uint8Array, purpose: CapturePurpose): Promise<FaceCapture>;
  assessQuality(image: Uint8Array, purpose: CapturePurpose): Promise<{ face?: FaceLocation; quality: FaceQualityReport }>;
  assessLiveness(image: Uint8Array): Promise<{ face: FaceLocation; liveness: LivenessReport }>;
  /** Quality and, when a face is found, liveness from one decode and detection; no embedding, nothing kept. */
  assess(image: Uint8Array, purpose: CapturePurpose): Promise<FaceAssessment>;
}

/** What the capture desk is shown before it keeps a capture. */
export interface FaceAssessment {
  readonly face?: FaceLocation;
  readonly quality: FaceQualityReport;
  /** Absent when no face was found. */
  readonly liveness?: LivenessReport;
}

export const FACE_ENGINE = Symbol('FaceEngine');
