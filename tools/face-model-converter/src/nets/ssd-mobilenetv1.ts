import { ConversionError } from '../conversion-error';
import { batchNormAffine, conv, foldAffine, hwc1ToC1hw, hwioToOihw, imageInput, relu6, Scalars, type Feature } from '../layers';
import { OnnxGraph } from '../onnx-graph';
import type { TfjsWeights } from '../tfjs-weights';

/**
 * face-api's SSD MobileNet v1 face detector (`ssd_mobilenetv1_model`), after
 * face-api/src/ssdMobilenetv1: MobileNet v1 (a 3×3 convolution and 13 depthwise-separable
 * pairs, ReLU6, batch norm folded into the depthwise convolutions), eight extra feature
 * layers, six box predictors over 5118 anchors, and the box decoding of outputLayer.ts.
 * Non-maximum suppression is left to the caller (TypeScript), as face-api does it on the CPU.
 *
 * Input `image` [batch, 512, 512, 3]: RGB 0–255, the picture padded at the bottom/right to a
 * square and resized bilinearly to 512 (face-api `toBatchTensor(512, false)`).
 * Outputs `boxes` [batch, 5118, 4] (ymin, xmin, ymax, xmax relative to that square) and
 * `scores` [batch, 5118] (face probability).
 */

export const SSD_INPUT_SIZE = 512;
export const SSD_ANCHORS = 5118;

/** tfjs batchNorm epsilon in mobileNetV1.ts: 0.001 as a float32. */
const BATCH_NORM_EPSILON = 0.0010000000474974513;

/** Depthwise convolutions that downsample (mobileNetV1.ts getStridesForLayerIdx). */
const STRIDE_2_LAYERS = new Set([2, 4, 6, 12]);

