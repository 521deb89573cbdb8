import { ConversionError } from './conversion-error';
import type { Feature, OnnxGraph } from './onnx-graph';

export type { Feature } from './onnx-graph';

/**
 * The layer vocabulary of the face-api nets, expressed as ONNX nodes on NCHW values. Weights
 * arrive in the tfjs layouts (HWIO for convolutions, HWC1 for depthwise filters) and are
 * reordered here; batch normalisation and the ResNet "scale" layers are folded into the
 * preceding convolution in double precision and rounded once to float32.
 */

export type Padding = 'same' | 'valid';

/** TensorFlow's padding rule: SAME puts the odd pixel at the bottom/right (ONNX SAME_UPPER), VALID pads nothing. */
export function tfPadding(size: number, kernel: number, stride: number, padding: Padding): { out: number; before: number; after: number } {
  if (padding === 'valid') return { out: Math.floor((size - kernel) / stride) + 1, before: 0, after: 0 };
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  const before = Math.floor(total / 2);
  return { out, before, after: total - before };
}

/** tfjs conv2d filter [kh, kw, in, out] → ONNX Conv weight [out, in, kh, kw]. */
export function hwioToOihw(values: Float32Array, kh: number, kw: number, cin: number, cout: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++) out[((o * cin + i) * kh + y) * kw + x] = values[((y * kw + x) * cin + i) * cout + o]!;
  return out;
}

/** tfjs depthwise filter [kh, kw, C, 1] → ONNX grouped Conv weight [C, 1, kh, kw]. */
export function hwc1ToC1hw(values: Float32Array, kh: number, kw: number, channels: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let c = 0; c < channels; c++) out[(c * kh + y) * kw + x] = values[(y * kw + x) * channels + c]!;
  return out;
}

/**
 * Folds a per-output-channel affine `y = x * multiplier + addend` into weights [out, …] and bias.
 * `weights` are in ONNX layout (output channel first). Computed in double, rounded once.
 */
export function foldAffine(weights: Float32Array, bias: ArrayLike<number> | null, multiplier: ArrayLike<number>, addend: ArrayLike<number>): { weights: Float32Array; bias: Float32Array } {
  const channels = multiplier.length;
  const perChannel = weights.length / channels;
  if (!Number.isInteger(perChannel)) throw new ConversionError('GRAPH_INVALID', `cannot fold ${channels} channels into ${weights.length} weights`);
  const folded = new Float32Array(weights.length);
  const foldedBias = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    const m = multiplier[c]!;
    for (let k = 0; k < perChannel; k++) folded[c * perChannel + k] = weights[c * perChannel + k]! * m;
    foldedBias[c] = (bias ? bias[c]! : 0) * m + addend[c]!;
  }
  return { weights: folded, bias: foldedBias };
}

/** Batch normalisation `(x - mean) * gamma / sqrt(var + eps) + beta` as a multiplier and addend. */
export function batchNormAffine(gamma: Float32Array, beta: Float32Array, mean: Float32Array, variance: Float32Array, epsilon: number): { multiplier: Float64Array; addend: Float64Array } {
  const multiplier = new Float64Array(gamma.length);
  const addend = new Float64Array(gamma.length);
  for (let c = 0; c < gamma.length; c++) {
    multiplier[c] = gamma[c]! / Math.sqrt(variance[c]! + epsilon);
    addend[c] = beta[c]! - mean[c]! * multiplier[c]!;
  }
  return { multiplier, addend };
}

export interface ConvSpec {
  readonly name: string;
  /** ONNX layout: [out, in / group, kh, kw]. */
  readonly weights: Float32Array;
  readonly bias: Float32Array | null;
  readonly kernel: number;
  readonly outChannels: number;
  readonly stride: number;
  readonly padding: Padding;
  /** Depthwise: one group per input channel. */
  readonly depthwise?: boolean;
}

