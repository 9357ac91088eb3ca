/**
 * npm run eval:quantized — what quantized weights cost in quality, one run, printed:
 *   - the bundled model: intent accuracy on the 600 held-out openings (tools/model/eval.py's criterion and
 *     condition: no persona, greedy, the default generation settings) with fp32, int8 and int4 weights, and the
 *     share of replies identical to fp32's;
 *   - the GPT-Neo-125M shape (random weights, .bench/gpt-neo-125m-random, written by npm run bench:inference):
 *     top-1 agreement with fp32 over 1,024 positions (16 prompts, 64 teacher-forced steps each: every dtype is
 *     fed fp32's greedy tokens, so one early difference does not count again at every later position).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { DEFAULT_GENERATION_PARAMETERS } from '@neodesk/contracts';
import {
  type EngineDtype,
  ENGINE_ONNX_FILE,
  FusedBatchDecoder,
  InferenceEngine,
  ModelFolderLoader,
  argmax,
  parseGenerationParams,
  preparedEngineGraph,
} from '@neodesk/inference';
import { BENCH_MESSAGES } from './prompts';
import { heldoutDialogues, intentMarkers, classifyReply } from '../confidence/heldout';

const ROOT = path.resolve(__dirname, '..', '..');
const BUNDLED = path.join(ROOT, 'models', 'neodesk-support-gpt-neo');
const LARGE = path.join(ROOT, '.bench', 'gpt-neo-125m-random');
const DTYPES: EngineDtype[] = ['fp32', 'int8', 'int4'];
const THREADS = availableParallelism();

async function bundledReplies(dtype: EngineDtype): Promise<{ texts: string[]; right: number }> {
  const dialogues = heldoutDialogues();
  const markers = intentMarkers();
  const engine = await InferenceEngine.load(
    BUNDLED,
    { device: 'cpu', cpuThreads: THREADS, maxBatchSize: 16, maxQueued: dialogues.length, weightDtype: dtype },
    { log: () => undefined, warn: (message) => process.stderr.write(`${message}\n`) },
  );
  try {
    const params = parseGenerationParams({ ...DEFAULT_GENERATION_PARAMETERS });
    const results = await Promise.all(
      dialogues.map((dialogue) => engine.generateChat({ persona: null, turns: [dialogue.turns[0]], params })),
    );
    const texts = results.map((result) => result.text);
    const right = texts.filter((text, i) => classifyReply(text, markers) === dialogues[i].intent).length;
    return { texts, right };
  } finally {
    await engine.close('cancel');
  }
}

/** Greedy choices at every position of 16 prompts x 64 steps, fed `forced` tokens when given. */
async function positions(dtype: EngineDtype, forced?: number[][]): Promise<number[][]> {
  const model = await new ModelFolderLoader().load(LARGE);
  await model.decoder.session.release();
  const graph = await preparedEngineGraph(path.join(LARGE, ENGINE_ONNX_FILE), dtype, { modelDir: LARGE });
  const rows = 16;
  const steps = 64;
  const decoder = await FusedBatchDecoder.create(LARGE, {
    maxSequences: rows,
    maxSequenceLength: 160,
    engineFile: graph.path,
    sessionOptions: { intraOpNumThreads: THREADS },
  });
  const vocab = model.config.vocabSize;
  const chosen: number[][] = Array.from({ length: rows }, () => []);
  try {
    const prompts = Array.from({ length: rows }, (_, sequenceId) => ({
      sequenceId,
      promptIds: model.tokenizer.encodeChatPrompt([
        { speaker: 'customer', text: BENCH_MESSAGES[sequenceId % BENCH_MESSAGES.length] },
      ]),
    }));
    let logits = (await decoder.prefillMany(prompts)).map((row) => row.slice());
    for (let step = 0; step < steps; step++) {
      logits.forEach((row, i) => chosen[i].push(argmax(row)));
      if (step + 1 === steps) {
        break;
      }
      const out = await decoder.step(
        prompts.map(({ sequenceId }, i) => ({ sequenceId, token: forced?.[i][step] ?? chosen[i][step] })),
      );
      logits = prompts.map((_, i) => out.slice(i * vocab, (i + 1) * vocab));
    }
  } finally {
    await decoder.dispose();
  }
  return chosen;
}

const output: string[] = [];

/** Printed, and kept for .bench/eval-quantized.md (npm run bench:inference:readme puts it into README.md). */
function print(line: string): void {
  output.push(line);
  console.log(line);
}

async function main(): Promise<void> {
  const pct = (share: number) => `${(100 * share).toFixed(1)}%`;
  print('Bundled model, 600 held-out openings (no persona, greedy, default generation settings):');
  const reference = await bundledReplies('fp32');
  const total = reference.texts.length;
  print(`| dtype | intent accuracy | replies identical to fp32 |`);
  print(`| --- | --- | --- |`);
  print(`| fp32 | ${reference.right}/${total} = ${pct(reference.right / total)} | - |`);
  for (const dtype of DTYPES.slice(1)) {
    const { texts, right } = await bundledReplies(dtype);
    const same = texts.filter((text, i) => text === reference.texts[i]).length;
    print(
      `| ${dtype} | ${right}/${total} = ${pct(right / total)} (${((100 * (right - reference.right)) / total).toFixed(1)} points) | ${same}/${total} = ${pct(same / total)} |`,
    );
  }
  if (!existsSync(path.join(LARGE, ENGINE_ONNX_FILE))) {
    throw new Error(`${LARGE} is missing: run npm run bench:inference once to write it`);
  }
  print('\nGPT-Neo-125M shape (random weights), 16 prompts x 64 teacher-forced positions:');
  const fp32 = await positions('fp32');
  print(`| dtype | top-1 agreement with fp32 |`);
  print(`| --- | --- |`);
  for (const dtype of DTYPES.slice(1)) {
    const chosen = await positions(dtype, fp32);
    const all = fp32.flat().length;
    const agree = chosen.flat().filter((token, i) => token === fp32.flat()[i]).length;
    print(`| ${dtype} | ${agree}/${all} = ${pct(agree / all)} |`);
  }
  writeFileSync(path.join(ROOT, '.bench', 'eval-quantized.md'), `${output.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
