import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConversionError } from './conversion-error';
import { decodeWeightGroups, isWeightGroupList, sha256, type HashedInput, type TfjsWeights } from './tfjs-weights';

/**
 * Reading a TensorFlow.js graph model (`model.json` with `format: "graph-model"`: a TensorFlow
 * GraphDef in the protobuf JSON mapping, a signature, and a weights manifest whose weights are
 * the values of the graph's Const nodes) without TensorFlow.js. Nothing is interpreted here
 * beyond the structure; the ops are translated, or refused, by graph-translator.ts.
 */

/** A node attribute in the protobuf JSON mapping of `tensorflow.AttrValue` (strings are base64). */
export interface AttrValue {
  readonly s?: string;
  readonly i?: string | number;
  readonly f?: number;
  readonly b?: boolean;
  readonly type?: string;
  readonly shape?: { readonly dim?: readonly { readonly size?: string | number }[]; readonly unknownRank?: boolean };
  readonly list?: { readonly s?: readonly string[]; readonly i?: readonly (string | number)[]; readonly f?: readonly number[]; readonly b?: readonly boolean[]; readonly type?: readonly string[] };
  readonly tensor?: unknown;
  readonly func?: unknown;
}

export interface GraphNode {
  readonly name: string;
  readonly op: string;
  /** Inputs as written: `name`, `name:k` (output k) or `^name` (control dependency). */
  readonly input: readonly string[];
  readonly attr: Readonly<Record<string, AttrValue>>;
}

/** A tensor of the model's serving signature. */
export interface SignatureTensor {
  /** The signature's key (the Keras layer name). */
  readonly key: string;
  /** The graph tensor, `node:output`. */
  readonly tensor: string;
  readonly dtype: string;
  /** -1 for an unknown (batch) dimension. */
  readonly shape: readonly number[];
}

export interface TfjsGraphModel {
  /** The model's name (its model.json without the extension), for messages. */
  readonly name: string;
  /** model.json and its weight shards, hashed, paths relative to the source root. */
  readonly inputs: readonly HashedInput[];
  readonly nodes: readonly GraphNode[];
  readonly signature: { readonly inputs: readonly SignatureTensor[]; readonly outputs: readonly SignatureTensor[] };
  /** The values of the Const nodes, by node name. */
  readonly weights: TfjsWeights;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(model: string, message: string): never {
  throw new ConversionError('GRAPH_MODEL_INVALID', `${model}: ${message}`, { model });
}

function parseSignatureTensors(model: string, value: unknown, where: string): SignatureTensor[] {
  if (!isRecord(value)) invalid(model, `signature.${where} is missing`);
  return Object.keys(value)
    .sort()
    .map((key) => {
      const tensor = value[key];
      if (!isRecord(tensor) || typeof tensor['name'] !== 'string' || typeof tensor['dtype'] !== 'string' || !isRecord(tensor['tensorShape']) || !Array.isArray(tensor['tensorShape']['dim'])) {
        invalid(model, `signature.${where}.${key} needs a name, a dtype and a shape`);
      }
      const shape = (tensor['tensorShape']['dim'] as unknown[]).map((dim) => {
        const size = isRecord(dim) ? Number(dim['size']) : NaN;
        if (!Number.isSafeInteger(size) || (size < 1 && size !== -1)) invalid(model, `signature.${where}.${key} has a dimension that is neither positive nor -1`);
        return size;
      });
      return { key, tensor: tensor['name'], dtype: tensor['dtype'], shape };
    });
}

function parseNode(model: string, value: unknown, index: number): GraphNode {
  if (!isRecord(value) || typeof value['name'] !== 'string' || value['name'] === '' || typeof value['op'] !== 'string') invalid(model, `modelTopology.node[${index}] needs a name and an op`);
  const input = value['input'] ?? [];
  if (!Array.isArray(input) || !input.every((name) => typeof name === 'string')) invalid(model, `node ${value['name']}: input must be a list of names`);
  const attr = value['attr'] ?? {};
  if (!isRecord(attr) || !Object.values(attr).every(isRecord)) invalid(model, `node ${value['name']}: attr must map names to values`);
  return { name: value['name'], op: value['op'], input: input as string[], attr: attr as Record<string, AttrValue> };
}

/**
 * Reads `<root>/<name>.json` (a tfjs graph model) and its weight shards, which sit next to it.
 * The paths the manifest records are relative to `root`.
 */
export function readTfjsGraphModel(root: string, name: string): TfjsGraphModel {
  const modelPath = `${name}.json`;
  const bytes = readFileSync(join(root, modelPath));
  const inputs: HashedInput[] = [{ path: modelPath, sha256: sha256(bytes), bytes: bytes.length }];
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (cause) {
    throw new ConversionError('GRAPH_MODEL_INVALID', `${modelPath} is not JSON`, { model: name }, { cause });
  }
  if (!isRecord(json) || json['format'] !== 'graph-model') invalid(name, 'not a tfjs graph model (format must be "graph-model")');
  const topology = json['modelTopology'];
  if (!isRecord(topology) || !Array.isArray(topology['node'])) invalid(name, 'modelTopology.node is missing');
  const library = topology['library'];
  if (library !== undefined && (!isRecord(library) || Object.keys(library).length > 0)) invalid(name, 'graphs with a function library are not supported');
  const nodes = topology['node'].map((node: unknown, i: number) => parseNode(name, node, i));
  const names = new Set<string>();
  for (const node of nodes) {
    if (names.has(node.name)) invalid(name, `node name ${node.name} is used twice`);
    names.add(node.name);
  }
  const signature = json['signature'];
  if (!isRecord(signature)) invalid(name, 'the serving signature is missing');
  if (!isWeightGroupList(json['weightsManifest'])) invalid(name, 'weightsManifest is not a tfjs weights manifest');
  const weights = decodeWeightGroups(json['weightsManifest'], { packageRoot: root, dir: '', model: name, manifestPath: modelPath, inputs });
  return {
    name,
    inputs,
    nodes,
    signature: { inputs: parseSignatureTensors(name, signature['inputs'], 'inputs'), outputs: parseSignatureTensors(name, signature['outputs'], 'outputs') },
    weights,
  };
}
