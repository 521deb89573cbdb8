import { add, conv, hwc1ToC1hw, hwioToOihw, imageInput, pool, relu, type Feature } from '../layers';
import { OnnxGraph } from '../onnx-graph';
import type { TfjsWeights } from '../tfjs-weights';

/**
 * face-api's 68-point landmark net (`face_landmark_68_model`), after
 * face-api/src/faceLandmarkNet and faceFeatureExtractor: four densely connected blocks of
 * depthwise-separable convolutions (denseBlock4), a 7×7 average pool and a fully connected
 * layer to 136 values.
 *
 * Input `image` [batch, 112, 112, 3]: RGB 0–255, the face crop padded to a centred square and
 * resized bilinearly to 112 (face-api `toBatchTensor(112, true)`).
 * Output `landmarks` [batch, 136]: x0, y0, x1, y1, … relative to that square (0–1); mapping them
 * back to the crop (face-api FaceLandmark68NetBase.postProcess) is left to the caller.
 */

export const LANDMARK_INPUT_SIZE = 112;
export const LANDMARK_POINTS = 68;

/** Mean RGB subtracted before dividing by 255 (FaceFeatureExtractor.forwardInput). */
const MEAN_RGB = [122.782, 117.001, 104.298];

export function buildFaceLandmark68(weights: TfjsWeights): OnnxGraph {
  const g = new OnnxGraph();
  const mean = g.floats('input/mean_rgb', [3], MEAN_RGB);
  const divisor = g.floats('input/255', [], [255]);
  let x = imageInput(g, 'image', LANDMARK_INPUT_SIZE, (graph, input) => graph.node('Div', [graph.node('Sub', [input, mean], 'input/sub_mean'), divisor], 'input/normalised'));

  /** common/depthwiseSeparableConv.ts: separableConv2d (same) + bias. */
  const separable = (input: Feature, prefix: string, stride: number): Feature => {
    const c = input.channels;
    const pointwiseShape = weights.get(`${prefix}/pointwise_filter`).shape as [number, number, number, number];
    const cout = pointwiseShape[3];
    const depthwiseOut = conv(g, input, { name: `${prefix}/depthwise`, weights: hwc1ToC1hw(weights.float(`${prefix}/depthwise_filter`, [3, 3, c, 1]), 3, 3, c), bias: null, kernel: 3, outChannels: c, stride, padding: 'same', depthwise: true });
    return conv(g, depthwiseOut, { name: `${prefix}/pointwise`, weights: hwioToOihw(weights.float(`${prefix}/pointwise_filter`, [1, 1, c, cout]), 1, 1, c, cout), bias: weights.float(`${prefix}/bias`, [cout]), kernel: 1, outChannels: cout, stride: 1, padding: 'same' });
  };

  /** faceFeatureExtractor/denseBlock.ts denseBlock4, downscaling by 2. */
  const denseBlock4 = (input: Feature, prefix: string, isFirstLayer: boolean): Feature => {
    let first: Feature;
    if (isFirstLayer) {
      const shape = weights.get(`${prefix}/conv0/filters`).shape as [number, number, number, number];
      const [kh, kw, cin, cout] = shape;
      first = conv(g, input, { name: `${prefix}/conv0`, weights: hwioToOihw(weights.float(`${prefix}/conv0/filters`, shape), kh, kw, cin, cout), bias: weights.float(`${prefix}/conv0/bias`, [cout]), kernel: kh, outChannels: cout, stride: 2, padding: 'same' });
    } else {
      first = separable(input, `${prefix}/conv0`, 2);
    }
    const out1 = relu(g, first, `${prefix}/out1`);
    const out2 = separable(out1, `${prefix}/conv1`, 1);
    const in3 = relu(g, add(g, out1, out2, `${prefix}/sum12`), `${prefix}/in3`);
    const out3 = separable(in3, `${prefix}/conv2`, 1);
    const in4 = relu(g, add(g, out1, add(g, out2, out3, `${prefix}/sum23`), `${prefix}/sum123`), `${prefix}/in4`);
    const out4 = separable(in4, `${prefix}/conv3`, 1);
    const sum = add(g, out1, add(g, out2, add(g, out3, out4, `${prefix}/sum34`), `${prefix}/sum234`), `${prefix}/sum1234`);
    return relu(g, sum, `${prefix}/out`);
  };

  x = denseBlock4(x, 'dense0', true);
  x = denseBlock4(x, 'dense1', false);
  x = denseBlock4(x, 'dense2', false);
  x = denseBlock4(x, 'dense3', false);
  x = pool(g, 'AveragePool', x, 7, 2, 'valid', 'avgpool');

  // faceProcessor: flatten (1×1 spatial, so NHWC and NCHW orders agree) and fully connected.
  const flat = g.node('Flatten', [x.name], 'flatten', { axis: 1 });
  const fcIn = x.channels * x.height * x.width;
  const fcOut = LANDMARK_POINTS * 2;
  g.node('Gemm', [flat, g.floats('fc/weights', [fcIn, fcOut], weights.float('fc/weights', [fcIn, fcOut])), g.floats('fc/bias', [fcOut], weights.float('fc/bias', [fcOut]))], 'landmarks');
  g.output('landmarks', ['batch', fcOut]);
  return g;
}
