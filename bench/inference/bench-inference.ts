/**
 * npm run bench:inference — one run on this machine, side by side:
 *   ours (the engine as a worker runs it by default: fused graph, batch 16, one thread per CPU, weights as
 *   INFERENCE_DTYPE says), transformers.js text generation on the standard export, the bare batched decode
 *   loop (the runtime's floor as exported) and the compute roofline (large-MatMul GFLOP/s over the model's
 *   FLOPs per token, a printed reference), for the bundled model and a GPT-Neo-125M-shaped model with random
 *   weights, in fp32, int8 and int4 (ours only), at concurrency 1, 8 and 32, 64 new tokens each, greedy.
 * Each row runs BENCH_REPEATS times (default 3), each in its own process (peak RSS per implementation); the
 * table shows the median tokens/s with the min and max. Prints a markdown table.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { percentile } from '@neodesk/inference';

const ROOT = path.resolve(__dirname, '..', '..');
const WORK = path.join(ROOT, '.bench');
const PYTHON = '/usr/bin/python3';
const NEW_TOKENS = Number(process.env.BENCH_NEW_TOKENS ?? 64);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '1,8,32').split(',').map(Number);
const DTYPES = (process.env.BENCH_DTYPES ?? 'fp32,int8,int4').split(',');
const IMPLS = (process.env.BENCH_IMPLS ?? 'ours,transformers,floor').split(',');
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
/** transformers.js and the bare loop have no int4 file to read. */
const OURS_ONLY = new Set(['int4']);

interface Row {
  impl: string;
  /** Tokens/s of each repeat, sorted. */
  runs?: number[];
  decoder?: string;
  tokens: number;
  wallMs: number;
  tokensPerSecond: number;
  ttftMs: number[];
  interTokenMs: number[];
  peakRssMb: number;
}

interface BenchModel {
  name: string;
  dir: string;
  /** Only ours, in these dtypes (the derived fast path of a user's export). */
  oursOnly?: readonly string[];
}

