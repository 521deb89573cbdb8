import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_DEFINITIONS, readTfjsGraphModel, translateGraphModel, type AttrValue, type GraphNode, type HumanModelDefinition, type TfjsGraphModel } from '@citizen-zero/face-model-converter';
import { loadFaceApiReference } from './support/face-api-reference';
import { fileGraphModelHandler, humanModelsRoot } from './support/human-models-reference';
import { maxAbsDiff } from './support/models';

/**
 * The GraphDef → ONNX translator (tools/face-model-converter/src/graph-translator.ts): what it
 * refuses, on edited copies of the human-models graphs, and the op semantics the two PAD nets
 * do not exercise (stride-2 SAME convolution and pooling on odd sizes, dilation, EXPLICIT
 * padding, a non-square kernel, transpose_b, constants on either side), on small synthetic
 * graphs run by tfjs (loadGraphModel, CPU backend) and by onnxruntime.
 */

const b64 = (text: string) => Buffer.from(text).toString('base64');
const attr = {
  type: (type: string): AttrValue => ({ type }),
  s: (value: string): AttrValue => ({ s: b64(value) }),
  i: (value: number): AttrValue => ({ i: String(value) }),
  b: (value: boolean): AttrValue => ({ b: value }),
  f: (value: number): AttrValue => ({ f: value }),
  ints: (values: readonly number[]): AttrValue => ({ list: values.length > 0 ? { i: values.map(String) } : {} }),
  strings: (values: readonly string[]): AttrValue => ({ list: { s: values.map(b64) } }),
};

function definition(id: string): HumanModelDefinition {
  const found = MODEL_DEFINITIONS.find((model) => model.id === id);
  if (found?.source !== 'human-models') throw new Error(`${id} is not a human-models definition`);
  return found;
}

/** `model` with `edit` applied to the node named `name`. */
function editNode(model: TfjsGraphModel, name: string, edit: (node: GraphNode) => GraphNode): TfjsGraphModel {
  expect(model.nodes.some((node) => node.name === name), name).toBe(true);
  return { ...model, nodes: model.nodes.map((node) => (node.name === name ? edit(node) : node)) };
}

const withAttr = (key: string, value: AttrValue) => (node: GraphNode): GraphNode => ({ ...node, attr: { ...node.attr, [key]: value } });

