/**
 * One benchmark row, in its own process so that peak RSS belongs to one implementation.
 * Usage: run-one.ts <ours|transformers|floor|roofline> <modelDir> <fp32|int8|int4> <concurrency> <newTokens>
 * Ours runs as a worker does by default (PRODUCTION_MAX_BATCH, fused graph) with INFERENCE_DTYPE=<dtype>;
 * transformers.js and the bare loop read onnx/model_quantized.onnx for int8 (tools/model/quantize.py).
 * Prints one JSON line.
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type * as Transformers from '@huggingface/transformers' with { 'resolution-mode': 'import' };
import { InferenceEngine, ModelFolderLoader } from '@neodesk/inference';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { BENCH_MESSAGES } from './prompts';

interface RowResult {
  impl: string;
  tokens: number;
  wallMs: number;
  tokensPerSecond: number;
  ttftMs: number[];
  interTokenMs: number[];
  peakRssMb: number;
  decoder?: string;
}

const silent = { log: () => undefined, warn: () => undefined };

/** The worker's default INFERENCE_MAX_BATCH (apps/inference-worker/src/config/worker-config.ts). */
const PRODUCTION_MAX_BATCH = Number(process.env.BENCH_MAX_BATCH ?? 16);

/**
 * Intra-op threads for every implementation alike: BENCH_THREADS, else one per CPU. 0 leaves onnxruntime's
 * own default, which pins its threads to cores and ran every implementation ~40% slower on this machine.
 */
const THREADS = Number(process.env.BENCH_THREADS ?? availableParallelism());
const threadOptions = THREADS > 0 ? { intraOpNumThreads: THREADS } : {};

async function promptsFor(modelDir: string, count: number): Promise<number[][]> {
  const model = await new ModelFolderLoader().load(modelDir);
  const prompts = Array.from({ length: count }, (_, i) =>
    model.tokenizer.encodeChatPrompt([{ speaker: 'customer', text: BENCH_MESSAGES[i % BENCH_MESSAGES.length] }]),
  );
  await model.decoder.session.release();
  return prompts;
}

function onnxFileFor(dtype: string): string {
  return dtype === 'int8' ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx';
}

async function runOurs(modelDir: string, dtype: string, prompts: number[][], newTokens: number): Promise<RowResult> {
  const engine = await InferenceEngine.load(
    modelDir,
    {
      device: 'cpu',
      cpuThreads: THREADS,
      maxBatchSize: Math.min(prompts.length, PRODUCTION_MAX_BATCH),
      maxQueued: prompts.length,
      weightDtype: dtype as 'fp32' | 'int8' | 'int4',
    },
    silent,
  );
  const params = { maxNewTokens: newTokens, temperature: 0, topK: 0, topP: 1, repetitionPenalty: 1, stop: [] };
  // The same untimed warm-up generation transformers.js gets below: JIT and allocator settle first.
  await engine.generate({ promptIds: prompts[0].slice(0, 8), params, minNewTokens: newTokens });
  const started = performance.now();
  const results = await Promise.all(
    prompts.map((promptIds) => engine.generate({ promptIds, params, minNewTokens: newTokens })),
  );
  const wallMs = performance.now() - started;
  const tokens = results.reduce((sum, result) => sum + result.completionTokens, 0);
  await engine.close('cancel');
  return {
    impl: 'ours',
    decoder: engine.description.decoder,
    tokens,
    wallMs,
    tokensPerSecond: (tokens / wallMs) * 1000,
    ttftMs: results.map((result) => result.timeToFirstTokenMs),
    interTokenMs: results.flatMap((result) => result.tokenGapsMs),
    peakRssMb: 0,
  };
}