export function buildSsdMobilenetV1(weights: TfjsWeights): OnnxGraph {
  const g = new OnnxGraph();
  const scalars = new Scalars(g);

  // Preprocessing: x / 127.5 - 1, as SsdMobilenetv1.forwardInput.
  let x = imageInput(g, 'image', SSD_INPUT_SIZE, (graph, input) =>
    graph.node('Sub', [graph.node('Div', [input, scalars.float(127.5)], 'input/div'), scalars.float(1)], 'input/sub'),
  );

  /** pointwiseConvLayer.ts: conv2d (same) + bias + ReLU6. */
  const pointwise = (input: Feature, prefix: string, stride: number): Feature => {
    const shape = weights.get(`${prefix}/weights`).shape;
    const [kh, kw, cin, cout] = shape as [number, number, number, number];
    if (kh !== kw || cin !== input.channels) throw new ConversionError('GRAPH_INVALID', `${prefix}: unexpected filter [${shape.join(',')}]`);
    const filters = weights.float(`${prefix}/weights`, shape);
    const bias = weights.float(`${prefix}/convolution_bn_offset`, [cout]);
    const out = conv(g, input, { name: `${prefix}/conv`, weights: hwioToOihw(filters, kh, kw, cin, cout), bias, kernel: kh, outChannels: cout, stride, padding: 'same' });
    return relu6(g, scalars, out, `${prefix}/relu6`);
  };

  /** mobileNetV1.ts depthwiseConvLayer: depthwise conv (same) + batch norm + ReLU6, the norm folded into the filter. */
  const depthwise = (input: Feature, index: number, stride: number): Feature => {
    const prefix = `MobilenetV1/Conv2d_${index}_depthwise`;
    const c = input.channels;
    const filters = hwc1ToC1hw(weights.float(`${prefix}/depthwise_weights`, [3, 3, c, 1]), 3, 3, c);
    const { multiplier, addend } = batchNormAffine(
      weights.float(`${prefix}/BatchNorm/gamma`, [c]),
      weights.float(`${prefix}/BatchNorm/beta`, [c]),
      weights.float(`${prefix}/BatchNorm/moving_mean`, [c]),
      weights.float(`${prefix}/BatchNorm/moving_variance`, [c]),
      BATCH_NORM_EPSILON,
    );
    const folded = foldAffine(filters, null, multiplier, addend);
    const out = conv(g, input, { name: `${prefix}/conv`, weights: folded.weights, bias: folded.bias, kernel: 3, outChannels: c, stride, padding: 'same', depthwise: true });
    return relu6(g, scalars, out, `${prefix}/relu6`);
  };

  x = pointwise(x, 'MobilenetV1/Conv2d_0_pointwise', 2);
  let conv11: Feature | undefined;
  for (let layer = 1; layer <= 13; layer++) {
    x = depthwise(x, layer, STRIDE_2_LAYERS.has(layer) ? 2 : 1);
    x = pointwise(x, `MobilenetV1/Conv2d_${layer}_pointwise`, 1);
    if (layer === 11) conv11 = x;
  }
  if (!conv11) throw new ConversionError('GRAPH_INVALID', 'MobileNet layer 11 missing');

  // predictionLayer.ts: extra feature maps.
  const extra: Feature[] = [];
  let y = x;
  for (let layer = 0; layer < 8; layer++) {
    y = pointwise(y, `Prediction/Conv2d_${layer}_pointwise`, layer % 2 === 1 ? 2 : 1);
    extra.push(y);
  }
  const sources = [conv11, x, extra[1]!, extra[3]!, extra[5]!, extra[7]!];

  // boxPredictionLayer.ts: 1×1 convolutions, reshaped in NHWC order to [batch, cells × anchors, 4 | 3].
  const boxEncodings: string[] = [];
  const classPredictions: string[] = [];
  let anchors = 0;
  sources.forEach((source, index) => {
    const predictor = (kind: 'BoxEncodingPredictor' | 'ClassPredictor', perAnchor: number): string => {
      const prefix = `Prediction/BoxPredictor_${index}/${kind}`;
      const shape = weights.get(`${prefix}/weights`).shape as [number, number, number, number];
      const [, , cin, cout] = shape;
      if (cin !== source.channels || cout % perAnchor !== 0) throw new ConversionError('GRAPH_INVALID', `${prefix}: unexpected filter [${shape.join(',')}]`);
      const out = conv(g, source, { name: `${prefix}/conv`, weights: hwioToOihw(weights.float(`${prefix}/weights`, shape), 1, 1, cin, cout), bias: weights.float(`${prefix}/biases`, [cout]), kernel: 1, outChannels: cout, stride: 1, padding: 'same' });
      const nhwc = g.node('Transpose', [out.name], `${prefix}/nhwc`, { perm: [0, 2, 3, 1] });
      if (kind === 'BoxEncodingPredictor') anchors += (out.height * out.width * cout) / perAnchor;
      return g.node('Reshape', [nhwc, g.int64s(`${prefix}/shape`, [3], [0, -1, perAnchor])], `${prefix}/reshape`);
    };
    boxEncodings.push(predictor('BoxEncodingPredictor', 4));
    classPredictions.push(predictor('ClassPredictor', 3));
  });
  if (anchors !== SSD_ANCHORS) throw new ConversionError('GRAPH_INVALID', `${anchors} anchors predicted, expected ${SSD_ANCHORS}`);
  const encodings = g.node('Concat', boxEncodings, 'Prediction/box_encodings', { axis: 1 });
  const classes = g.node('Concat', classPredictions, 'Prediction/class_predictions', { axis: 1 });

  // outputLayer.ts decodeBoxesLayer. The anchor sizes and centres are constants, computed here
  // with float32 rounding after every operation, exactly as tfjs computes them at run time.
  const anchorBoxes = weights.float('Output/extra_dim', [1, SSD_ANCHORS, 4]);
  const f = Math.fround;
  const column = (fn: (a: number, b: number, c: number, d: number) => number): Float32Array =>
    Float32Array.from({ length: SSD_ANCHORS }, (_, i) => fn(anchorBoxes[i * 4]!, anchorBoxes[i * 4 + 1]!, anchorBoxes[i * 4 + 2]!, anchorBoxes[i * 4 + 3]!));
  const size0 = column((a0, _a1, a2) => f(a2 - a0));
  const size1 = column((_a0, a1, _a2, a3) => f(a3 - a1));
  const centre0 = column((a0, _a1, a2) => f(a0 + f(f(a2 - a0) / 2)));
  const centre1 = column((_a0, a1, _a2, a3) => f(a1 + f(f(a3 - a1) / 2)));
  const anchorConstant = (name: string, values: Float32Array) => g.floats(`Output/anchors/${name}`, [1, SSD_ANCHORS, 1], values);
  const sizes = [anchorConstant('size0', size0), anchorConstant('size1', size1)];
  const centres = [anchorConstant('centre0', centre0), anchorConstant('centre1', centre1)];

  const [e0, e1, e2, e3] = g.nodeWithOutputs('Split', [encodings], 'Output/split', ['Output/e0', 'Output/e1', 'Output/e2', 'Output/e3'], { axis: 2 }) as [string, string, string, string];
  const half = (encoding: string, axis: 0 | 1) =>
    g.node('Div', [g.node('Mul', [g.node('Exp', [g.node('Div', [encoding, scalars.float(5)], `Output/half${axis}/div5`)], `Output/half${axis}/exp`), sizes[axis]!], `Output/half${axis}/mul`), scalars.float(2)], `Output/half${axis}`);
  const centre = (encoding: string, axis: 0 | 1) =>
    g.node('Add', [g.node('Mul', [g.node('Div', [encoding, scalars.float(10)], `Output/centre${axis}/div10`), sizes[axis]!], `Output/centre${axis}/mul`), centres[axis]!], `Output/centre${axis}`);
  const half0 = half(e2, 0);
  const centreY = centre(e0, 0);
  const half1 = half(e3, 1);
  const centreX = centre(e1, 1);
  g.node(
    'Concat',
    [g.node('Sub', [centreY, half0], 'Output/ymin'), g.node('Sub', [centreX, half1], 'Output/xmin'), g.node('Add', [centreY, half0], 'Output/ymax'), g.node('Add', [centreX, half1], 'Output/xmax')],
    'boxes',
    { axis: 2 },
  );

  // scores = sigmoid(class logits[..., 1]); class 0 is the background.
  const faceLogit = g.node('Slice', [classes, g.int64s('Output/face/starts', [1], [1]), g.int64s('Output/face/ends', [1], [2]), g.int64s('Output/face/axes', [1], [2])], 'Output/face/logit');
  const probability = g.node('Sigmoid', [faceLogit], 'Output/face/sigmoid');
  g.node('Reshape', [probability, g.int64s('Output/scores/shape', [2], [0, SSD_ANCHORS])], 'scores');

  g.output('boxes', ['batch', SSD_ANCHORS, 4]);
  g.output('scores', ['batch', SSD_ANCHORS]);
  return g;
}