describe('GraphDef → ONNX translator: refusals', () => {
  const antispoof = readTfjsGraphModel(humanModelsRoot, 'antispoof');
  const liveness = readTfjsGraphModel(humanModelsRoot, 'liveness');
  const buildAntispoof = definition('human/antispoof').build;
  const buildLiveness = definition('human/liveness').build;
  const conv = 'StatefulPartitionedCall/sequential/conv2d_1/BiasAdd';
  const pool = 'StatefulPartitionedCall/sequential/max_pooling2d/MaxPool';
  const dense = 'StatefulPartitionedCall/sequential/activation_3/Relu';
  const reshape = 'StatefulPartitionedCall/sequential/flatten/Reshape';
  const refused = (model: TfjsGraphModel, message: string, build = buildAntispoof) => expect(() => build(model)).toThrow(expect.objectContaining({ code: 'GRAPH_UNSUPPORTED', message: expect.stringContaining(message) }));

  it('translates the unedited graphs', () => {
    expect(() => buildAntispoof(antispoof)).not.toThrow();
    expect(() => buildLiveness(liveness)).not.toThrow();
  });

  it('refuses an op it does not implement', () => {
    refused(editNode(antispoof, 'StatefulPartitionedCall/sequential/activation_4/Sigmoid', (node) => ({ ...node, op: 'Tanh' })), 'op Tanh');
    refused(editNode(liveness, 'StatefulPartitionedCall/sequential_1/activation_6/Softmax', (node) => ({ ...node, op: 'LogSoftmax' })), 'op LogSoftmax', buildLiveness);
  });

  it('refuses attribute values it does not implement', () => {
    refused(editNode(antispoof, conv, withAttr('data_format', attr.s('NCHW'))), 'data_format NCHW');
    refused(editNode(antispoof, conv, withAttr('padding', attr.s('EXPLICIT'))), 'explicit_paddings []');
    refused(editNode(antispoof, conv, withAttr('padding', attr.s('REFLECT'))), 'padding REFLECT');
    refused(editNode(antispoof, conv, withAttr('explicit_paddings', attr.ints([0, 0, 1, 1, 1, 1, 0, 0]))), 'explicit_paddings with padding VALID');
    refused(editNode(antispoof, conv, withAttr('fused_ops', attr.strings(['BiasAdd', 'Relu6']))), 'fused_ops [BiasAdd, Relu6]');
    refused(editNode(antispoof, conv, withAttr('fused_ops', attr.strings(['FusedBatchNorm']))), 'fused_ops [FusedBatchNorm]');
    refused(editNode(antispoof, conv, withAttr('strides', attr.ints([2, 1, 1, 1]))), 'strides [2,1,1,1]');
    refused(editNode(antispoof, conv, withAttr('T', attr.type('DT_HALF'))), 'T = DT_HALF');
    refused(editNode(antispoof, pool, withAttr('ksize', attr.ints([1, 2, 2, 2]))), 'ksize [1,2,2,2]');
    refused(editNode(antispoof, pool, withAttr('padding', attr.s('EXPLICIT'))), 'padding EXPLICIT');
    refused(editNode(antispoof, dense, withAttr('transpose_a', attr.b(true))), 'transpose_a true');
    refused(editNode(antispoof, dense, withAttr('num_args', attr.i(2))), 'num_args 2');
  });

  it('refuses unknown attributes, other outputs, control inputs, other reshapes and unused nodes', () => {
    refused(editNode(antispoof, conv, withAttr('leakyrelu_alpha', attr.f(0.2))), 'attribute leakyrelu_alpha');
    refused(editNode(antispoof, pool, (node) => ({ ...node, input: [`${node.input[0]}:1`] })), '(output 1)');
    refused(editNode(antispoof, pool, (node) => ({ ...node, input: [`^${node.input[0]}`] })), 'control dependency');
    const target = 'StatefulPartitionedCall/sequential/flatten/Const';
    const weights = antispoof.weights;
    const retargeted: TfjsGraphModel = { ...antispoof, weights: { ...weights, get: (name) => (name === target ? { ...weights.get(name), values: Int32Array.from([1, -1]) } : weights.get(name)) } };
    refused(retargeted, 'target shape [1,-1]');
    refused({ ...antispoof, nodes: [...antispoof.nodes, { name: 'extra', op: 'Identity', input: [reshape], attr: { T: attr.type('DT_FLOAT') } }] }, 'nodes that do not contribute to the output are not supported: extra');
  });
});

/** A tfjs graph model written node by node, float32 weights in one shard. */
class SyntheticGraph {
  readonly nodes: GraphNode[] = [];
  private readonly weights: { name: string; shape: number[]; dtype: 'float32' | 'int32' }[] = [];
  private readonly shards: Buffer[] = [];
  private seed = 7;

  constructor(
    private readonly inputShape: readonly [number, number, number],
  ) {
    this.nodes.push({ name: 'input', op: 'Placeholder', input: [], attr: { dtype: attr.type('DT_FLOAT'), shape: { shape: { dim: [-1, ...inputShape].map((size) => ({ size: String(size) })) } } } });
  }

  private random(): number {
    this.seed = (this.seed * 1103515245 + 12345) % 2147483648;
    return this.seed / 2147483648 - 0.5;
  }

