/**
 * Throughput probe (not a test): greedy decoding of B sequences x N steps through FusedBatchDecoder
 * (onnx/model_engine.onnx, KV cache read where it lies) versus a bare loop over the standard export
 * (onnx/model.onnx, present fed back as past, argmax in JS). Both read the same folder.
 *
 *   /usr/bin/python3 tools/model/engine_graph.py --random-125m --model .bench/gpt-neo-125m-random
 *   npx ts-node -r tsconfig-paths/register --transpile-only bench/fused-decoder-probe.ts \
 *     [folder=.bench/gpt-neo-125m-random] [batch=32] [steps=64] [promptLength=16] [threads=0] [maxSequenceLength]
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { FusedBatchDecoder, GptNeoConfig, parseGptNeoConfig } from '@neodesk/inference';
import { InferenceSession, Tensor } from 'onnxruntime-node';

interface Run {
  readonly name: string;
  readonly prefillMs: number;
  readonly decodeMs: number;
  /** Each decode step's wall time; the median resists the other processes on a shared machine. */
  readonly stepMs: number[];
  readonly tokens: number[][];
}

function argmaxRows(logits: Float32Array, rows: number, vocab: number, rowStride = vocab, offset = 0): number[] {
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    const start = r * rowStride + offset;
    let best = 0;
    for (let i = 1; i < vocab; i++) {
      if (logits[start + i] > logits[start + best]) {
        best = i;
      }
    }
    out.push(best);
  }
  return out;
}

/** Deterministic prompts (xorshift), so both loops decode the same inputs. */
function makePrompts(batch: number, length: number, vocab: number): number[][] {
  let state = 0x9e3779b9;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % vocab;
  };
  return Array.from({ length: batch }, () => Array.from({ length }, next));
}

