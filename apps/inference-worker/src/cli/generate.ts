import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ConfigError } from '@neodesk/config';
import {
  GenerationError,
  InferenceEngine,
  ModelLoadError,
  parseGenerationParams,
  summarizeTokenLogprobs,
} from '@neodesk/inference';
import { loadWorkerConfig } from '../config/worker-config';
import { engineOptionsFrom } from '../engine-options';

const USAGE = `Usage: npm run generate -- [options] "customer message"
  --max-new-tokens N   (default 96)     --temperature T (default 0: greedy)
  --top-k K            --top-p P        --repetition-penalty R   --seed S
  --persona TEXT       system part placed before the conversation
Reads MODEL_DIR, INFERENCE_DEVICE, INFERENCE_CPU_THREADS like the worker.`;

/** Streams one reply of the model to the terminal: the worker's engine, without the gateway. */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'max-new-tokens': { type: 'string' },
      temperature: { type: 'string' },
      'top-k': { type: 'string' },
      'top-p': { type: 'string' },
      'repetition-penalty': { type: 'string' },
      seed: { type: 'string' },
      persona: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const text = positionals.join(' ').trim();
  if (values.help === true || text.length === 0) {
    process.stderr.write(`${USAGE}\n`);
    return values.help === true ? 0 : 2;
  }
  const numeric = (value: string | undefined): number | undefined => (value === undefined ? undefined : Number(value));
  const params = parseGenerationParams(
    Object.fromEntries(
      Object.entries({
        maxNewTokens: numeric(values['max-new-tokens']),
        temperature: numeric(values.temperature),
        topK: numeric(values['top-k']),
        topP: numeric(values['top-p']),
        repetitionPenalty: numeric(values['repetition-penalty']),
        seed: numeric(values.seed),
      }).filter(([, value]) => value !== undefined),
    ),
  );
  const config = loadWorkerConfig(process.env);
  const quiet = {
    log: (message: string) => process.stderr.write(`${message}\n`),
    warn: (m: string) => process.stderr.write(`${m}\n`),
  };
  const engine = await InferenceEngine.load(config.modelDir, { ...engineOptionsFrom(config), maxBatchSize: 1 }, quiet);
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  try {
    const result = await engine.generateChat({
      persona: values.persona ?? null,
      turns: [{ speaker: 'customer', text }],
      params,
      signal: controller.signal,
      onText: (delta) => process.stdout.write(delta),
    });
    process.stdout.write('\n');
    const seconds = (result.totalMs - result.timeToFirstTokenMs) / 1000;
    const confidence = summarizeTokenLogprobs(result.tokenLogprobs);
    process.stderr.write(
      `[${result.finishReason}] ${result.promptTokens} prompt + ${result.completionTokens} new tokens, ` +
        `first token ${result.timeToFirstTokenMs.toFixed(0)} ms, ` +
        `${seconds > 0 ? ((result.completionTokens - 1) / seconds).toFixed(1) : '-'} tokens/s` +
        (confidence === null
          ? '\n'
          : `, token probability mean ${confidence.mean.toFixed(3)} min ${confidence.min.toFixed(3)}\n`),
    );
    return 0;
  } finally {
    await engine.close('cancel');
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Mistakes in arguments, environment or model folder get their message alone; bugs get the stack.
    const known = error instanceof ConfigError || error instanceof ModelLoadError || error instanceof GenerationError;
    const message = error instanceof Error ? (known ? error.message : (error.stack ?? error.message)) : String(error);
    process.stderr.write(`${message}\n`);
    process.exit(1);
  },
);
