import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The original models: face-api 1.7.15's own network code on @tensorflow/tfjs 4.22 with the pure
 * JavaScript CPU backend, loaded from the same weight files the converter reads (decoded by
 * `tf.io.decodeWeights`, not by the converter).
 *
 * face-api ships a CommonJS build for tfjs + the WASM backend (`dist/face-api.node-wasm.js`); it
 * only re-exports the WASM backend, which is not installed, so that one module is resolved to an
 * empty stand-in and the CPU backend is selected.
 */

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const wasmStub = join(here, 'tfjs-backend-wasm-stub.cjs');

type Resolver = (request: string, ...rest: unknown[]) => string;
const moduleInternals = Module as unknown as { _resolveFilename: Resolver };

function requireFaceApi(): any {
  const original = moduleInternals._resolveFilename;
  moduleInternals._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
    return request === '@tensorflow/tfjs-backend-wasm' ? wasmStub : original.call(this, request, ...rest);
  };
  try {
    return require('@vladmandic/face-api/dist/face-api.node-wasm.js');
  } finally {
    moduleInternals._resolveFilename = original;
  }
}

export const faceApiRoot = dirname(require.resolve('@vladmandic/face-api/package.json'));
export const fixtureImages = [1, 2, 3, 4, 5, 6].map((n) => join(faceApiRoot, 'demo', `sample${n}.jpg`));

export interface FaceApiReference {
  readonly faceapi: any;
  readonly tf: any;
  readonly ssd: any;
  readonly tiny: any;
  readonly landmarks: any;
  readonly recognition: any;
}

let loaded: Promise<FaceApiReference> | undefined;

/** tfjs weights as face-api loads them: the manifest's shards concatenated and decoded by tfjs. */
export function decodeWithTfjs(tf: any, model: string): Record<string, any> {
  const groups = JSON.parse(readFileSync(join(faceApiRoot, 'model', `${model}-weights_manifest.json`), 'utf8')) as { paths: string[]; weights: unknown[] }[];
  const map: Record<string, any> = {};
  for (const group of groups) {
    const data = Buffer.concat(group.paths.map((path) => readFileSync(join(faceApiRoot, 'model', path))));
    Object.assign(map, tf.io.decodeWeights(data.buffer.slice(data.byteOffset, data.byteOffset + data.length), group.weights));
  }
  return map;
}

export function loadFaceApiReference(): Promise<FaceApiReference> {
  loaded ??= (async () => {
    const faceapi = requireFaceApi();
    const tf = faceapi.tf;
    await tf.setBackend('cpu');
    await tf.ready();
    const load = (Net: new () => any, model: string) => {
      const net = new Net();
      net.loadFromWeightMap(decodeWithTfjs(tf, model));
      return net;
    };
    return {
      faceapi,
      tf,
      ssd: load(faceapi.SsdMobilenetv1, 'ssd_mobilenetv1_model'),
      tiny: load(faceapi.TinyFaceDetector, 'tiny_face_detector_model'),
      landmarks: load(faceapi.FaceLandmark68Net, 'face_landmark_68_model'),
      recognition: load(faceapi.FaceRecognitionNet, 'face_recognition_model'),
    };
  })();
  return loaded;
}
