import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultBuildOptions } from '@citizen-zero/face-model-converter';

/**
 * human's PAD models as human loads them: `tf.loadGraphModel` on the vendored model.json and
 * its shards (through a file IO handler: tfjs-node is not installed), run by @tensorflow/tfjs
 * 4.22 on the pure JavaScript CPU backend (the `tf` of support/face-api-reference.ts).
 */
export const humanModelsRoot = defaultBuildOptions(resolve(import.meta.dirname, '../../../..')).humanModelsRoot;

interface GraphModelJson {
  format: string;
  generatedBy: string;
  convertedBy: string;
  modelTopology: unknown;
  signature: unknown;
  weightsManifest: { paths: string[]; weights: unknown[] }[];
}

/** A tfjs IOHandler reading `<dir>/<name>.json` and the shards it names. */
export function fileGraphModelHandler(dir: string, name: string): { load: () => Promise<Record<string, unknown>> } {
  return {
    load: async () => {
      const json = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as GraphModelJson;
      const data = Buffer.concat(json.weightsManifest.flatMap((group) => group.paths.map((path) => readFileSync(join(dir, path)))));
      return {
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        modelTopology: json.modelTopology,
        signature: json.signature,
        weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
        weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.length),
      };
    },
  };
}

export function loadHumanGraphModel(tf: any, name: 'antispoof' | 'liveness'): Promise<any> {
  return tf.loadGraphModel(fileGraphModelHandler(humanModelsRoot, name));
}

/** The weights of a graph model as tfjs decodes them (`tf.io.decodeWeights`), by name. */
export function decodeGraphWeightsWithTfjs(tf: any, name: string): Record<string, any> {
  const json = JSON.parse(readFileSync(join(humanModelsRoot, `${name}.json`), 'utf8')) as GraphModelJson;
  const map: Record<string, any> = {};
  for (const group of json.weightsManifest) {
    const data = Buffer.concat(group.paths.map((path) => readFileSync(join(humanModelsRoot, path))));
    Object.assign(map, tf.io.decodeWeights(data.buffer.slice(data.byteOffset, data.byteOffset + data.length), group.weights));
  }
  return map;
}
