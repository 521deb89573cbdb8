import { onnx } from 'onnx-proto';
import { ConversionError } from './conversion-error';

/**
 * A small ONNX graph builder over the `onnx-proto` classes. Everything it writes is a pure
 * function of the calls made on it: node and initializer order is call order, names are the
 * ones given, numbers are written little-endian whatever the host, and there are no
 * timestamps or host names, so the same conversion gives byte-identical files.
 */

/** ONNX IR version 8 (ONNX 1.10, what `onnx-proto` 8 carries) and the default-domain opset. */
export const IR_VERSION = 8;
export const OPSET = 13;

export type Dim = number | string;

/** An attribute value: an integer, a list of integers, a float, or a string. */
export type AttributeValue = number | readonly number[] | { readonly float: number } | string;

/** A value flowing through the graph with its NCHW shape (batch is symbolic). */
export interface Feature {
  readonly name: string;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
}

export interface TensorInfo {
  readonly name: string;
  readonly shape: readonly Dim[];
}

export interface ModelMetadata {
  readonly graphName: string;
  readonly docString: string;
  readonly producerVersion: string;
  readonly modelVersion: number;
  /** Written as ONNX metadata_props, sorted by key. */
  readonly properties: Readonly<Record<string, string>>;
}

function floatBytes(values: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return bytes;
}

function int64Bytes(values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isSafeInteger(values[i])) throw new ConversionError('GRAPH_INVALID', `int64 constant ${values[i]} is not a safe integer`);
    view.setBigInt64(i * 8, BigInt(values[i]!), true);
  }
  return bytes;
}

function valueInfo(name: string, shape: readonly Dim[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: shape.map((dim) => (typeof dim === 'number' ? { dimValue: dim } : { dimParam: dim })) },
      },
    },
  };
}

function attribute(name: string, value: AttributeValue): onnx.IAttributeProto {
  if (typeof value === 'string') return { name, type: onnx.AttributeProto.AttributeType.STRING, s: new TextEncoder().encode(value) };
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new ConversionError('GRAPH_INVALID', `attribute ${name}: ${value} is not an integer (use { float })`);
    return { name, type: onnx.AttributeProto.AttributeType.INT, i: value };
  }
  if ('float' in value) return { name, type: onnx.AttributeProto.AttributeType.FLOAT, f: value.float };
  return { name, type: onnx.AttributeProto.AttributeType.INTS, ints: [...value] };
}

export class OnnxGraph {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private readonly names = new Set<string>();
  private readonly produced = new Set<string>();
  private readonly nodeNames = new Set<string>();

  private claim(name: string): string {
    if (this.names.has(name)) throw new ConversionError('GRAPH_INVALID', `value name ${name} used twice`);
    this.names.add(name);
    return name;
  }

  private requireExisting(name: string): void {
    if (!this.produced.has(name)) throw new ConversionError('GRAPH_INVALID', `value ${name} is used before it is produced`);
  }

  /** A graph input (float32). */
  input(name: string, shape: readonly Dim[]): string {
    this.inputs.push(valueInfo(this.claim(name), shape));
    this.produced.add(name);
    return name;
  }

  /** Declares an already produced value as a graph output (float32). */
  output(name: string, shape: readonly Dim[]): void {
    this.requireExisting(name);
    this.outputs.push(valueInfo(name, shape));
  }

  /** A float32 initializer. */
  floats(name: string, dims: readonly number[], values: ArrayLike<number>): string {
    const size = dims.reduce((product, dim) => product * dim, 1);
    if (size !== values.length) throw new ConversionError('GRAPH_INVALID', `initializer ${name}: ${values.length} values for shape [${dims.join(',')}]`);
    this.initializers.push({ name: this.claim(name), dims: [...dims], dataType: onnx.TensorProto.DataType.FLOAT, rawData: floatBytes(values) });
    this.produced.add(name);
    return name;
  }

  /** An int64 initializer (shapes, axes, slice bounds). */
  int64s(name: string, dims: readonly number[], values: readonly number[]): string {
    this.initializers.push({ name: this.claim(name), dims: [...dims], dataType: onnx.TensorProto.DataType.INT64, rawData: int64Bytes(values) });
    this.produced.add(name);
    return name;
  }

  /** A node with one output, named like the node. An empty input name means an omitted optional input. */
  node(opType: string, inputs: readonly string[], name: string, attributes: Readonly<Record<string, AttributeValue>> = {}): string {
    return this.nodeWithOutputs(opType, inputs, name, [name], attributes)[0]!;
  }

  nodeWithOutputs(opType: string, inputs: readonly string[], name: string, outputs: readonly string[], attributes: Readonly<Record<string, AttributeValue>> = {}): string[] {
    for (const input of inputs) if (input !== '') this.requireExisting(input);
    if (this.nodeNames.has(name)) throw new ConversionError('GRAPH_INVALID', `node name ${name} used twice`);
    this.nodeNames.add(name);
    for (const output of outputs) this.produced.add(this.claim(output));
    this.nodes.push({
      name,
      opType,
      input: [...inputs],
      output: [...outputs],
      attribute: Object.entries(attributes).map(([key, value]) => attribute(key, value)),
    });
    return [...outputs];
  }

  encode(metadata: ModelMetadata): Uint8Array {
    if (this.outputs.length === 0) throw new ConversionError('GRAPH_INVALID', `graph ${metadata.graphName} has no outputs`);
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      opsetImport: [{ domain: '', version: OPSET }],
      producerName: 'citizen-zero/face-model-converter',
      producerVersion: metadata.producerVersion,
      domain: 'org.citizen-zero.face',
      modelVersion: metadata.modelVersion,
      docString: metadata.docString,
      metadataProps: Object.keys(metadata.properties)
        .sort()
        .map((key) => ({ key, value: metadata.properties[key]! })),
      graph: {
        name: metadata.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
