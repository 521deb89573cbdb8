import { ConversionError } from './conversion-error';
import { hwioToOihw, tfPadding } from './layers';
import { OnnxGraph, type Feature } from './onnx-graph';
import type { AttrValue, GraphNode, TfjsGraphModel } from './tfjs-graph';
import type { Weight } from './tfjs-weights';

/**
 * A small, strict translator from a tfjs graph model (a TensorFlow GraphDef) to ONNX, for
 * exactly the ops the human-models PAD nets use: Placeholder, Const, _FusedConv2D, MaxPool,
 * Relu, Sigmoid, Softmax, Mul, Add, AddV2, Reshape, _FusedMatMul, Identity. Every attribute a
 * node carries is read and checked; an op, an attribute or an attribute value it does not
 * implement is refused with GRAPH_UNSUPPORTED rather than approximated.
 *
 * Semantics follow TensorFlow's kernels (and tfjs-converter 4.22's, which implement them):
 * - the image input is NHWC, as in TensorFlow; the ONNX graph transposes it to NCHW once, after
 *   the optional preprocessing, and every 4-D value stays NCHW until a Reshape, which
 *   transposes back to NHWC first so the flattening order is TensorFlow's;
 * - SAME padding puts the odd pixel at the bottom/right (layers.ts `tfPadding`, with the
 *   dilated kernel extent), EXPLICIT padding reads `explicit_paddings`;
 * - `_FusedConv2D` / `_FusedMatMul` are the convolution / matrix product followed by their
 *   `fused_ops` (BiasAdd, then optionally Relu);
 * - a Mul/Add/AddV2 with a constant broadcasts it along the last (channel) axis.
 *
 * The ONNX graph is built in a depth-first walk from the signature's output, inputs in order,
 * so node and initializer order are a function of the GraphDef alone. Every GraphDef node must
 * contribute to the output.
 */

export interface GraphTranslation {
  /** ONNX name of the image input: NHWC float32 with a symbolic batch, its size from the Placeholder. */
  readonly input: string;
  /** Nodes applied to the NHWC input before the graph's own (e.g. the scaling its user applied outside the model). */
  readonly preprocess?: (g: OnnxGraph, input: string) => string;
  /** ONNX name of the output (the signature's only output). */
  readonly output: string;
}

/** A 4-D value: NHWC in TensorFlow, NCHW in the ONNX graph. */
interface ImageValue extends Feature {
  readonly rank: 4;
}

/** A 2-D value [batch, columns], the same in both. */
interface MatrixValue {
  readonly rank: 2;
  readonly name: string;
  readonly columns: number;
}

type Value = ImageValue | MatrixValue;

const FLOAT = 'DT_FLOAT';
const INT32 = 'DT_INT32';

/** Attributes of each op that are read (anything else on a node is refused). */
const KNOWN_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  Placeholder: ['dtype', 'shape'],
  Const: ['dtype', 'value'],
  _FusedConv2D: ['T', 'data_format', 'strides', 'dilations', 'padding', 'explicit_paddings', 'use_cudnn_on_gpu', 'fused_ops', 'num_args', 'epsilon'],
  MaxPool: ['T', 'data_format', 'ksize', 'strides', 'padding', 'explicit_paddings'],
  Relu: ['T'],
  Sigmoid: ['T'],
  Softmax: ['T'],
  Mul: ['T'],
  Add: ['T'],
  AddV2: ['T'],
  Reshape: ['T', 'Tshape'],
  _FusedMatMul: ['T', 'transpose_a', 'transpose_b', 'fused_ops', 'num_args', 'epsilon'],
  Identity: ['T'],
};

/** The fused ops `_FusedConv2D` and `_FusedMatMul` may carry. */
const FUSED_OPS: readonly (readonly string[])[] = [['BiasAdd'], ['BiasAdd', 'Relu']];

function decodeString(value: string): string {
  return Buffer.from(value, 'base64').toString('utf8');
}

