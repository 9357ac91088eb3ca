import {
  type OnnxModel,
  type OnnxNode,
  type OnnxTensor,
  OnnxFormatError,
  dimsOf,
  elementCount,
  floatValues,
  importMicrosoftDomain,
  node,
  numberAttribute,
  setMetadata,
  tensor,
} from './onnx-model';

/**
 * Weight dtypes of a quantized graph, each through onnxruntime's own quantized CPU operators:
 * - `int8`: DynamicQuantizeMatMul: int8 weights with one scale per output column, activations quantized to
 *   uint8 per call (one scale per tensor); int8 dot products (VNNI where the CPU has it).
 * - `int4`: MatMulNBits, 4-bit weights in blocks of 32 along the input dimension with one scale each,
 *   activations quantized per block at int8 (accuracy_level 4).
 * Token embeddings read by a Gather keep one int8 row per token with its scale; the KV cache, layer norms,
 * biases and position embeddings stay float32.
 */
export type WeightDtype = 'int8' | 'int4';

export const WEIGHT_DTYPES: readonly WeightDtype[] = ['int8', 'int4'];

/** metadata_props keys of a quantized graph. */
export const DTYPE_METADATA = 'neodesk_weight_dtype';

const NBITS_BLOCK = 32;

/**
 * Matrices with fewer weights stay float32: quantizing a product's activations costs more than it saves on
 * a small matrix (the bundled model's 64-wide layers ran slower quantized; its 64 x 50,257 output layer and
 * every matrix of the 125M shape, 589,824 weights and up, run faster).
 */
export const MIN_QUANTIZED_WEIGHTS = 1 << 18;
const MS = { domain: 'com.microsoft' };

export interface QuantizeReport {
  /** MatMul and Gemm nodes now reading quantized weights. */
  matmuls: number;
  /** Embedding lookups now reading int8 rows. */
  gathers: number;
  floatWeightBytes: number;
  quantizedWeightBytes: number;
}

/**
 * Rewrites `model` in place: every MatMul whose right-hand side is a 2-D float initializer, and a Gemm over
 * a transposed one (a tied lm_head), reads `dtype` weights; a Gather over such a matrix (the token
 * embedding) reads int8 rows. Initializers left unused are dropped.
 */
export function quantizeWeights(model: OnnxModel, dtype: WeightDtype): QuantizeReport {
  const graph = model.graph;
  const initializers = new Map(graph.initializer.map((init) => [init.name, init]));
  const matrix = (name: string): OnnxTensor | undefined => {
    const init = initializers.get(name);
    return init !== undefined && init.dims.length === 2 && isFloat(init) ? init : undefined;
  };
  const added: OnnxTensor[] = [];
  const report: QuantizeReport = { matmuls: 0, gathers: 0, floatWeightBytes: 0, quantizedWeightBytes: 0 };
  const replaced = new Set<string>();
  const embeddings = new Map<string, { rows: string; scales: string }>();
  const rewritten: OnnxNode[] = [];

  for (const original of graph.node) {
    const weightName = original.input[1] ?? '';
    const domain = original.domain ?? '';
    const candidate =
      domain === '' ? matrix(original.op_type === 'Gather' ? (original.input[0] ?? '') : weightName) : undefined;
    const weight =
      candidate !== undefined && elementCount(dimsOf(candidate)) >= MIN_QUANTIZED_WEIGHTS ? candidate : undefined;
    if (weight !== undefined && original.op_type === 'MatMul') {
      const [k, n] = dimsOf(weight);
      rewritten.push(...quantizedMatMul(original.input[0], weight, k, n, false, original.output[0], dtype, added));
    } else if (weight !== undefined && original.op_type === 'Gemm' && isPlainTransBGemm(original)) {
      const [n, k] = dimsOf(weight);
      rewritten.push(...quantizedMatMul(original.input[0], weight, k, n, true, original.output[0], dtype, added));
    } else if (weight !== undefined && original.op_type === 'Gather' && numberAttribute(original, 'axis', 0) === 0) {
      let table = embeddings.get(weight.name);
      if (table === undefined) {
        table = int8Rows(weight, added);
        embeddings.set(weight.name, table);
      }
      rewritten.push(...dequantizingGather(table, original.input[1], original.output[0], added));
      report.gathers += 1;
      replaced.add(weight.name);
      continue;
    } else {
      rewritten.push(original);
      continue;
    }
    report.matmuls += 1;
    replaced.add(weight.name);
  }
  if (report.matmuls === 0) {
    throw new OnnxFormatError('the graph has no MatMul over a float weight matrix to quantize');
  }
  graph.node = rewritten;
  const used = new Set(rewritten.flatMap((each) => each.input));
  for (const name of replaced) {
    report.floatWeightBytes += byteLength(initializers.get(name)!);
  }
  graph.initializer = [...graph.initializer.filter((init) => used.has(init.name)), ...added];
  report.quantizedWeightBytes = added.reduce((sum, init) => sum + byteLength(init), 0);
  importMicrosoftDomain(model);
  setMetadata(model, DTYPE_METADATA, dtype);
  return report;
}

function isFloat(init: OnnxTensor): boolean {
  return init.data_type === 1 || init.data_type === 10;
}

function byteLength(init: OnnxTensor): number {
  return init.raw_data?.byteLength ?? 0;
}

