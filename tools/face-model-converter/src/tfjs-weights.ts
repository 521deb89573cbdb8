import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConversionError } from './conversion-error';

/**
 * Reading TensorFlow.js weights (the `*-weights_manifest.json` plus its `.bin` shards, or the
 * `weightsManifest` of a graph model's model.json) without TensorFlow.js. The decoding follows
 * tfjs-core 4.22 `io.decodeWeights` value for value: a uint8/uint16-quantized float is
 * `q * scale + min` computed in double and stored as float32, a quantized int32 is
 * `Math.round(q * scale + min)`, a float16-quantized float is the half-precision value, which
 * float32 holds exactly. The parity tests check this against `tf.io.decodeWeights` bit for bit.
 */

type Quantization = { dtype: 'uint8' | 'uint16'; scale: number; min: number } | { dtype: 'float16' };

/** One weight as the tfjs manifest describes it. */
interface TfjsWeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  quantization?: Quantization;
}

export interface TfjsWeightGroup {
  paths: string[];
  weights: TfjsWeightSpec[];
}

/** A decoded weight: row-major values in the tfjs (HWIO for convolutions) layout. */
export interface Weight {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'int32';
  readonly values: Float32Array | Int32Array;
}

/** A file the conversion read, with its SHA-256, for the model manifest. */
export interface HashedInput {
  /** Path relative to the source package root, with forward slashes. */
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

export interface TfjsWeights {
  readonly inputs: readonly HashedInput[];
  get(name: string): Weight;
  /** The same weight, checked to be float32 with the expected shape. */
  float(name: string, shape: readonly number[]): Float32Array;
  readonly names: readonly string[];
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const BYTES_PER_ELEMENT = { uint8: 1, uint16: 2, float16: 2, float32: 4, int32: 4 } as const;

export function isWeightGroupList(value: unknown): value is TfjsWeightGroup[] {
  return (
    Array.isArray(value) &&
    value.every(
      (group) =>
        typeof group === 'object' &&
        group !== null &&
        Array.isArray((group as TfjsWeightGroup).paths) &&
        Array.isArray((group as TfjsWeightGroup).weights) &&
        (group as TfjsWeightGroup).paths.every((path) => typeof path === 'string' && !path.includes('/') && !path.includes('\\')),
    )
  );
}

/**
 * Reads `<packageRoot>/<modelDir>/<model>-weights_manifest.json` and its shards.
 * `modelDir` is relative to the package root (e.g. `model`) and is what the manifest records.
 */
export function readTfjsWeights(packageRoot: string, modelDir: string, model: string): TfjsWeights {
  const manifestPath = `${modelDir}/${model}-weights_manifest.json`;
  const manifestBytes = readFileSync(join(packageRoot, manifestPath));
  const inputs: HashedInput[] = [{ path: manifestPath, sha256: sha256(manifestBytes), bytes: manifestBytes.length }];
  let groups: unknown;
  try {
    groups = JSON.parse(manifestBytes.toString('utf8'));
  } catch (cause) {
    throw new ConversionError('WEIGHTS_MANIFEST_INVALID', `${manifestPath} is not JSON`, { model }, { cause });
  }
  if (!isWeightGroupList(groups)) throw new ConversionError('WEIGHTS_MANIFEST_INVALID', `${manifestPath} is not a tfjs weights manifest`, { model });
  return decodeWeightGroups(groups, { packageRoot, dir: modelDir, model, manifestPath, inputs });
}

/**
 * Decodes the weights of `groups`, reading each shard from `<packageRoot>/<dir>/` and appending
 * it, hashed, to `inputs` (which already holds the manifest the groups came from).
 */
export function decodeWeightGroups(
  groups: readonly TfjsWeightGroup[],
  source: { readonly packageRoot: string; readonly dir: string; readonly model: string; readonly manifestPath: string; readonly inputs: HashedInput[] },
): TfjsWeights {
  const { packageRoot, dir, model, manifestPath, inputs } = source;
  const weights = new Map<string, Weight>();
  for (const group of groups) {
    const shards = group.paths.map((shard) => {
      const path = dir === '' ? shard : `${dir}/${shard}`;
      const bytes = readFileSync(join(packageRoot, path));
      inputs.push({ path, sha256: sha256(bytes), bytes: bytes.length });
      return bytes;
    });
    const data = Buffer.concat(shards);
    let offset = 0;
    for (const spec of group.weights) {
      if (weights.has(spec.name)) throw new ConversionError('WEIGHTS_MANIFEST_INVALID', `${spec.name} is described twice`, { model });
      const size = spec.shape.reduce((product, dim) => product * dim, 1);
      const storage = spec.quantization?.dtype ?? spec.dtype;
      if (!(storage in BYTES_PER_ELEMENT) || (spec.dtype !== 'float32' && spec.dtype !== 'int32') || (storage === 'float16' && spec.dtype !== 'float32')) {
        throw new ConversionError('WEIGHTS_UNSUPPORTED', `${spec.name}: ${spec.dtype} stored as ${storage} is not supported`, { model });
      }
      const q = spec.quantization;
      if (q && q.dtype !== 'float16' && (typeof q.scale !== 'number' || typeof q.min !== 'number')) {
        throw new ConversionError('WEIGHTS_UNSUPPORTED', `${spec.name}: ${q.dtype} quantization without a numeric scale and min`, { model });
      }
      const byteLength = size * BYTES_PER_ELEMENT[storage];
      if (offset + byteLength > data.length) throw new ConversionError('WEIGHTS_TRUNCATED', `${spec.name} runs past the end of the weight shards`, { model });
      const view = new DataView(data.buffer, data.byteOffset + offset, byteLength);
      offset += byteLength;
      weights.set(spec.name, { name: spec.name, shape: spec.shape, dtype: spec.dtype, values: decode(spec, view, size, model) });
    }
    if (offset !== data.length) throw new ConversionError('WEIGHTS_TRUNCATED', `${data.length - offset} bytes of the weight shards are not described by the manifest`, { model });
  }

  return {
    inputs,
    names: [...weights.keys()],
    get(name) {
      const weight = weights.get(name);
      if (!weight) throw new ConversionError('WEIGHTS_MISSING', `weight ${name} is not in ${manifestPath}`, { model });
      return weight;
    },
    float(name, shape) {
      const weight = this.get(name);
      if (weight.dtype !== 'float32' || weight.shape.length !== shape.length || weight.shape.some((dim, i) => dim !== shape[i])) {
        throw new ConversionError('WEIGHTS_UNEXPECTED_SHAPE', `${name} is ${weight.dtype} [${weight.shape.join(',')}], expected float32 [${shape.join(',')}]`, { model });
      }
      return weight.values as Float32Array;
    },
  };
}

/**
 * An IEEE 754 half-precision value (exactly representable in float32). tfjs decodes the
 * infinities and NaNs of float16 as large finite numbers; no weight should hold one, so they are refused.
 */
function float16(bits: number, name: string, model: string): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0x1f) throw new ConversionError('WEIGHTS_UNSUPPORTED', `${name} holds a float16 infinity or NaN`, { model });
  return sign * (exponent === 0 ? mantissa * 2 ** -24 : (1024 + mantissa) * 2 ** (exponent - 25));
}

function decode(spec: TfjsWeightSpec, view: DataView, size: number, model: string): Float32Array | Int32Array {
  const out = spec.dtype === 'float32' ? new Float32Array(size) : new Int32Array(size);
  const q = spec.quantization;
  if (q?.dtype === 'float16') {
    for (let i = 0; i < size; i++) out[i] = float16(view.getUint16(i * 2, true), spec.name, model);
  } else if (q) {
    const read = q.dtype === 'uint8' ? (i: number) => view.getUint8(i) : (i: number) => view.getUint16(i * 2, true);
    for (let i = 0; i < size; i++) {
      const value = read(i) * q.scale + q.min;
      out[i] = spec.dtype === 'float32' ? value : Math.round(value);
    }
  } else {
    for (let i = 0; i < size; i++) out[i] = spec.dtype === 'float32' ? view.getFloat32(i * 4, true) : view.getInt32(i * 4, true);
  }
  return out;
}