/** Typed, checked access to one node's attributes. */
class Attributes {
  constructor(
    private readonly model: string,
    private readonly node: GraphNode,
  ) {
    const known = KNOWN_ATTRIBUTES[node.op] ?? [];
    for (const key of Object.keys(node.attr).sort()) {
      if (!known.includes(key)) this.unsupported(`attribute ${key}`);
    }
  }

  unsupported(what: string): never {
    throw new ConversionError('GRAPH_UNSUPPORTED', `${this.model}: ${this.node.op} node ${this.node.name}: ${what} is not supported`, { model: this.model, node: this.node.name, op: this.node.op });
  }

  private get(name: string): AttrValue | undefined {
    return this.node.attr[name];
  }

  private required(name: string): AttrValue {
    const value = this.get(name);
    if (value === undefined) this.unsupported(`a missing ${name}`);
    return value;
  }

  type(name: string): string {
    const value = this.required(name).type;
    if (typeof value !== 'string') this.unsupported(`${name} without a type`);
    return value;
  }

  /** Checks a type attribute (required: these graphs always carry their types). */
  expectType(name: string, expected: string): void {
    const actual = this.type(name);
    if (actual !== expected) this.unsupported(`${name} = ${actual} (expected ${expected})`);
  }

  string(name: string, fallback?: string): string {
    const value = this.get(name);
    if (value === undefined && fallback !== undefined) return fallback;
    const s = this.required(name).s;
    if (typeof s !== 'string') this.unsupported(`${name} that is not a string`);
    return decodeString(s);
  }

  int(name: string): number {
    const i = Number(this.required(name).i);
    if (!Number.isSafeInteger(i)) this.unsupported(`${name} that is not an integer`);
    return i;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.get(name);
    if (value === undefined) return fallback;
    if (typeof value.b !== 'boolean') this.unsupported(`${name} that is not a boolean`);
    return value.b;
  }

  float(name: string): number | undefined {
    const value = this.get(name);
    if (value === undefined) return undefined;
    if (typeof value.f !== 'number') this.unsupported(`${name} that is not a float`);
    return value.f;
  }

  ints(name: string, fallback?: readonly number[]): number[] {
    const value = this.get(name);
    if (value === undefined && fallback !== undefined) return [...fallback];
    const list = this.required(name).list;
    if (list === undefined) this.unsupported(`${name} that is not a list`);
    const ints = (list.i ?? []).map(Number);
    if (!ints.every(Number.isSafeInteger)) this.unsupported(`${name} with non-integer entries`);
    return ints;
  }

  /**
   * A Const's `value`: tfjs keeps only the tensor's dtype and shape in the graph (the values are
   * in the weights manifest); any content here is refused, and the shape must be the weight's.
   */
  constShape(dtype: string): number[] {
    const tensor = this.required('value').tensor;
    if (typeof tensor !== 'object' || tensor === null) this.unsupported('a value that is not a tensor');
    const { dtype: tensorType, tensorShape, ...content } = tensor as { dtype?: unknown; tensorShape?: { dim?: { size?: string | number }[] } };
    if (Object.keys(content).length > 0) this.unsupported(`a value with inline content (${Object.keys(content).sort().join(', ')})`);
    if (tensorType !== dtype) this.unsupported(`a value of type ${String(tensorType)}`);
    return (tensorShape?.dim ?? []).map((dim) => Number(dim.size));
  }

  /** A shape attribute, -1 for unknown dimensions. */
  shape(name: string): number[] {
    const shape = this.required(name).shape;
    if (shape === undefined || shape.unknownRank) this.unsupported(`${name} of unknown rank`);
    return (shape.dim ?? []).map((dim) => Number(dim.size));
  }

  strings(name: string): string[] {
    const list = this.required(name).list;
    if (list === undefined) this.unsupported(`${name} that is not a list`);
    return (list.s ?? []).map(decodeString);
  }

