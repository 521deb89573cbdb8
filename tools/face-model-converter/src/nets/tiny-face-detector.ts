import { ConversionError } from '../conversion-error';
import { conv, hwc1ToC1hw, hwioToOihw, imageInput, pool, type Feature } from '../layers';
import { OnnxGraph } from '../onnx-graph';
import type { TfjsWeights } from '../tfjs-weights';

/**
 * face-api's tiny face detector (`tiny_face_detector_model`), after face-api/src/tinyFaceDetector
 * and tinyYolov2 (TinyYolov2Base.runMobilenet): a 3×3 VALID convolution, five depthwise-separable
 * convolutions with 2×2 max pools between them, leaky ReLU (0.1), and a 1×1 convolution to a
 * YOLO v2 grid of 5 anchors × (x, y, w, h, score). Decoding (sigmoid, anchors) and non-maximum
 * suppression are left to the caller, as in face-api.
 *
 * Input `image` [batch, size, size, 3], size a multiple of 32 (face-api's default 416): RGB
 * 0–255, the picture padded at the bottom/right to a square and resized bilinearly to size.
 * Output `grid` [batch, size/32, size/32, 25], NHWC as tfjs gives it.
 *
 * The pads are TensorFlow's SAME pads at 416; they are the same for every multiple of 32
 * (after the VALID first layer the map is 32k − 2, then 16k − 1, 8k, 4k, 2k, k), so the
 * spatial size is left symbolic.
 */

export const TINY_DEFAULT_INPUT_SIZE = 416;
export const TINY_ANCHORS = 5;
export const TINY_BOX_ENCODING = 5;

/** Mean RGB subtracted before dividing by 255 (tinyFaceDetector/const.ts). */
const MEAN_RGB = [117.001, 114.697, 97.404];

export function buildTinyFaceDetector(weights: TfjsWeights): OnnxGraph {
  const g = new OnnxGraph();
  const mean = g.floats('input/mean_rgb', [3], MEAN_RGB);
  const divisor = g.floats('input/255', [], [255]);
  let x = imageInput(g, 'image', TINY_DEFAULT_INPUT_SIZE, (graph, input) => graph.node('Div', [graph.node('Sub', [input, mean], 'input/sub_mean'), divisor], 'input/normalised'), 'size');

  // leaky.ts: relu(x − 0.1x) + 0.1x, i.e. LeakyRelu with alpha 0.1.
  const leaky = (input: Feature, name: string): Feature => ({ ...input, name: g.node('LeakyRelu', [input.name], name, { alpha: { float: 0.10000000149011612 } }) });

  /** tinyYolov2/depthwiseSeparableConv.ts: pad 1, separableConv2d VALID, bias, leaky. */
  const separable = (input: Feature, prefix: string): Feature => {
    const c = input.channels;
    const cout = (weights.get(`${prefix}/pointwise_filter`).shape as number[])[3]!;
    const depthwiseOut = conv(g, input, { name: `${prefix}/depthwise`, weights: hwc1ToC1hw(weights.float(`${prefix}/depthwise_filter`, [3, 3, c, 1]), 3, 3, c), bias: null, kernel: 3, outChannels: c, stride: 1, padding: 'same', depthwise: true });
    const pointwise = conv(g, depthwiseOut, { name: `${prefix}/pointwise`, weights: hwioToOihw(weights.float(`${prefix}/pointwise_filter`, [1, 1, c, cout]), 1, 1, c, cout), bias: weights.float(`${prefix}/bias`, [cout]), kernel: 1, outChannels: cout, stride: 1, padding: 'same' });
    return leaky(pointwise, `${prefix}/leaky`);
  };

  const [kh, kw, cin, c0] = weights.get('conv0/filters').shape as [number, number, number, number];
  if (kh !== 3 || kw !== 3 || cin !== 3) throw new ConversionError('GRAPH_INVALID', 'conv0: unexpected filter');
  x = leaky(conv(g, x, { name: 'conv0', weights: hwioToOihw(weights.float('conv0/filters', [3, 3, 3, c0]), 3, 3, 3, c0), bias: weights.float('conv0/bias', [c0]), kernel: 3, outChannels: c0, stride: 1, padding: 'valid' }), 'conv0/leaky');
  for (let layer = 1; layer <= 5; layer++) {
    x = pool(g, 'MaxPool', x, 2, 2, 'same', `pool${layer - 1}`);
    x = separable(x, `conv${layer}`);
  }
  x = pool(g, 'MaxPool', x, 2, 1, 'same', 'pool5');
  const cout = TINY_ANCHORS * TINY_BOX_ENCODING;
  const head = conv(g, x, { name: 'conv8', weights: hwioToOihw(weights.float('conv8/filters', [1, 1, x.channels, cout]), 1, 1, x.channels, cout), bias: weights.float('conv8/bias', [cout]), kernel: 1, outChannels: cout, stride: 1, padding: 'valid' });
  if (head.height !== TINY_DEFAULT_INPUT_SIZE / 32) throw new ConversionError('GRAPH_INVALID', `grid ${head.height}, expected ${TINY_DEFAULT_INPUT_SIZE / 32}`);
  g.node('Transpose', [head.name], 'grid', { perm: [0, 2, 3, 1] });
  g.output('grid', ['batch', 'grid', 'grid', cout]);
  return g;
}
