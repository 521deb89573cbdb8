import { ConversionError } from '../conversion-error';
import { add, conv, foldAffine, hwioToOihw, imageInput, pool, relu, zeroPad, type Feature, type Padding } from '../layers';
import { OnnxGraph } from '../onnx-graph';
import type { TfjsWeights } from '../tfjs-weights';

/**
 * face-api's face recognition net (`face_recognition_model`), a ResNet-34-like network after
 * dlib's, following face-api/src/faceRecognitionNet: a 7×7 strided convolution and a max pool,
 * residual blocks at 32, 64, 128 and 256 channels (the downsampling ones add an average-pooled,
 * zero-padded shortcut), a global average and a 256×128 projection. Each convolution's "scale"
 * layer (x · w + b) is folded into its filter and bias.
 *
 * Input `image` [batch, 150, 150, 3]: RGB 0–255, the face crop padded to a centred square and
 * resized bilinearly to 150 (face-api `toBatchTensor(150, true)`).
 * Output `descriptor` [batch, 128]: face-api's face descriptor (not normalised; face-api
 * compares descriptors by Euclidean distance, 0.6 being its usual threshold).
 */

export const RECOGNITION_INPUT_SIZE = 150;
export const DESCRIPTOR_SIZE = 128;

const MEAN_RGB = [122.782, 117.001, 104.298];

export function buildFaceRecognition(weights: TfjsWeights): OnnxGraph {
  const g = new OnnxGraph();
  const mean = g.floats('input/mean_rgb', [3], MEAN_RGB);
  const divisor = g.floats('input/255', [], [255]);
  let x = imageInput(g, 'image', RECOGNITION_INPUT_SIZE, (graph, input) => graph.node('Div', [graph.node('Sub', [input, mean], 'input/sub_mean'), divisor], 'input/normalised'));

  /** faceRecognitionNet/convLayer.ts: conv2d + bias, scale layer, optional ReLU. */
  const convLayer = (input: Feature, prefix: string, stride: number, withRelu: boolean, padding: Padding): Feature => {
    const shape = weights.get(`${prefix}/conv/filters`).shape as [number, number, number, number];
    const [kh, kw, cin, cout] = shape;
    if (kh !== kw || cin !== input.channels) throw new ConversionError('GRAPH_INVALID', `${prefix}: unexpected filter [${shape.join(',')}]`);
    const folded = foldAffine(
      hwioToOihw(weights.float(`${prefix}/conv/filters`, shape), kh, kw, cin, cout),
      weights.float(`${prefix}/conv/bias`, [cout]),
      weights.float(`${prefix}/scale/weights`, [cout]),
      weights.float(`${prefix}/scale/biases`, [cout]),
    );
    const out = conv(g, input, { name: `${prefix}/conv`, weights: folded.weights, bias: folded.bias, kernel: kh, outChannels: cout, stride, padding });
    return withRelu ? relu(g, out, `${prefix}/relu`) : out;
  };

  /** residualLayer.ts residual: conv → conv (no ReLU) → + x → ReLU. */
  const residual = (input: Feature, prefix: string): Feature => {
    const out = convLayer(convLayer(input, `${prefix}/conv1`, 1, true, 'same'), `${prefix}/conv2`, 1, false, 'same');
    return relu(g, add(g, out, input, `${prefix}/add`), `${prefix}/relu`);
  };

  /**
   * residualLayer.ts residualDown: a strided VALID convolution, then the shortcut is a 2×2
   * average pool, zero-padded in channels when they double; when the convolution comes out
   * one pixel smaller than the pool, it gets a zero row and column at the bottom/right.
   */
  const residualDown = (input: Feature, prefix: string): Feature => {
    let out = convLayer(convLayer(input, `${prefix}/conv1`, 2, true, 'valid'), `${prefix}/conv2`, 1, false, 'same');
    let pooled = pool(g, 'AveragePool', input, 2, 2, 'valid', `${prefix}/shortcut/avgpool`);
    if (pooled.height !== out.height || pooled.width !== out.width) {
      out = zeroPad(g, out, { bottom: pooled.height - out.height, right: pooled.width - out.width }, `${prefix}/pad_spatial`);
    }
    if (pooled.channels !== out.channels) pooled = zeroPad(g, pooled, { channels: out.channels - pooled.channels }, `${prefix}/shortcut/pad_channels`);
    return relu(g, add(g, pooled, out, `${prefix}/add`), `${prefix}/relu`);
  };

  x = convLayer(x, 'conv32_down', 2, true, 'valid');
  x = pool(g, 'MaxPool', x, 3, 2, 'valid', 'conv32_down/maxpool');
  x = residual(x, 'conv32_1');
  x = residual(x, 'conv32_2');
  x = residual(x, 'conv32_3');
  x = residualDown(x, 'conv64_down');
  x = residual(x, 'conv64_1');
  x = residual(x, 'conv64_2');
  x = residual(x, 'conv64_3');
  x = residualDown(x, 'conv128_down');
  x = residual(x, 'conv128_1');
  x = residual(x, 'conv128_2');
  x = residualDown(x, 'conv256_down');
  x = residual(x, 'conv256_1');
  x = residual(x, 'conv256_2');
  x = residualDown(x, 'conv256_down_out');

  const averaged = g.node('GlobalAveragePool', [x.name], 'global_average');
  const flat = g.node('Flatten', [averaged], 'flatten', { axis: 1 });
  g.node('MatMul', [flat, g.floats('fc', [x.channels, DESCRIPTOR_SIZE], weights.float('fc', [x.channels, DESCRIPTOR_SIZE]))], 'descriptor');
  g.output('descriptor', ['batch', DESCRIPTOR_SIZE]);
  return g;
}