async function runTransformers(
  modelDir: string,
  dtype: string,
  prompts: number[][],
  newTokens: number,
): Promise<RowResult> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const transformers = require('@huggingface/transformers') as typeof Transformers;
  transformers.env.allowRemoteModels = false;
  transformers.env.localModelPath = `${path.dirname(modelDir)}/`;
  const model = await transformers.AutoModelForCausalLM.from_pretrained(path.basename(modelDir), {
    dtype: dtype === 'int8' ? 'q8' : 'fp32',
    device: 'cpu',
    session_options: threadOptions,
  });
  const tokenizer = await transformers.AutoTokenizer.from_pretrained(path.basename(modelDir));
  const generate = async (ids: number[], streamer?: Transformers.TextStreamer): Promise<void> => {
    await model.generate({
      input_ids: new transformers.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]),
      attention_mask: new transformers.Tensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]),
      max_new_tokens: newTokens,
      min_new_tokens: newTokens,
      do_sample: false,
      streamer,
    });
  };
  await generate(prompts[0].slice(0, 8));
  const ttft: number[] = [];
  const gaps: number[] = [];
  const started = performance.now();
  await Promise.all(
    prompts.map((ids) => {
      const submitted = performance.now();
      let last = 0;
      let seen = 0;
      // Called once per generated token (skip_prompt leaves the prompt out).
      const streamer = new transformers.TextStreamer(tokenizer, {
        skip_prompt: true,
        // Its default callback prints the text; only the timing matters here.
        callback_function: () => undefined,
        token_callback_function: () => {
          const now = performance.now();
          if (seen === 0) {
            ttft.push(now - submitted);
          } else {
            gaps.push(now - last);
          }
          seen++;
          last = now;
        },
      });
      return generate(ids, streamer);
    }),
  );
  const wallMs = performance.now() - started;
  const tokens = prompts.length * newTokens;
  await model.dispose();
  return {
    impl: 'transformers.js',
    tokens,
    wallMs,
    tokensPerSecond: (tokens / wallMs) * 1000,
    ttftMs: ttft,
    interTokenMs: gaps,
    peakRssMb: 0,
  };
}

/** The runtime's floor as exported: one batched decode loop with KV cache, no engine logic at all. */
async function runFloor(modelDir: string, dtype: string, prompts: number[][], newTokens: number): Promise<RowResult> {
  const session = await InferenceSession.create(path.join(modelDir, onnxFileFor(dtype)), {
    graphOptimizationLevel: 'all',
    ...threadOptions,
  });
  const config = JSON.parse(await readFile(path.join(modelDir, 'config.json'), 'utf8')) as {
    num_layers: number;
    num_heads: number;
    hidden_size: number;
    vocab_size: number;
  };
  const headDim = config.hidden_size / config.num_heads;
  const batch = prompts.length;
  const width = Math.max(...prompts.map((p) => p.length));
  const ids = new BigInt64Array(batch * width);
  const mask: number[][] = [];
  const positions = new BigInt64Array(batch * width);
  prompts.forEach((p, b) => {
    const pad = width - p.length;
    p.forEach((id, j) => {
      ids[b * width + pad + j] = BigInt(id);
      positions[b * width + pad + j] = BigInt(j);
    });
    mask.push([...new Array<number>(pad).fill(0), ...new Array<number>(p.length).fill(1)]);
  });
  const feeds: Record<string, Tensor> = {
    input_ids: new Tensor('int64', ids, [batch, width]),
    attention_mask: maskTensor(mask),
    position_ids: new Tensor('int64', positions, [batch, width]),
  };
  for (let layer = 0; layer < config.num_layers; layer++) {
    for (const kind of ['key', 'value']) {
      feeds[`past_key_values.${layer}.${kind}`] = new Tensor('float32', new Float32Array(0), [
        batch,
        config.num_heads,
        0,
        headDim,
      ]);
    }
  }
  const lengths = prompts.map((p) => p.length);
  // An untimed warm-up run of the same loop, as the other implementations get one.
  await decodeLoop(
    session,
    { ...feeds },
    mask.map((row) => [...row]),
    [...lengths],
    config,
    newTokens,
  );
  const timed = await decodeLoop(session, feeds, mask, lengths, config, newTokens);
  await session.release();
  const tokens = batch * newTokens;
  return {
    impl: 'floor',
    tokens,
    wallMs: timed.wallMs,
    tokensPerSecond: (tokens / timed.wallMs) * 1000,
    ttftMs: timed.ttft,
    interTokenMs: timed.gaps,
    peakRssMb: 0,
  };
}

