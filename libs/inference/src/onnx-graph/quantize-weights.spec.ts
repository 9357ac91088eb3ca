/**
 * @jest-environment ./libs/inference/src/testing/onnxruntime-node.environment.ts
 */
import { InferenceSession, Tensor } from 'onnxruntime-node';
import {
  type OnnxModel,
  OnnxFormatError,
  dimsOf,
  metadata,
  node,
  readOnnxModel,
  tensor,
  writeOnnxModel,
} from './onnx-model';
import { DTYPE_METADATA, MIN_QUANTIZED_WEIGHTS, quantizeWeights } from './quantize-weights';
import { LOGSUMEXP_OUTPUT, addLogSumExpOutput } from './logsumexp-output';

const K = 512;
const VOCAB = 600;
const ROWS = 3;

/** Seeded weights in GPT-like ranges. */
function weights(count: number, seed: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return (state / 2 ** 31 - 0.5) * 0.08;
  });
}

/**
 * ids -> Gather(embedding) -> MatMul(W) -> ... a tied output layer: Gemm(h, embedding, transB) -> logits.
 * The embedding is [VOCAB, K] and W is [K, K] so the shapes chain; a small [K, 8] matrix stays float32.
 */
function tinyModel(): OnnxModel {
  const valueInfo = (name: string, elemType: number, dims: Array<string | number>) => ({
    name,
    type: {
      tensor_type: {
        elem_type: elemType,
        shape: { dim: dims.map((dim) => (typeof dim === 'string' ? { dim_param: dim } : { dim_value: dim })) },
      },
    },
  });
  return {
    ir_version: 8,
    opset_import: [{ domain: '', version: 17 }],
    graph: {
      name: 'tiny',
      node: [
        node('Gather', ['embedding', 'ids'], ['h0'], { axis: 0 }),
        node('MatMul', ['h0', 'w'], ['h1']),
        node('MatMul', ['h1', 'small'], ['side']),
        node('Gemm', ['h1', 'embedding'], ['logits'], { transB: 1 }),
      ],
      initializer: [
        tensor('embedding', [VOCAB, K], weights(VOCAB * K, 1)),
        tensor('w', [K, K], weights(K * K, 2)),
        tensor('small', [K, 8], weights(K * 8, 3)),
      ],
      input: [valueInfo('ids', 7, ['batch'])],
      output: [valueInfo('logits', 1, ['batch', VOCAB]), valueInfo('side', 1, ['batch', 8])],
    },
  };
}

async function run(model: OnnxModel): Promise<{ logits: Float32Array; side: Float32Array; lse?: Float32Array }> {
  const session = await InferenceSession.create(writeOnnxModel(model), { intraOpNumThreads: 1 });
  try {
    const ids = new Tensor('int64', BigInt64Array.from([3n, 77n, 599n]), [ROWS]);
    const out = await session.run({ ids });
    return {
      logits: out.logits.data as Float32Array,
      side: out.side.data as Float32Array,
      lse: out[LOGSUMEXP_OUTPUT]?.data as Float32Array | undefined,
    };
  } finally {
    await session.release();
  }
}

function relativeError(actual: Float32Array, expected: Float32Array): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < expected.length; i++) {
    diff += (actual[i] - expected[i]) ** 2;
    norm += expected[i] ** 2;
  }
  return Math.sqrt(diff / norm);
}

describe(quantizeWeights.name, () => {
  it('should survive a write and a read unchanged', () => {
    const model = tinyModel();
    const back = readOnnxModel(writeOnnxModel(model));
    expect(back.graph.node.map((each) => each.op_type)).toEqual(['Gather', 'MatMul', 'MatMul', 'Gemm']);
    expect(back.graph.initializer.map((init) => [init.name, dimsOf(init)])).toEqual([
      ['embedding', [VOCAB, K]],
      ['w', [K, K]],
      ['small', [K, 8]],
    ]);
  });

  it.each([
    ['int8', 0.02, 'DynamicQuantizeMatMul'],
    ['int4', 0.2, 'MatMulNBits'],
  ] as const)('should compute nearly the float32 result with %s weights', async (dtype, tolerance, op) => {
    const reference = await run(tinyModel());
    const model = tinyModel();
    const report = quantizeWeights(model, dtype);

    expect(report).toMatchObject({ matmuls: 2, gathers: 1 });
    expect(report.quantizedWeightBytes).toBeLessThan(report.floatWeightBytes / 2.5);
    expect(model.graph.node.filter((each) => each.op_type === op)).toHaveLength(2);
    // The float32 matrices are gone, except the one too small to gain from quantizing (scales stay float32).
    const floatMatrices = model.graph.initializer.filter(
      (init) => init.data_type === 1 && !init.name.endsWith('_scale'),
    );
    expect(floatMatrices.map((init) => init.name)).toEqual(['small']);
    expect(metadata(model, DTYPE_METADATA)).toBe(dtype);
    const quantized = await run(model);
    expect(relativeError(quantized.logits, reference.logits)).toBeLessThan(tolerance);
    expect(relativeError(quantized.side, reference.side)).toBeLessThan(tolerance);
  });

  it('should refuse a graph without a weight matrix worth quantizing', () => {
    const model = tinyModel();
    model.graph.node = [node('MatMul', ['h0', 'small'], ['side'])];
    expect(K * 8).toBeLessThan(MIN_QUANTIZED_WEIGHTS);
    expect(() => quantizeWeights(model, 'int8')).toThrow(OnnxFormatError);
  });
});

describe(addLogSumExpOutput.name, () => {
  it('should add each row softmax normalizer as an output, once', async () => {
    const model = tinyModel();
    expect(addLogSumExpOutput(model)).toBe(true);
    expect(addLogSumExpOutput(model)).toBe(false);
    const { logits, lse } = await run(model);
    expect(lse).toHaveLength(ROWS);
    for (let row = 0; row < ROWS; row++) {
      const values = logits.subarray(row * VOCAB, (row + 1) * VOCAB);
      const max = Math.max(...values);
      const expected = max + Math.log(values.reduce((sum, value) => sum + Math.exp(value - max), 0));
      expect(lse?.[row]).toBeCloseTo(expected, 4);
    }
  });

  it('should refuse a graph without logits', () => {
    const model = tinyModel();
    model.graph.output = model.graph.output.filter((output) => output.name !== 'logits');
    expect(() => addLogSumExpOutput(model)).toThrow('no logits output');
  });
});

describe(readOnnxModel.name, () => {
  it('should reject bytes that are not a model with a clear error', () => {
    expect(() => readOnnxModel(Uint8Array.from([0xff, 0xff, 0xff, 0xff]))).toThrow(OnnxFormatError);
  });
});