/** Gemm(A, B, transB=1) with alpha 1 and no C: a MatMul against B transposed. */
function isPlainTransBGemm(gemm: OnnxNode): boolean {
  return (
    gemm.input.length === 2 &&
    numberAttribute(gemm, 'transB', 0) === 1 &&
    numberAttribute(gemm, 'transA', 0) === 0 &&
    numberAttribute(gemm, 'alpha', 1) === 1
  );
}

/**
 * The nodes computing `input` x W ([k, n]) into `output` from quantized weights. `transposed`: the stored
 * matrix is W's transpose, [n, k] (a Gemm's transB).
 */
function quantizedMatMul(
  input: string,
  weight: OnnxTensor,
  k: number,
  n: number,
  transposed: boolean,
  output: string,
  dtype: WeightDtype,
  added: OnnxTensor[],
): OnnxNode[] {
  const values = floatValues(weight);
  // element (row r of W^T = output column, index j along k)
  const at = transposed ? (r: number, j: number) => values[r * k + j] : (r: number, j: number) => values[j * n + r];
  const base = `${weight.name}_${dtype}${transposed ? '_t' : ''}`;
  if (dtype === 'int8') {
    // [k, n] int8, symmetric, one scale per output column.
    const q = new Int8Array(k * n);
    const scales = new Float32Array(n);
    for (let r = 0; r < n; r++) {
      let max = 0;
      for (let j = 0; j < k; j++) {
        max = Math.max(max, Math.abs(at(r, j)));
      }
      const scale = max > 0 ? max / 127 : 1;
      scales[r] = scale;
      for (let j = 0; j < k; j++) {
        q[j * n + r] = Math.max(-127, Math.min(127, Math.round(at(r, j) / scale)));
      }
    }
    added.push(tensor(`${base}_q`, [k, n], q), tensor(`${base}_scale`, [n], scales));
    return [node('DynamicQuantizeMatMul', [input, `${base}_q`, `${base}_scale`], [output], {}, MS)];
  }
  // int4: [n, blocks, 16] packed nibbles (low nibble first), symmetric around the default zero point 8.
  const blocks = Math.ceil(k / NBITS_BLOCK);
  const packed = new Uint8Array(n * blocks * (NBITS_BLOCK / 2));
  const scales = new Float32Array(n * blocks);
  for (let r = 0; r < n; r++) {
    for (let b = 0; b < blocks; b++) {
      const from = b * NBITS_BLOCK;
      const to = Math.min(k, from + NBITS_BLOCK);
      let max = 0;
      for (let j = from; j < to; j++) {
        max = Math.max(max, Math.abs(at(r, j)));
      }
      const scale = max > 0 ? max / 7 : 1;
      scales[r * blocks + b] = scale;
      for (let j = from; j < from + NBITS_BLOCK; j++) {
        const level = j < to ? Math.max(0, Math.min(15, Math.round(at(r, j) / scale) + 8)) : 8;
        const byte = (r * blocks + b) * (NBITS_BLOCK / 2) + ((j - from) >> 1);
        packed[byte] |= (j - from) % 2 === 0 ? level : level << 4;
      }
    }
  }
  added.push(tensor(`${base}_q`, [n, blocks, NBITS_BLOCK / 2], packed), tensor(`${base}_scale`, [n * blocks], scales));
  return [
    node(
      'MatMulNBits',
      [input, `${base}_q`, `${base}_scale`],
      [output],
      {
        K: k,
        N: n,
        bits: 4,
        block_size: NBITS_BLOCK,
        accuracy_level: 4,
      },
      MS,
    ),
  ];
}

/** An embedding table [rows, width] as int8 rows with one scale per row. */
function int8Rows(weight: OnnxTensor, added: OnnxTensor[]): { rows: string; scales: string } {
  const [rows, width] = dimsOf(weight);
  const values = floatValues(weight);
  const q = new Int8Array(rows * width);
  const scales = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let j = 0; j < width; j++) {
      max = Math.max(max, Math.abs(values[r * width + j]));
    }
    const scale = max > 0 ? max / 127 : 1;
    scales[r] = scale;
    for (let j = 0; j < width; j++) {
      q[r * width + j] = Math.round(values[r * width + j] / scale);
    }
  }
  const name = `${weight.name}_rows_int8`;
  added.push(tensor(`${name}_q`, [rows, width], q), tensor(`${name}_scale`, [rows], scales));
  return { rows: `${name}_q`, scales: `${name}_scale` };
}

/** Gather of int8 rows, dequantized: rows[ids] * scales[ids][..., None]. */
function dequantizingGather(
  table: { rows: string; scales: string },
  ids: string,
  output: string,
  added: OnnxTensor[],
): OnnxNode[] {
  const lastAxis = `${output}_last_axis`;
  added.push(tensor(lastAxis, [1], BigInt64Array.from([-1n])));
  return [
    node('Gather', [table.rows, ids], [`${output}_q`], { axis: 0 }),
    node('Cast', [`${output}_q`], [`${output}_q_float`], { to: 1 }),
    node('Gather', [table.scales, ids], [`${output}_scale`], { axis: 0 }),
    node('Unsqueeze', [`${output}_scale`, lastAxis], [`${output}_scale_1`]),
    node('Mul', [`${output}_q_float`, `${output}_scale_1`], [output]),
  ];
}
