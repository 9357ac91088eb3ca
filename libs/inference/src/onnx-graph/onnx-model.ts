import protobuf from 'protobufjs';
import { ONNX_SCHEMA } from './onnx-schema';

/**
 * ONNX model files read and written in TypeScript through protobufjs and the ONNX schema (onnx-schema.ts):
 * the typed subset of the messages this project rewrites (graphs, nodes, attributes, tensors). Tensor bytes
 * stay views into the file's buffer when read; nothing is copied until a tensor is converted.
 */

const root = protobuf.Root.fromJSON({ nested: { onnx: ONNX_SCHEMA } });
const MODEL = root.lookupType('onnx.ModelProto');

/** TensorProto.DataType values used here. */
export const OnnxDataType = { Float: 1, Uint8: 2, Int8: 3, Int32: 6, Int64: 7, Float16: 10 } as const;

/** AttributeProto.AttributeType values used here. */
const AttributeType = { Float: 1, Int: 2, String: 3, Floats: 6, Ints: 7 } as const;

/** int64 fields arrive as numbers or as protobufjs Longs. */
type Int64 = number | { toNumber(): number };

export interface OnnxTensor {
  name: string;
  dims: Int64[];
  data_type: number;
  raw_data?: Uint8Array;
  float_data?: number[];
  int32_data?: number[];
  int64_data?: Int64[];
  /** 1 (EXTERNAL): the bytes are in another file. */
  data_location?: number;
}

export interface OnnxAttribute {
  name: string;
  type: number;
  f?: number;
  i?: Int64;
  s?: Uint8Array;
  floats?: number[];
  ints?: Int64[];
  /** A subgraph (If's then_branch and else_branch). */
  g?: OnnxGraph | null;
}

export interface OnnxNode {
  input: string[];
  output: string[];
  name?: string;
  op_type: string;
  domain?: string;
  attribute: OnnxAttribute[];
}

export interface OnnxValueInfo {
  name: string;
  type?: unknown;
}

export interface OnnxGraph {
  node: OnnxNode[];
  name?: string;
  initializer: OnnxTensor[];
  input: OnnxValueInfo[];
  output: OnnxValueInfo[];
  value_info?: OnnxValueInfo[];
}

export interface OnnxModel {
  ir_version?: Int64;
  opset_import: Array<{ domain?: string; version: Int64 }>;
  producer_name?: string;
  producer_version?: string;
  graph: OnnxGraph;
  metadata_props?: Array<{ key: string; value: string }>;
}

/** The file is not an ONNX model this module can rewrite. */
export class OnnxFormatError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = OnnxFormatError.name;
  }
}

export function readOnnxModel(bytes: Uint8Array): OnnxModel {
  let model: OnnxModel;
  try {
    model = MODEL.decode(bytes) as unknown as OnnxModel;
  } catch (error) {
    throw new OnnxFormatError(`not an ONNX model (${(error as Error).message})`, { cause: error });
  }
  if (model.graph === undefined || model.graph === null) {
    throw new OnnxFormatError('the ONNX model has no graph');
  }
  return model;
}

export function writeOnnxModel(model: OnnxModel): Uint8Array {
  return MODEL.encode(MODEL.fromObject(model)).finish();
}

export function toNumber(value: Int64 | undefined): number {
  return value === undefined ? 0 : typeof value === 'number' ? value : value.toNumber();
}

export function dimsOf(tensor: OnnxTensor): number[] {
  return tensor.dims.map(toNumber);
}

export function elementCount(dims: readonly number[]): number {
  return dims.reduce((count, dim) => count * dim, 1);
}

/** The attribute `name` of a node as a number (int or float), or `fallback`. */
export function numberAttribute(node: OnnxNode, name: string, fallback: number): number {
  const attribute = node.attribute.find((candidate) => candidate.name === name);
  if (attribute === undefined) {
    return fallback;
  }
  return attribute.type === AttributeType.Float ? (attribute.f ?? 0) : toNumber(attribute.i);
}

export function intsAttribute(node: OnnxNode, name: string): number[] | undefined {
  return node.attribute.find((candidate) => candidate.name === name)?.ints?.map(toNumber);
}