interface FloorConfig {
  num_layers: number;
  vocab_size: number;
}

/** Prefill and `newTokens - 1` decode steps for the whole batch: present fed back as past, argmax in JS. */
async function decodeLoop(
  session: InferenceSession,
  feeds: Record<string, Tensor>,
  mask: number[][],
  lengths: number[],
  config: FloorConfig,
  newTokens: number,
): Promise<{ ttft: number[]; gaps: number[]; wallMs: number }> {
  const batch = lengths.length;
  const started = performance.now();
  const ttft: number[] = [];
  const gaps: number[] = [];
  let last = started;
  for (let step = 0; step < newTokens; step++) {
    const out = await session.run(feeds);
    const logits = out.logits.data as Float32Array;
    const seq = out.logits.dims[1];
    const vocab = config.vocab_size;
    const next = new BigInt64Array(batch);
    for (let b = 0; b < batch; b++) {
      const row = (b * seq + seq - 1) * vocab;
      let best = 0;
      for (let v = 1; v < vocab; v++) {
        if (logits[row + v] > logits[row + best]) {
          best = v;
        }
      }
      next[b] = BigInt(best);
    }
    const now = performance.now();
    if (step === 0) {
      ttft.push(...lengths.map(() => now - started));
    } else {
      gaps.push(now - last);
    }
    last = now;
    feeds.input_ids = new Tensor('int64', next, [batch, 1]);
    mask.forEach((row) => row.push(1));
    feeds.attention_mask = maskTensor(mask);
    feeds.position_ids = new Tensor('int64', BigInt64Array.from(lengths.map((length) => BigInt(length))), [batch, 1]);
    lengths.forEach((_, b) => lengths[b]++);
    for (let layer = 0; layer < config.num_layers; layer++) {
      for (const kind of ['key', 'value']) {
        feeds[`past_key_values.${layer}.${kind}`] = out[`present.${layer}.${kind}`];
      }
    }
  }
  return { ttft, gaps, wallMs: performance.now() - started };
}

function maskTensor(rows: number[][]): Tensor {
  const width = rows[0].length;
  const data = new BigInt64Array(rows.length * width);
  rows.forEach((row, b) => row.forEach((v, j) => (data[b * width + j] = BigInt(v))));
  return new Tensor('int64', data, [rows.length, width]);
}

/** GFLOP/s of a large fp32 MatMul in onnxruntime on this machine: the compute roofline. */
async function runRoofline(matmulModel: string): Promise<{ gflops: number }> {
  const session = await InferenceSession.create(matmulModel, { graphOptimizationLevel: 'all', ...threadOptions });
  const n = 2048;
  const a = new Tensor(
    'float32',
    Float32Array.from({ length: n * n }, () => Math.random() - 0.5),
    [n, n],
  );
  const b = new Tensor(
    'float32',
    Float32Array.from({ length: n * n }, () => Math.random() - 0.5),
    [n, n],
  );
  await session.run({ A: a, B: b });
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await session.run({ A: a, B: b });
    best = Math.min(best, performance.now() - started);
  }
  await session.release();
  return { gflops: (2 * n * n * n) / (best / 1000) / 1e9 };
}

async function main(): Promise<void> {
  const [impl, modelDir, dtype, concurrencyText, newTokensText] = process.argv.slice(2);
  if (impl === 'roofline') {
    process.stdout.write(`${JSON.stringify(await runRoofline(modelDir))}\n`);
    return;
  }
  const concurrency = Number(concurrencyText);
  const newTokens = Number(newTokensText);
  const prompts = await promptsFor(modelDir, concurrency);
  const run = impl === 'ours' ? runOurs : impl === 'transformers' ? runTransformers : runFloor;
  const result = await run(modelDir, dtype, prompts, newTokens);
  result.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