function python(args: string[]): void {
  execFileSync(PYTHON, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
}

/** Whether `target` is missing or older than any of `sources` (make's rule). */
function stale(target: string, ...sources: string[]): boolean {
  return !existsSync(target) || sources.some((source) => statSync(source).mtimeMs > statSync(target).mtimeMs);
}

/**
 * The bundled model copied aside (so its int8 file is not written into models/), and the 125M shape;
 * each rebuilt when what it is made from changed since (a copy of an older bundled model or an engine
 * graph written by an older engine_graph.py would measure the old engine).
 */
function prepareModels(): BenchModel[] {
  mkdirSync(WORK, { recursive: true });
  const source = path.join(ROOT, 'models', 'neodesk-support-gpt-neo');
  const bundled = path.join(WORK, 'neodesk-support-gpt-neo');
  for (const file of readdirSync(source, { recursive: true, encoding: 'utf8' })) {
    if (file.startsWith('.neodesk-cache')) {
      continue;
    }
    const from = path.join(source, file);
    const to = path.join(bundled, file);
    if (statSync(from).isFile() && stale(to, from)) {
      mkdirSync(path.dirname(to), { recursive: true });
      cpSync(from, to);
    }
  }
  const large = path.join(WORK, 'gpt-neo-125m-random');
  if (!existsSync(path.join(large, 'onnx', 'model.onnx'))) {
    // Seeded random weights in the GPT-Neo-125M shape: the standard export and the engine graph, same weights.
    python(['tools/model/export.py', '--random-125m', '--engine', '--out', large]);
  } else if (stale(path.join(large, 'onnx', 'model_engine.onnx'), path.join(ROOT, 'tools/model/engine_graph.py'))) {
    python(['tools/model/engine_graph.py', '--random-125m', '--model', large]);
  }
  for (const dir of [bundled, large]) {
    const quantized = path.join(dir, 'onnx', 'model_quantized.onnx');
    if (DTYPES.includes('int8') && stale(quantized, path.join(dir, 'onnx', 'model.onnx'))) {
      python(['tools/model/quantize.py', '--model', dir]);
    }
  }
  const matmul = path.join(WORK, 'matmul-2048.onnx');
  if (!existsSync(matmul)) {
    python(['tools/model/matmul_model.py', '--out', matmul, '--size', '2048']);
  }
  // The same random weights stored as optimum's exporter stores them, without an engine graph: the worker
  // derives its fused graph at load (libs/inference/src/onnx-graph/derive-engine-graph.ts).
  const optimum = path.join(WORK, 'gpt-neo-125m-optimum');
  if (!existsSync(path.join(optimum, 'onnx', 'model.onnx'))) {
    python(['tools/model/export.py', '--random-125m', '--optimum-layout', '--out', optimum]);
  }
  return [
    { name: 'bundled', dir: bundled },
    { name: 'gpt-neo-125M shape', dir: large },
    { name: 'gpt-neo-125M shape, optimum export (derived)', dir: optimum, oursOnly: ['fp32', 'int8'] },
  ];
}

function runRow(args: string[]): Row | { gflops: number } {
  const result = spawnSync(
    process.execPath,
    [
      // As the worker runs (package.json start:worker), for every implementation alike.
      '--single-threaded-gc',
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      path.join(__dirname, 'run-one.ts'),
      ...args,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') },
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    },
  );
  const line = result.stdout.trim().split('\n').pop() ?? '';
  if (result.status !== 0 || !line.startsWith('{')) {
    throw new Error(`run-one ${args.join(' ')} failed:\n${result.stderr}`);
  }
  return JSON.parse(line) as Row | { gflops: number };
}

/** Multiply-adds per generated token, x2: the layers' matrices, the tied output layer and attention at `context`. */
function flopsPerToken(dir: string, context: number): number {
  const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as {
    hidden_size: number;
    num_layers: number;
    vocab_size: number;
    intermediate_size: number | null;
  };
  const h = config.hidden_size;
  const inner = config.intermediate_size ?? 4 * h;
  const perLayer = 4 * h * h + 2 * h * inner + 2 * h * context;
  return 2 * (config.num_layers * perLayer + h * config.vocab_size);
}

/** The targets, each a ratio of two medians of this run (NaN where a row was not run). */
function targetLines(results: ReadonlyMap<string, number>): string[] {
  const at = (model: string, dtype: string, concurrency: number, impl = 'ours') =>
    results.get(`${model}|${dtype}|${concurrency}|${impl}`) ?? NaN;
  const large = 'gpt-neo-125M shape';
  const optimum = 'gpt-neo-125M shape, optimum export (derived)';
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  return [
    `- 125M shape, concurrency 32: ours int8 / ours fp32 = ${ratio(at(large, 'int8', 32), at(large, 'fp32', 32))}; ` +
      `ours int8 / transformers.js q8 = ${ratio(at(large, 'int8', 32), at(large, 'int8', 32, 'transformers'))}`,
    `- 125M shape, concurrency 1: ours int8 / ours fp32 = ${ratio(at(large, 'int8', 1), at(large, 'fp32', 1))}`,
    `- 125M shape, optimum export through the derived fast path / our export, fp32: concurrency 1 ` +
      `${ratio(at(optimum, 'fp32', 1), at(large, 'fp32', 1))}, concurrency 32 ${ratio(at(optimum, 'fp32', 32), at(large, 'fp32', 32))}`,
    `- bundled model, concurrency 32: ours int8 / ours fp32 = ${ratio(at('bundled', 'int8', 32), at('bundled', 'fp32', 32))}`,
  ];
}

/** The row run REPEATS times: the median run's figures, with every run's tokens/s (sorted) in `runs`. */
function repeated(args: string[]): Row {
  const results = Array.from({ length: REPEATS }, () => runRow(args) as Row).sort(
    (a, b) => a.tokensPerSecond - b.tokensPerSecond,
  );
  const median = results[Math.floor(results.length / 2)];
  return { ...median, runs: results.map((result) => result.tokensPerSecond) };
}

function stats(values: number[]): string {
  if (values.length === 0) {
    return '-';
  }
  const sorted = [...values].sort((a, b) => a - b);
  return `${percentile(sorted, 0.5).toFixed(0)} / ${percentile(sorted, 0.95).toFixed(0)}`;
}

function main(): void {
  const models = prepareModels();
  const roofline = runRow(['roofline', path.join(WORK, 'matmul-2048.onnx')]) as { gflops: number };
  const results = new Map<string, number>();
  const lines: string[] = [
    `MatMul roofline: ${roofline.gflops.toFixed(0)} GFLOP/s (fp32, 2048x2048x2048, best of 5). ${NEW_TOKENS} new tokens per request, greedy. ` +
      `Ours as a worker runs by default: fused graph, INFERENCE_MAX_BATCH 16 (more requests queue), one onnxruntime thread per CPU. ` +
      `tokens/s: median of ${REPEATS} runs [min-max].`,
    '',
    '| model | dtype | conc | impl | tokens/s | TTFT p50/p95 ms | ITL p50/p95 ms | peak RSS MB | ours/tjs | ours/floor | ours/roofline | vs ours fp32 |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const model of models) {
    // Mean context while decoding: a typical prompt of ~30 tokens plus half the reply.
    const rooflineTokensPerSecond = (roofline.gflops * 1e9) / flopsPerToken(model.dir, 30 + NEW_TOKENS / 2);
    const oursFp32 = new Map<number, number>();
    for (const dtype of DTYPES.filter((each) => model.oursOnly?.includes(each) ?? true)) {
      for (const concurrency of CONCURRENCY) {
        const rows = new Map<string, Row>();
        const impls = IMPLS.filter(
          (each) => each === 'ours' || (!OURS_ONLY.has(dtype) && model.oursOnly === undefined),
        );
        for (const impl of impls) {
          const row = repeated([impl, model.dir, dtype, String(concurrency), String(NEW_TOKENS)]);
          rows.set(impl, row);
          process.stderr.write(
            `${model.name} ${dtype} c=${concurrency} ${impl}: ${(row.runs ?? []).map((v) => v.toFixed(1)).join(', ')} tokens/s\n`,
          );
        }
        const ours = rows.get('ours')?.tokensPerSecond ?? 0;
        results.set(`${model.name}|${dtype}|${concurrency}|ours`, ours);
        results.set(
          `${model.name}|${dtype}|${concurrency}|transformers`,
          rows.get('transformers')?.tokensPerSecond ?? NaN,
        );
        if (dtype === 'fp32') {
          oursFp32.set(concurrency, ours);
        }
        for (const [impl, row] of rows) {
          const isOurs = impl === 'ours';
          const name = isOurs
            ? `ours (${row.decoder ?? '?'})`
            : impl === 'transformers'
              ? 'transformers.js'
              : 'bare loop';
          const runs = row.runs ?? [row.tokensPerSecond];
          lines.push(
            [
              model.name,
              dtype,
              concurrency,
              name,
              `${row.tokensPerSecond.toFixed(1)} [${runs[0].toFixed(1)}-${runs[runs.length - 1].toFixed(1)}]`,
              stats(row.ttftMs),
              stats(row.interTokenMs),
              row.peakRssMb,
              isOurs && rows.has('transformers')
                ? (ours / (rows.get('transformers')?.tokensPerSecond ?? NaN)).toFixed(2)
                : '',
              isOurs && rows.has('floor') ? (ours / (rows.get('floor')?.tokensPerSecond ?? NaN)).toFixed(2) : '',
              isOurs ? `${((100 * ours) / rooflineTokensPerSecond).toFixed(0)}%` : '',
              isOurs && oursFp32.has(concurrency) ? (ours / (oursFp32.get(concurrency) ?? NaN)).toFixed(2) : '',
            ]
              .join(' | ')
              .replace(/^/, '| ')
              .concat(' |'),
          );
        }
      }
    }
  }
  lines.push('', ...targetLines(results));
  const output = `${lines.join('\n')}\n`;
  process.stdout.write(output);
  // npm run bench:inference:readme puts this run into README.md.
  writeFileSync(path.join(WORK, 'bench-inference.md'), output);
}

main();