  /** A Const node with `values` (random in [-0.5, 0.5) when omitted). */
  constant(name: string, shape: number[], values?: readonly number[], dtype: 'float32' | 'int32' = 'float32'): string {
    const size = shape.reduce((product, dim) => product * dim, 1);
    const filled = values ?? Array.from({ length: size }, () => this.random());
    const data = Buffer.from(dtype === 'int32' ? Int32Array.from(filled).buffer : Float32Array.from(filled).buffer);
    this.shards.push(data);
    this.weights.push({ name, shape, dtype });
    const type = dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT';
    this.nodes.push({ name, op: 'Const', input: [], attr: { dtype: attr.type(type), value: { tensor: { dtype: type, tensorShape: { dim: shape.map((size) => ({ size: String(size) })) } } } } });
    return name;
  }

  op(name: string, op: string, input: string[], attributes: Record<string, AttrValue> = {}): string {
    this.nodes.push({ name, op, input, attr: { T: attr.type('DT_FLOAT'), ...attributes } });
    return name;
  }

  conv(name: string, x: string, filter: [number, number, number, number], options: { strides?: number; dilations?: number; padding: 'SAME' | 'VALID' | 'EXPLICIT'; explicit?: number[]; relu?: boolean }): string {
    const w = this.constant(`${name}/filter`, filter);
    const bias = this.constant(`${name}/bias`, [filter[3]]);
    return this.op(name, '_FusedConv2D', [x, w, bias], {
      data_format: attr.s('NHWC'),
      strides: attr.ints([1, options.strides ?? 1, options.strides ?? 1, 1]),
      dilations: attr.ints([1, options.dilations ?? 1, options.dilations ?? 1, 1]),
      padding: attr.s(options.padding),
      explicit_paddings: attr.ints(options.explicit ?? []),
      use_cudnn_on_gpu: attr.b(true),
      fused_ops: attr.strings(options.relu ? ['BiasAdd', 'Relu'] : ['BiasAdd']),
      num_args: attr.i(1),
      epsilon: attr.f(0),
    });
  }

  maxPool(name: string, x: string, size: number, stride: number, padding: 'SAME' | 'VALID'): string {
    return this.op(name, 'MaxPool', [x], { data_format: attr.s('NHWC'), ksize: attr.ints([1, size, size, 1]), strides: attr.ints([1, stride, stride, 1]), padding: attr.s(padding), explicit_paddings: attr.ints([]) });
  }

  dense(name: string, x: string, inputs: number, outputs: number, options: { transposeB?: boolean; relu?: boolean }): string {
    const w = this.constant(`${name}/weights`, options.transposeB ? [outputs, inputs] : [inputs, outputs]);
    const bias = this.constant(`${name}/bias`, [outputs]);
    return this.op(name, '_FusedMatMul', [x, w, bias], {
      transpose_a: attr.b(false),
      transpose_b: attr.b(options.transposeB ?? false),
      fused_ops: attr.strings(options.relu ? ['BiasAdd', 'Relu'] : ['BiasAdd']),
      num_args: attr.i(1),
      epsilon: attr.f(0),
    });
  }

  /** Writes `<dir>/<name>.json` and `<name>.bin` with `output` (a [batch, n] value) as the signature output. */
  write(dir: string, name: string, output: string, columns: number): void {
    const identity = this.op('Identity', 'Identity', [output]);
    writeFileSync(join(dir, `${name}.bin`), Buffer.concat(this.shards));
    const tensor = (tensorName: string, shape: number[]) => ({ name: tensorName, dtype: 'DT_FLOAT', tensorShape: { dim: shape.map((size) => ({ size: String(size) })) } });
    writeFileSync(
      join(dir, `${name}.json`),
      JSON.stringify({
        format: 'graph-model',
        generatedBy: 'test',
        convertedBy: 'test',
        modelTopology: { node: this.nodes, library: {}, versions: {} },
        signature: { inputs: { input: tensor('input:0', [-1, ...this.inputShape]) }, outputs: { output: tensor(`${identity}:0`, [-1, columns]) } },
        weightsManifest: [{ paths: [`${name}.bin`], weights: this.weights }],
      }),
    );
  }
}