  /** `data_format`: only NHWC (TensorFlow's default when absent). */
  nhwc(): void {
    const format = this.string('data_format', 'NHWC');
    if (format !== 'NHWC') this.unsupported(`data_format ${format}`);
  }

  /** A [1, h, w, 1] list (strides, ksize, dilations) as [h, w]. */
  spatial(name: string, fallback?: readonly number[]): [number, number] {
    const values = this.ints(name, fallback);
    if (values.length !== 4 || values[0] !== 1 || values[3] !== 1 || values[1]! < 1 || values[2]! < 1) this.unsupported(`${name} [${values.join(',')}]`);
    return [values[1]!, values[2]!];
  }

  fusedOps(): readonly string[] {
    const ops = this.strings('fused_ops');
    if (!FUSED_OPS.some((allowed) => allowed.length === ops.length && allowed.every((op, i) => op === ops[i]))) this.unsupported(`fused_ops [${ops.join(', ')}]`);
    // num_args counts the extra inputs of the fused ops: the bias.
    if (this.int('num_args') !== 1) this.unsupported(`num_args ${this.int('num_args')}`);
    // epsilon is only read by a fused FusedBatchNorm, which is refused above.
    this.float('epsilon');
    return ops;
  }
}

/** Splits `name`, `name:0` into the node name; refuses other outputs and control inputs. `where` names the consumer. */
function producer(model: string, where: string, input: string): string {
  if (input.startsWith('^')) throw new ConversionError('GRAPH_UNSUPPORTED', `${model}: ${where}: control dependency ${input} is not supported`, { model });
  const match = /^(.+?)(?::(\d+))?$/.exec(input)!;
  if (match[2] !== undefined && match[2] !== '0') throw new ConversionError('GRAPH_UNSUPPORTED', `${model}: ${where}: input ${input} (output ${match[2]}) is not supported`, { model });
  return match[1]!;
}

