import { alignFace, type AlignmentReference, faceApiReference, type FivePoints, fusePresentationAttackScore, measurePresentationAttackCues, type PresentationAttackFusionWeights } from '@citizen-zero/face-analysis';
import { crop, type FaceInCapture, formatModel, type ModelIdentity, PAD_CROP_SCALE, type PadModel, type PresentationAttackAssessment, type PresentationAttackDetector, squareRect } from '@citizen-zero/face-models';

/** The cues are measured on a 128-px aligned face crop and on a crop three times wider around it. */
const CUE_FACE = faceApiReference(128);
const CUE_SURROUNDINGS: AlignmentReference = { name: 'face-api-128-surroundings', width: 128, height: 128, points: CUE_FACE.points.map((point) => ({ x: point.x / 3 + 128 / 3, y: point.y / 3 + 128 / 3 })) as unknown as FivePoints };

/** Bump when the fusion's form or the way its crops are cut changes (the weights' values are in the version too). */
const FUSION_REVISION = 1;

/**
 * The passive PAD baseline behind the `PresentationAttackDetector` port: the PAD models (each on
 * human's 1.4× square crop around the detection) and the image cues of libs/face-analysis
 * (moiré/recapture energy, sharpness, specular highlights, saturation, chroma spread, on aligned
 * crops of the face and its surroundings), fused by one logistic. Non-certified.
 */
export class FusedPresentationAttackDetector implements PresentationAttackDetector {
  readonly model: ModelIdentity;

  constructor(
    private readonly padModels: readonly PadModel[],
    private readonly weights: PresentationAttackFusionWeights,
  ) {
    const weightsDigest = [weights.bias, weights.model, ...Object.values(weights.cues).map((cue) => cue.weight)].map((value) => value.toFixed(4)).join(',');
    this.model = { id: 'citizen-zero/pad-fusion', version: `${FUSION_REVISION}(${padModels.map((pad) => formatModel(pad.model)).join('+') || 'cues only'};${weightsDigest})` };
  }

  get models(): string[] {
    return this.padModels.map((pad) => formatModel(pad.model));
  }

  async assess(face: FaceInCapture): Promise<PresentationAttackAssessment> {
    const aligned = (reference: AlignmentReference) => alignFace(face.image, face.landmarks, reference, { antialias: true, border: 'replicate' }).image;
    const cues = measurePresentationAttackCues(aligned(CUE_FACE), { surroundings: aligned(CUE_SURROUNDINGS) });
    const padCrop = this.padModels.length > 0 ? crop(face.image, squareRect(face.box, face.image, PAD_CROP_SCALE)) : undefined;
    const modelScores = await Promise.all(this.padModels.map((pad) => pad.score(padCrop!)));
    const fused = fusePresentationAttackScore({ modelScores, cues }, this.weights);
    const components: Record<string, number> = {};
    for (const [name, value] of Object.entries(cues)) if (typeof value === 'number') components[name] = value;
    this.padModels.forEach((pad, index) => (components[formatModel(pad.model)] = modelScores[index]!));
    return { bonaFideScore: fused.bonaFideScore, components };
  }
}
