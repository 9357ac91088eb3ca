import type { InferenceSession } from 'onnxruntime-node';
import type { GptNeoConfig } from '../model/gpt-neo-config';
import { type WeightDtype, WEIGHT_DTYPES } from '../onnx-graph/quantize-weights';
import { preparedEngineGraph } from '../onnx-graph/engine-graph-cache';
import { argmax } from '../generation/sampler';
import { FusedBatchDecoder } from './fused-batch-decoder';

/** The weights the fused graph runs on. */
export type EngineDtype = 'fp32' | WeightDtype;

/** What a worker may ask for: a dtype, or `auto` (measured at load, see chooseEngineGraph). */
export type EngineDtypeOption = EngineDtype | 'auto';

export const ENGINE_DTYPE_OPTIONS: readonly EngineDtypeOption[] = ['fp32', ...WEIGHT_DTYPES, 'auto'];

/** `auto` keeps a quantized graph only if its greedy choice equals fp32's on at least this share of the probe. */
export const AUTO_MIN_AGREEMENT = 0.9;

/** Tokens of the quality probe, and timed decode steps of the speed probe. */
const PROBE_TOKENS = 32;
const TIMED_STEPS = 8;
const PROBE_BATCH = 16;

export interface EngineGraphChoice {
  /** File to load, absolute or relative to the model folder. */
  file: string;
  dtype: EngineDtype;
  /** One line for the log: how the graph was found or made, and for `auto` the measurements. */
  summary: string;
}

export interface ChoiceContext {
  folder: string;
  /** The fp32 engine graph: the folder's onnx/model_engine.onnx or one derived from its export. */
  source: string;
  config: GptNeoConfig;
  cacheDir?: string;
  sessionOptions: InferenceSession.SessionOptions;
  /** A chat prompt to probe with (token ids). */
  probePrompt: readonly number[];
  maxBatchSize: number;
}

/**
 * The prepared fused graph (see preparedEngineGraph) for `option`: fp32, int8 or int4 weights, or for `auto`
 * the fastest of them whose greedy tokens stay with fp32's on a probe.
 */
export async function chooseEngineGraph(option: EngineDtypeOption, context: ChoiceContext): Promise<EngineGraphChoice> {
  if (option !== 'auto') {
    const graph = await prepared(option, context);
    return { file: graph.file, dtype: option, summary: graph.summary };
  }
  const fp32 = await prepared('fp32', context);
  const reference = await probe(fp32.file, context, undefined);
  const measured: Array<{ dtype: EngineDtype; file: string; stepMs: number; agreement: number }> = [
    { dtype: 'fp32', file: fp32.file, stepMs: reference.stepMs, agreement: 1 },
  ];
  for (const dtype of WEIGHT_DTYPES) {
    const graph = await prepared(dtype, context);
    const result = await probe(graph.file, context, reference.tokens);
    measured.push({ dtype, file: graph.file, stepMs: result.stepMs, agreement: result.agreement });
  }
  const eligible = measured.filter((entry) => entry.agreement >= AUTO_MIN_AGREEMENT);
  const best = eligible.reduce((a, b) => (b.stepMs < a.stepMs ? b : a));
  const batch = Math.min(context.maxBatchSize, PROBE_BATCH);
  const figures = measured
    .map(
      (entry) =>
        `${entry.dtype} ${entry.stepMs.toFixed(1)} ms/step` +
        (entry.dtype === 'fp32' ? '' : `, ${(100 * entry.agreement).toFixed(0)}% same greedy tokens`),
    )
    .join('; ');
  return {
    file: best.file,
    dtype: best.dtype,
    summary: `auto chose ${best.dtype} (batch ${batch}: ${figures}; needs >= ${100 * AUTO_MIN_AGREEMENT}%)`,
  };
}

async function prepared(dtype: EngineDtype, context: ChoiceContext): Promise<{ file: string; summary: string }> {
  const graph = await preparedEngineGraph(context.source, dtype, {
    modelDir: context.folder,
    cacheDir: context.cacheDir,
  });
  const how = graph.built
    ? `prepared now in ${Math.round(graph.ms)} ms` +
      (graph.report === undefined ? '' : ` (${graph.report.matmuls} matrix products quantized)`) +
      ', cached'
    : 'from the cache';
  return { file: graph.path, summary: `${dtype} weights ${how} at ${graph.path}` };
}

/**
 * Greedy tokens of the probe prompt (teacher-forced on `reference` when given, with the share of steps whose
 * greedy choice equals it) and the median time of a decode step over a full probe batch.
 */
async function probe(
  file: string,
  context: ChoiceContext,
  reference: readonly number[] | undefined,
): Promise<{ tokens: number[]; agreement: number; stepMs: number }> {
  const batch = Math.min(context.maxBatchSize, PROBE_BATCH);
  const prompt = context.probePrompt.slice(-64);
  const decoder = await FusedBatchDecoder.create(context.folder, {
    maxSequences: batch,
    maxSequenceLength: Math.min(context.config.maxPositionEmbeddings, prompt.length + PROBE_TOKENS + TIMED_STEPS + 1),
    engineFile: file,
    sessionOptions: context.sessionOptions,
  });
  try {
    const tokens: number[] = [];
    let agreed = 0;
    let logits = await decoder.prefill(0, prompt);
    for (let i = 0; i < PROBE_TOKENS; i++) {
      const choice = argmax(logits.subarray(0, context.config.vocabSize));
      tokens.push(choice);
      const fed = reference?.[i] ?? choice;
      agreed += choice === fed ? 1 : 0;
      logits = await decoder.step([{ sequenceId: 0, token: fed }]);
    }
    decoder.release(0);
    const rows = Array.from({ length: batch }, (_, sequenceId) => ({ sequenceId, promptIds: prompt }));
    await decoder.prefillMany(rows);
    const times: number[] = [];
    for (let i = 0; i < TIMED_STEPS + 1; i++) {
      const started = performance.now();
      await decoder.step(rows.map(({ sequenceId }) => ({ sequenceId, token: tokens[i % tokens.length] })));
      if (i > 0) {
        times.push(performance.now() - started);
      }
    }
    times.sort((a, b) => a - b);
    return { tokens, agreement: agreed / PROBE_TOKENS, stepMs: times[Math.floor(times.length / 2)] };
  } finally {
    await decoder.dispose();
  }
}