async function fused(
  folder: string,
  prompts: number[][],
  steps: number,
  options: InferenceSession.SessionOptions,
  maxSequenceLength: number,
): Promise<Run> {
  const sut = await FusedBatchDecoder.create(folder, {
    maxSequences: prompts.length,
    maxSequenceLength,
    sessionOptions: options,
  });
  const vocab = sut.config.vocabSize;
  const tokens: number[][] = prompts.map(() => []);
  let t = performance.now();
  for (const [i, prompt] of prompts.entries()) {
    tokens[i].push(argmaxRows(await sut.prefill(i, prompt), 1, vocab)[0]);
  }
  const prefillMs = performance.now() - t;
  const stepMs: number[] = [];
  for (let s = 0; s < steps; s++) {
    t = performance.now();
    const logits = await sut.step(tokens.map((row, i) => ({ sequenceId: i, token: row[row.length - 1] })));
    argmaxRows(logits, prompts.length, vocab).forEach((token, i) => tokens[i].push(token));
    stepMs.push(performance.now() - t);
  }
  await sut.dispose();
  return { name: 'fused (model_engine.onnx)', prefillMs, decodeMs: sum(stepMs), stepMs, tokens };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function int64(values: number[], dims: number[]): Tensor {
  return new Tensor(
    'int64',
    BigInt64Array.from(values, (v) => BigInt(v)),
    dims,
  );
}

async function bare(
  folder: string,
  config: GptNeoConfig,
  prompts: number[][],
  steps: number,
  options: InferenceSession.SessionOptions,
): Promise<Run> {
  const session = await InferenceSession.create(join(folder, 'onnx', 'model.onnx'), options);
  const { numLayers, numHeads, headDim, vocabSize } = config;
  const batch = prompts.length;
  const promptLength = prompts[0].length;
  const empty = new Tensor('float32', new Float32Array(0), [batch, numHeads, 0, headDim]);
  let past: Record<string, Tensor> = {};
  for (let l = 0; l < numLayers; l++) {
    past[`past_key_values.${l}.key`] = empty;
    past[`past_key_values.${l}.value`] = empty;
  }
  const feedsFor = (ids: number[], width: number, firstPosition: number): Record<string, Tensor> => ({
    input_ids: int64(ids, [batch, width]),
    attention_mask: int64(new Array<number>(batch * (firstPosition + width)).fill(1), [batch, firstPosition + width]),
    position_ids: int64(
      Array.from({ length: batch * width }, (_, k) => firstPosition + (k % width)),
      [batch, width],
    ),
    ...past,
  });
  const keepPresent = (out: InferenceSession.OnnxValueMapType): void => {
    past = {};
    for (let l = 0; l < numLayers; l++) {
      past[`past_key_values.${l}.key`] = out[`present.${l}.key`];
      past[`past_key_values.${l}.value`] = out[`present.${l}.value`];
    }
  };
  const tokens: number[][] = prompts.map(() => []);
  let t = performance.now();
  let out = await session.run(feedsFor(prompts.flat(), promptLength, 0));
  argmaxRows(
    out.logits.data as Float32Array,
    batch,
    vocabSize,
    promptLength * vocabSize,
    (promptLength - 1) * vocabSize,
  ).forEach((token, i) => tokens[i].push(token));
  keepPresent(out);
  const prefillMs = performance.now() - t;
  const stepMs: number[] = [];
  for (let s = 0; s < steps; s++) {
    t = performance.now();
    out = await session.run(
      feedsFor(
        tokens.map((row) => row[row.length - 1]),
        1,
        promptLength + s,
      ),
    );
    argmaxRows(out.logits.data as Float32Array, batch, vocabSize).forEach((token, i) => tokens[i].push(token));
    keepPresent(out);
    stepMs.push(performance.now() - t);
  }
  await session.release();
  return { name: 'bare standard loop (model.onnx)', prefillMs, decodeMs: sum(stepMs), stepMs, tokens };
}

async function main(): Promise<void> {
  const [folder = '.bench/gpt-neo-125m-random', ...numbers] = process.argv.slice(2);
  const [batch = 32, steps = 64, promptLength = 16, threads = 0, maxLengthArg = 0] = numbers.map(Number);
  const maxSequenceLength = maxLengthArg > 0 ? maxLengthArg : promptLength + steps;
  const configFile = join(folder, 'config.json');
  const config = parseGptNeoConfig(JSON.parse(await readFile(configFile, 'utf8')) as unknown, configFile);
  const prompts = makePrompts(batch, promptLength, config.vocabSize);
  const options: InferenceSession.SessionOptions = {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    extra: { session: { intra_op: { allow_spinning: '0' } } },
    ...(threads > 0 ? { intraOpNumThreads: threads } : {}),
  };
  console.log(
    `${folder}: hidden ${config.hiddenSize}, ${config.numLayers} layers, ${config.numHeads} heads; ` +
      `batch ${batch} x ${steps} greedy steps after ${promptLength}-token prompts; fused maxSequenceLength ${maxSequenceLength}`,
  );
  const runs = [
    await fused(folder, prompts, steps, options, maxSequenceLength),
    await bare(folder, config, prompts, steps, options),
  ];
  for (const run of runs) {
    const decoded = batch * steps;
    const all = decoded + batch;
    console.log(
      `${run.name.padEnd(32)} decode ${((decoded / run.decodeMs) * 1000).toFixed(1)} tokens/s ` +
        `(mean ${(run.decodeMs / steps).toFixed(1)} ms/step; median step ${median(run.stepMs).toFixed(1)} ms = ` +
        `${((batch / median(run.stepMs)) * 1000).toFixed(1)} tokens/s), with prefill ${((all / (run.prefillMs + run.decodeMs)) * 1000).toFixed(1)} tokens/s ` +
        `(prefill ${run.prefillMs.toFixed(0)} ms)`,
    );
  }
  const same = runs[0].tokens.filter((row, i) => row.every((token, j) => token === runs[1].tokens[i][j])).length;
  console.log(`sequences with identical greedy tokens in both: ${same}/${batch}`);
}

void main();