/** A tensor's values as float32, from float32 or float16 storage (raw bytes or the typed fields). */
export function floatValues(tensor: OnnxTensor): Float32Array {
  if (tensor.data_location === 1) {
    throw new OnnxFormatError(`${tensor.name}: weights in external data files are not supported`);
  }
  const count = elementCount(dimsOf(tensor));
  const raw = tensor.raw_data;
  if (tensor.data_type === OnnxDataType.Float) {
    if (raw !== undefined && raw.byteLength > 0) {
      requireBytes(tensor, raw.byteLength, count * 4);
      // A copy: the bytes may not be 4-byte aligned inside the file.
      return new Float32Array(new Uint8Array(raw).buffer, 0, count);
    }
    requireBytes(tensor, (tensor.float_data ?? []).length, count);
    return Float32Array.from(tensor.float_data ?? []);
  }
  if (tensor.data_type === OnnxDataType.Float16) {
    const halves = new Uint16Array(count);
    if (raw !== undefined && raw.byteLength > 0) {
      requireBytes(tensor, raw.byteLength, count * 2);
      halves.set(new Uint16Array(new Uint8Array(raw).buffer, 0, count));
    } else {
      requireBytes(tensor, (tensor.int32_data ?? []).length, count);
      halves.set(tensor.int32_data ?? []);
    }
    const values = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      values[i] = halfToFloat(halves[i]);
    }
    return values;
  }
  throw new OnnxFormatError(`${tensor.name}: expected float32 or float16 values, found data type ${tensor.data_type}`);
}

function requireBytes(tensor: OnnxTensor, found: number, expected: number): void {
  if (found !== expected) {
    throw new OnnxFormatError(`${tensor.name}: holds ${found} values/bytes, its shape needs ${expected}`);
  }
}

/** An IEEE 754 half-precision value's bits as a number. */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) {
    return sign * fraction * 2 ** -24;
  }
  if (exponent === 0x1f) {
    return fraction === 0 ? sign * Infinity : NaN;
  }
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** An initializer from typed values (stored as raw little-endian bytes, as ONNX's own tools write them). */
export function tensor(
  name: string,
  dims: readonly number[],
  values: Float32Array | Uint8Array | Int8Array | BigInt64Array,
): OnnxTensor {
  const dataType =
    values instanceof Float32Array
      ? OnnxDataType.Float
      : values instanceof Int8Array
        ? OnnxDataType.Int8
        : values instanceof BigInt64Array
          ? OnnxDataType.Int64
          : OnnxDataType.Uint8;
  if (values.length !== elementCount(dims)) {
    throw new RangeError(`${name}: ${values.length} values for shape [${dims.join(', ')}]`);
  }
  return {
    name,
    dims: [...dims],
    data_type: dataType,
    raw_data: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  };
}

type AttributeValue = number | readonly number[] | string;

/**
 * A node; integer-valued numbers become int attributes, other numbers float ones (`floats` forces floats).
 */
export function node(
  opType: string,
  inputs: readonly string[],
  outputs: readonly string[],
  attributes: Record<string, AttributeValue> = {},
  options: { domain?: string; name?: string; floats?: readonly string[] } = {},
): OnnxNode {
  const attribute = Object.entries(attributes).map(([name, value]): OnnxAttribute => {
    const asFloat = options.floats?.includes(name) ?? false;
    if (typeof value === 'string') {
      return { name, type: AttributeType.String, s: new TextEncoder().encode(value) };
    }
    if (typeof value === 'number') {
      return Number.isInteger(value) && !asFloat
        ? { name, type: AttributeType.Int, i: value }
        : { name, type: AttributeType.Float, f: value };
    }
    return asFloat
      ? { name, type: AttributeType.Floats, floats: [...value] }
      : { name, type: AttributeType.Ints, ints: [...value] };
  });
  return {
    input: [...inputs],
    output: [...outputs],
    name: options.name ?? outputs[0],
    op_type: opType,
    domain: options.domain ?? '',
    attribute,
  };
}

/** Sets (or replaces) a metadata_props entry. */
export function setMetadata(model: OnnxModel, key: string, value: string): void {
  const props = (model.metadata_props ??= []);
  const existing = props.find((prop) => prop.key === key);
  if (existing !== undefined) {
    existing.value = value;
  } else {
    props.push({ key, value });
  }
}

export function metadata(model: OnnxModel, key: string): string | undefined {
  return model.metadata_props?.find((prop) => prop.key === key)?.value;
}

/** Makes sure the model imports the com.microsoft domain (onnxruntime's contrib operators). */
export function importMicrosoftDomain(model: OnnxModel): void {
  if (!model.opset_import.some((entry) => entry.domain === 'com.microsoft')) {
    model.opset_import.push({ domain: 'com.microsoft', version: 1 });
  }
}