export function conv(g: OnnxGraph, x: Feature, spec: ConvSpec): Feature {
  const group = spec.depthwise ? x.channels : 1;
  const expected = spec.outChannels * (x.channels / group) * spec.kernel * spec.kernel;
  if (spec.weights.length !== expected) throw new ConversionError('GRAPH_INVALID', `${spec.name}: ${spec.weights.length} weights, expected ${expected}`);
  if (spec.depthwise && spec.outChannels !== x.channels) throw new ConversionError('GRAPH_INVALID', `${spec.name}: depthwise convolution must keep ${x.channels} channels`);
  const rows = tfPadding(x.height, spec.kernel, spec.stride, spec.padding);
  const cols = tfPadding(x.width, spec.kernel, spec.stride, spec.padding);
  const inputs = [x.name, g.floats(`${spec.name}/W`, [spec.outChannels, x.channels / group, spec.kernel, spec.kernel], spec.weights)];
  if (spec.bias) inputs.push(g.floats(`${spec.name}/B`, [spec.outChannels], spec.bias));
  const name = g.node('Conv', inputs, spec.name, {
    group,
    kernel_shape: [spec.kernel, spec.kernel],
    strides: [spec.stride, spec.stride],
    pads: [rows.before, cols.before, rows.after, cols.after],
    dilations: [1, 1],
  });
  return { name, channels: spec.outChannels, height: rows.out, width: cols.out };
}

export function relu(g: OnnxGraph, x: Feature, name: string): Feature {
  return { ...x, name: g.node('Relu', [x.name], name) };
}

/** Shared scalar constants, created on first use. */
export class Scalars {
  private readonly made = new Map<number, string>();
  constructor(private readonly g: OnnxGraph) {}

  float(value: number): string {
    let name = this.made.get(value);
    if (!name) {
      name = this.g.floats(`const/${String(value).replace('.', '_')}`, [], [value]);
      this.made.set(value, name);
    }
    return name;
  }
}

/** ReLU6, as tfjs `clipByValue(x, 0, 6)`. */
export function relu6(g: OnnxGraph, scalars: Scalars, x: Feature, name: string): Feature {
  return { ...x, name: g.node('Clip', [x.name, scalars.float(0), scalars.float(6)], name) };
}

export function add(g: OnnxGraph, a: Feature, b: Feature, name: string): Feature {
  if (a.channels !== b.channels || a.height !== b.height || a.width !== b.width) {
    throw new ConversionError('GRAPH_INVALID', `${name}: adding ${a.channels}x${a.height}x${a.width} to ${b.channels}x${b.height}x${b.width}`);
  }
  return { ...a, name: g.node('Add', [a.name, b.name], name) };
}

export function pool(g: OnnxGraph, op: 'MaxPool' | 'AveragePool', x: Feature, kernel: number, stride: number, padding: Padding, name: string): Feature {
  const rows = tfPadding(x.height, kernel, stride, padding);
  const cols = tfPadding(x.width, kernel, stride, padding);
  const attributes: Record<string, number | number[]> = { kernel_shape: [kernel, kernel], strides: [stride, stride], pads: [rows.before, cols.before, rows.after, cols.after] };
  // TensorFlow averages over the window inside the image only; so does ONNX without count_include_pad.
  if (op === 'AveragePool') attributes['count_include_pad'] = 0;
  return { name: g.node(op, [x.name], name, attributes), channels: x.channels, height: rows.out, width: cols.out };
}

/** Zero padding of an NCHW value: extra channels, rows at the bottom and columns at the right. */
export function zeroPad(g: OnnxGraph, x: Feature, extra: { channels?: number; bottom?: number; right?: number }, name: string): Feature {
  const channels = extra.channels ?? 0;
  const bottom = extra.bottom ?? 0;
  const right = extra.right ?? 0;
  if (channels === 0 && bottom === 0 && right === 0) return x;
  const pads = g.int64s(`${name}/pads`, [8], [0, 0, 0, 0, 0, channels, bottom, right]);
  return { name: g.node('Pad', [x.name, pads], name, { mode: 'constant' }), channels: x.channels + channels, height: x.height + bottom, width: x.width + right };
}

/**
 * The NHWC float image input (RGB, 0–255) transposed to NCHW after a normalisation done in NHWC.
 * `size` is what shapes are tracked with; `declaredSize` may be symbolic when the graph holds for other sizes too.
 */
export function imageInput(
  g: OnnxGraph,
  name: string,
  size: number,
  normalise: (g: OnnxGraph, x: string) => string,
  declaredSize: number | string = size,
): Feature {
  const input = g.input(name, ['batch', declaredSize, declaredSize, 3]);
  const normalised = normalise(g, input);
  return { name: g.node('Transpose', [normalised], 'input/nchw', { perm: [0, 3, 1, 2] }), channels: 3, height: size, width: size };
}