describe('GraphDef → ONNX translator: op semantics against tfjs', () => {
  let scratch: string;
  let tf: any;
  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'graph-translator-'));
    tf = (await loadFaceApiReference()).tf;
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** Runs the graph `name` in `scratch` on tfjs and on onnxruntime (translated), on a deterministic batch of 2. */
  async function compare(name: string, shape: readonly [number, number, number]): Promise<number> {
    const model = readTfjsGraphModel(scratch, name);
    const bytes = translateGraphModel(model, { input: 'image', output: 'out' }).encode({ graphName: name, docString: '', producerVersion: 'test', modelVersion: 1, properties: {} });
    const data = Float32Array.from({ length: 2 * shape[0] * shape[1] * shape[2] }, (_, i) => Math.sin(i * 0.37) * 3);
    const session = await ort.InferenceSession.create(bytes);
    const ours = (await session.run({ image: new ort.Tensor('float32', data, [2, ...shape]) }))['out']!.data as Float32Array;
    await session.release();
    const graphModel = await tf.loadGraphModel(fileGraphModelHandler(scratch, name));
    const input = tf.tensor4d(data, [2, ...shape]);
    const output = graphModel.execute(input);
    const theirs = output.dataSync() as Float32Array;
    tf.dispose([input, output]);
    expect(ours.length).toBe(theirs.length);
    return maxAbsDiff(ours, theirs);
  }

  it('stride-2 SAME convolution and pooling with the odd padding pixel at the bottom/right, scalar Mul, channel Add, flatten, transpose_b, softmax', async () => {
    const graph = new SyntheticGraph([10, 10, 3]);
    let x = graph.conv('conv', 'input', [3, 3, 3, 4], { strides: 2, padding: 'SAME', relu: true }); // 5×5×4, padded 0 top/left, 1 bottom/right
    x = graph.maxPool('pool', x, 2, 2, 'SAME'); // 3×3×4, padded 0 top/left, 1 bottom/right
    x = graph.op('scale', 'Mul', [x, graph.constant('half', [], [0.5])]);
    x = graph.op('shift', 'Add', [x, graph.constant('offsets', [4])]);
    x = graph.op('flatten', 'Reshape', [x, graph.constant('flatten/shape', [2], [-1, 36], 'int32')], { Tshape: attr.type('DT_INT32') });
    x = graph.dense('dense', x, 36, 5, { transposeB: true });
    x = graph.op('softmax', 'Softmax', [x]);
    graph.write(scratch, 'stride-same', x, 5);
    expect(await compare('stride-same', [10, 10, 3])).toBeLessThanOrEqual(1e-6);
  });

  it('dilated SAME convolution, EXPLICIT padding with a non-square kernel, VALID pooling, constant first, sigmoid', async () => {
    const graph = new SyntheticGraph([10, 10, 2]);
    let x = graph.conv('dilated', 'input', [3, 3, 2, 3], { dilations: 2, padding: 'SAME' }); // 10×10×3
    x = graph.conv('explicit', x, [2, 3, 3, 3], { padding: 'EXPLICIT', explicit: [0, 0, 1, 2, 2, 0, 0, 0], relu: true }); // 12×10×3
    x = graph.maxPool('pool', x, 2, 2, 'VALID'); // 6×5×3
    x = graph.op('shift', 'AddV2', [graph.constant('offsets', [3]), x]);
    x = graph.op('scale', 'Mul', [graph.constant('scales', [3]), x]);
    x = graph.op('flatten', 'Reshape', [x, graph.constant('flatten/shape', [2], [-1, 90], 'int32')], { Tshape: attr.type('DT_INT32') });
    x = graph.dense('dense', x, 90, 2, { relu: true });
    x = graph.op('sigmoid', 'Sigmoid', [x]);
    graph.write(scratch, 'dilated-explicit', x, 2);
    expect(await compare('dilated-explicit', [10, 10, 2])).toBeLessThanOrEqual(1e-6);
  });
});