/** Translates `model` to ONNX as `translation` names its input and output. */
export function translateGraphModel(model: TfjsGraphModel, translation: GraphTranslation): OnnxGraph {
  const g = new OnnxGraph();
  const name = model.name;
  const nodes = new Map(model.nodes.map((node) => [node.name, node]));
  const values = new Map<string, Value>();
  const visited = new Set<string>();
  const initializers = new Map<string, string>();

  if (model.signature.inputs.length !== 1 || model.signature.outputs.length !== 1) {
    throw new ConversionError('GRAPH_UNSUPPORTED', `${name}: a signature with ${model.signature.inputs.length} inputs and ${model.signature.outputs.length} outputs is not supported (one of each)`, { model: name });
  }
  const signatureInput = model.signature.inputs[0]!;
  const signatureOutput = model.signature.outputs[0]!;

  const nodeNamed = (nodeName: string, consumer: string): GraphNode => {
    const node = nodes.get(nodeName);
    if (!node) throw new ConversionError('GRAPH_MODEL_INVALID', `${name}: ${consumer} refers to node ${nodeName}, which does not exist`, { model: name });
    return node;
  };

  const inputsOf = (node: GraphNode, count: number): string[] => {
    if (node.input.length !== count) throw new ConversionError('GRAPH_UNSUPPORTED', `${name}: ${node.op} node ${node.name} with ${node.input.length} inputs is not supported (expected ${count})`, { model: name, node: node.name });
    return node.input.map((input) => producer(name, `node ${node.name}`, input));
  };

  /** The value of a Const node (from the weights manifest), checked against its dtype. */
  const constant = (nodeName: string, consumer: GraphNode, dtype: 'float32' | 'int32'): Weight => {
    const node = nodeNamed(nodeName, `node ${consumer.name}`);
    if (node.op !== 'Const') throw new ConversionError('GRAPH_UNSUPPORTED', `${name}: ${consumer.op} node ${consumer.name}: input ${nodeName} must be a Const, is ${node.op}`, { model: name, node: consumer.name });
    const attributes = new Attributes(name, node);
    attributes.expectType('dtype', dtype === 'float32' ? FLOAT : INT32);
    if (node.input.length > 0) attributes.unsupported('inputs on a Const');
    visited.add(node.name);
    const weight = model.weights.get(node.name);
    if (weight.dtype !== dtype) attributes.unsupported(`a ${weight.dtype} value for dtype ${dtype}`);
    const shape = attributes.constShape(dtype === 'float32' ? FLOAT : INT32);
    if (shape.length !== weight.shape.length || shape.some((dim, i) => dim !== weight.shape[i])) attributes.unsupported(`shape [${shape.join(',')}] for a [${weight.shape.join(',')}] weight`);
    return weight;
  };

  /** An initializer from a Const, transformed at most once per purpose. */
  const initializer = (key: string, dims: readonly number[], values: () => ArrayLike<number>): string => {
    let made = initializers.get(key);
    if (!made) {
      made = g.floats(key, dims, values());
      initializers.set(key, made);
    }
    return made;
  };

  const image = (node: GraphNode, value: Value): ImageValue => {
    if (value.rank !== 4) throw new ConversionError('GRAPH_UNSUPPORTED', `${name}: ${node.op} node ${node.name} on a 2-D value is not supported`, { model: name, node: node.name });
    return value;
  };

  const matrix = (node: GraphNode, value: Value): MatrixValue => {
    if (value.rank !== 2) throw new ConversionError('GRAPH_UNSUPPORTED', `${name}: ${node.op} node ${node.name} on a 4-D value is not supported`, { model: name, node: node.name });
    return value;
  };

  /** Padding of one spatial axis for `padding` SAME/VALID (or EXPLICIT, given `explicit`). */
  const axisPadding = (attributes: Attributes, padding: string, size: number, extent: number, stride: number, explicit?: readonly [number, number]) => {
    if (padding === 'SAME' || padding === 'VALID') {
      const pads = tfPadding(size, extent, stride, padding === 'SAME' ? 'same' : 'valid');
      if (pads.out < 1) attributes.unsupported(`a ${extent}-wide window on a ${size}-wide input`);
      return pads;
    }
    const [before, after] = explicit!;
    const out = Math.floor((size + before + after - extent) / stride) + 1;
    if (out < 1) attributes.unsupported(`a ${extent}-wide window on a ${size}-wide padded input`);
    return { out, before, after };
  };

  const fusedActivation = (node: GraphNode, ops: readonly string[], linear: string): string => (ops.includes('Relu') ? g.node('Relu', [linear], node.name) : linear);

  const translators: Readonly<Record<string, (node: GraphNode, attributes: Attributes) => Value>> = {
    Placeholder(node, attributes) {
      if (node.name !== producer(name, 'the signature', signatureInput.tensor)) attributes.unsupported('a Placeholder that is not the signature input');
      attributes.expectType('dtype', FLOAT);
      if (signatureInput.dtype !== FLOAT) attributes.unsupported(`signature input dtype ${signatureInput.dtype}`);
      const shape = attributes.shape('shape');
      if (shape.length !== 4 || shape[0] !== -1 || shape.slice(1).some((dim) => !Number.isSafeInteger(dim) || dim < 1) || shape.some((dim, i) => dim !== signatureInput.shape[i])) {
        attributes.unsupported(`input shape [${shape.join(',')}] (expected [-1, height, width, channels] as in the signature)`);
      }
      const [, height, width, channels] = shape as [number, number, number, number];
      const input = g.input(translation.input, ['batch', height, width, channels]);
      const prepared = translation.preprocess ? translation.preprocess(g, input) : input;
      return { rank: 4, name: g.node('Transpose', [prepared], 'input/nchw', { perm: [0, 3, 1, 2] }), channels, height, width };
    },

    _FusedConv2D(node, attributes) {
      const [xName, filterName, biasName] = inputsOf(node, 3) as [string, string, string];
      attributes.expectType('T', FLOAT);
      attributes.nhwc();
      const ops = attributes.fusedOps();
      attributes.bool('use_cudnn_on_gpu', true); // a GPU kernel choice, no effect on values
      const [strideH, strideW] = attributes.spatial('strides');
      const [dilationH, dilationW] = attributes.spatial('dilations', [1, 1, 1, 1]);
      const padding = attributes.string('padding');
      const explicit = attributes.ints('explicit_paddings', []);
      if (padding === 'EXPLICIT') {
        if (explicit.length !== 8 || explicit[0] !== 0 || explicit[1] !== 0 || explicit[6] !== 0 || explicit[7] !== 0 || explicit.some((pad) => pad < 0)) attributes.unsupported(`explicit_paddings [${explicit.join(',')}]`);
      } else if (padding !== 'SAME' && padding !== 'VALID') {
        attributes.unsupported(`padding ${padding}`);
      } else if (explicit.length > 0) {
        attributes.unsupported(`explicit_paddings with padding ${padding}`);
      }
      const x = image(node, value(xName, node));
      const filter = constant(filterName, node, 'float32');
      const bias = constant(biasName, node, 'float32');
      if (filter.shape.length !== 4 || filter.shape[2] !== x.channels) attributes.unsupported(`filter [${filter.shape.join(',')}] on ${x.channels} channels`);
      const [kh, kw, cin, cout] = filter.shape as [number, number, number, number];
      if (bias.shape.length !== 1 || bias.shape[0] !== cout) attributes.unsupported(`bias [${bias.shape.join(',')}] for ${cout} filters`);
      const isExplicit = padding === 'EXPLICIT';
      const rows = axisPadding(attributes, padding, x.height, (kh - 1) * dilationH + 1, strideH, isExplicit ? [explicit[2]!, explicit[3]!] : undefined);
      const cols = axisPadding(attributes, padding, x.width, (kw - 1) * dilationW + 1, strideW, isExplicit ? [explicit[4]!, explicit[5]!] : undefined);
      const weights = initializer(`${filterName}/oihw`, [cout, cin, kh, kw], () => hwioToOihw(filter.values as Float32Array, kh, kw, cin, cout));
      const biases = initializer(biasName, [cout], () => bias.values);
      const linear = g.node('Conv', [x.name, weights, biases], ops.length > 1 ? `${node.name}/BiasAdd` : node.name, {
        group: 1,
        kernel_shape: [kh, kw],
        strides: [strideH, strideW],
        pads: [rows.before, cols.before, rows.after, cols.after],
        dilations: [dilationH, dilationW],
      });
      return { rank: 4, name: fusedActivation(node, ops, linear), channels: cout, height: rows.out, width: cols.out };
    },

    MaxPool(node, attributes) {
      const [xName] = inputsOf(node, 1) as [string];
      attributes.expectType('T', FLOAT);
      attributes.nhwc();
      const [kh, kw] = attributes.spatial('ksize');
      const [strideH, strideW] = attributes.spatial('strides');
      const padding = attributes.string('padding');
      if (padding !== 'SAME' && padding !== 'VALID') attributes.unsupported(`padding ${padding}`);
      if (attributes.ints('explicit_paddings', []).length > 0) attributes.unsupported('explicit_paddings');
      const x = image(node, value(xName, node));
      const rows = axisPadding(attributes, padding, x.height, kh, strideH);
      const cols = axisPadding(attributes, padding, x.width, kw, strideW);
      // ONNX MaxPool ignores padded cells, as TensorFlow does.
      const pooled = g.node('MaxPool', [x.name], node.name, { kernel_shape: [kh, kw], strides: [strideH, strideW], pads: [rows.before, cols.before, rows.after, cols.after] });
      return { rank: 4, name: pooled, channels: x.channels, height: rows.out, width: cols.out };
    },

    Relu: (node, attributes) => unary(node, attributes, 'Relu'),
    Sigmoid: (node, attributes) => unary(node, attributes, 'Sigmoid'),

    Softmax(node, attributes) {
      const [xName] = inputsOf(node, 1) as [string];
      attributes.expectType('T', FLOAT);
      // TensorFlow's softmax runs along the last axis; on [batch, n] that is ONNX's axis -1.
      const x = matrix(node, value(xName, node));
      return { ...x, name: g.node('Softmax', [x.name], node.name, { axis: -1 }) };
    },

    Mul: (node, attributes) => withConstant(node, attributes, 'Mul'),
    Add: (node, attributes) => withConstant(node, attributes, 'Add'),
    AddV2: (node, attributes) => withConstant(node, attributes, 'Add'),

    Reshape(node, attributes) {
      const [xName, shapeName] = inputsOf(node, 2) as [string, string];
      attributes.expectType('T', FLOAT);
      attributes.expectType('Tshape', INT32);
      const x = image(node, value(xName, node));
      const target = [...constant(shapeName, node, 'int32').values];
      const size = x.channels * x.height * x.width;
      // Only the flattening of a Keras Flatten layer: [-1, height * width * channels].
      if (target.length !== 2 || target[0] !== -1 || target[1] !== size) attributes.unsupported(`target shape [${target.join(',')}] for a ${x.height}x${x.width}x${x.channels} value (only [-1, ${size}])`);
      const nhwc = g.node('Transpose', [x.name], `${node.name}/nhwc`, { perm: [0, 2, 3, 1] });
      const shape = g.int64s(`${node.name}/shape`, [2], [-1, size]);
      return { rank: 2, name: g.node('Reshape', [nhwc, shape], node.name), columns: size };
    },

    _FusedMatMul(node, attributes) {
      const [aName, bName, biasName] = inputsOf(node, 3) as [string, string, string];
      attributes.expectType('T', FLOAT);
      const ops = attributes.fusedOps();
      if (attributes.bool('transpose_a', false)) attributes.unsupported('transpose_a true');
      const transposeB = attributes.bool('transpose_b', false);
      const a = matrix(node, value(aName, node));
      const b = constant(bName, node, 'float32');
      const bias = constant(biasName, node, 'float32');
      if (b.shape.length !== 2) attributes.unsupported(`a ${b.shape.length}-D matrix`);
      const [rows, cols] = b.shape as [number, number];
      const [k, n] = transposeB ? [cols, rows] : [rows, cols];
      if (k !== a.columns) attributes.unsupported(`a [${b.shape.join(',')}] matrix${transposeB ? ' (transposed)' : ''} after ${a.columns} columns`);
      if (bias.shape.length !== 1 || bias.shape[0] !== n) attributes.unsupported(`bias [${bias.shape.join(',')}] for ${n} columns`);
      const linear = g.node('Gemm', [a.name, initializer(bName, [rows, cols], () => b.values), initializer(biasName, [n], () => bias.values)], ops.length > 1 ? `${node.name}/BiasAdd` : node.name, { transB: transposeB ? 1 : 0 });
      return { rank: 2, name: fusedActivation(node, ops, linear), columns: n };
    },

    Identity(node, attributes) {
      const [xName] = inputsOf(node, 1) as [string];
      attributes.expectType('T', FLOAT);
      return value(xName, node);
    },
  };

  function unary(node: GraphNode, attributes: Attributes, op: 'Relu' | 'Sigmoid'): Value {
    const [xName] = inputsOf(node, 1) as [string];
    attributes.expectType('T', FLOAT);
    const x = value(xName, node);
    return { ...x, name: g.node(op, [x.name], node.name) };
  }

  /** x ∘ c or c ∘ x with a constant c that is a scalar or one value per channel (last axis). */
  function withConstant(node: GraphNode, attributes: Attributes, op: 'Mul' | 'Add'): Value {
    const [left, right] = inputsOf(node, 2) as [string, string];
    attributes.expectType('T', FLOAT);
    const isConst = (input: string) => nodeNamed(input, `node ${node.name}`).op === 'Const';
    if (isConst(left) === isConst(right)) attributes.unsupported(isConst(left) ? 'two constant operands' : 'two variable operands');
    const [valueName, constName] = isConst(right) ? [left, right] : [right, left];
    const x = value(valueName, node);
    const c = constant(constName, node, 'float32');
    const channels = x.rank === 4 ? x.channels : x.columns;
    let operand: string;
    if (c.shape.length === 0) operand = initializer(constName, [], () => c.values);
    else if (c.shape.length === 1 && c.shape[0] === channels) operand = x.rank === 4 ? initializer(`${constName}/c11`, [channels, 1, 1], () => c.values) : initializer(constName, [channels], () => c.values);
    else attributes.unsupported(`a [${c.shape.join(',')}] constant on ${channels} channels`);
    const inputs = isConst(right) ? [x.name, operand] : [operand, x.name];
    return { ...x, name: g.node(op, inputs, node.name) };
  }

  function value(nodeName: string, consumer?: GraphNode): Value {
    const known = values.get(nodeName);
    if (known) return known;
    const node = nodeNamed(nodeName, consumer ? `node ${consumer.name}` : 'the signature');
    if (node.op === 'Const') throw new ConversionError('GRAPH_UNSUPPORTED', `${name}: Const ${node.name} as the variable input of ${consumer?.name ?? 'the signature'} is not supported`, { model: name, node: node.name });
    const translate = translators[node.op];
    if (!translate) throw new ConversionError('GRAPH_UNSUPPORTED', `${name}: op ${node.op} (node ${node.name}) is not supported`, { model: name, node: node.name, op: node.op });
    if (visited.has(node.name)) throw new ConversionError('GRAPH_MODEL_INVALID', `${name}: node ${node.name} is part of a cycle`, { model: name });
    visited.add(node.name);
    const result = translate(node, new Attributes(name, node));
    values.set(node.name, result);
    return result;
  }

  if (signatureOutput.dtype !== FLOAT) throw new ConversionError('GRAPH_UNSUPPORTED', `${name}: signature output dtype ${signatureOutput.dtype} is not supported`, { model: name });
  const outputNode = nodeNamed(producer(name, 'the signature', signatureOutput.tensor), 'the signature');
  const result = value(outputNode.name);
  if (result.rank !== 2 || signatureOutput.shape.length !== 2 || signatureOutput.shape[0] !== -1 || signatureOutput.shape[1] !== result.columns) {
    throw new ConversionError('GRAPH_MODEL_INVALID', `${name}: the output is ${result.rank === 2 ? `[batch, ${result.columns}]` : '4-D'}, the signature says [${signatureOutput.shape.join(',')}]`, { model: name });
  }
  if (!visited.has(producer(name, 'the signature', signatureInput.tensor))) throw new ConversionError('GRAPH_MODEL_INVALID', `${name}: the output does not depend on the signature input`, { model: name });
  const unused = model.nodes.filter((node) => !visited.has(node.name));
  if (unused.length > 0) throw new ConversionError('GRAPH_UNSUPPORTED', `${name}: nodes that do not contribute to the output are not supported: ${unused.map((node) => node.name).join(', ')}`, { model: name });
  const unusedWeights = model.weights.names.filter((weight) => !visited.has(weight));
  if (unusedWeights.length > 0) throw new ConversionError('GRAPH_MODEL_INVALID', `${name}: weights without a Const node: ${unusedWeights.join(', ')}`, { model: name });

  g.node('Identity', [result.name], translation.output);
  g.output(translation.output, ['batch', result.columns]);
  return g;
}
