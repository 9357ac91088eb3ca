/**
 * @jest-environment ./libs/inference/src/testing/onnxruntime-node.environment.ts
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Transformers from '@huggingface/transformers' with { 'resolution-mode': 'import' };
import { FusedBatchDecoder } from '../engine/fused-batch-decoder';
import { parseGptNeoConfig } from '../model/gpt-neo-config';
import { argmax } from '../generation/sampler';
import { checkpointEngineGraph } from './checkpoint-engine-graph';
import { derivedEngineGraph } from './derive-engine-graph';

/** tools/model/make_layout_fixture.py: one tiny random GPT-Neo (vocabulary 512, window 8) in four layouts. */
const FIXTURES = join(__dirname, '__fixtures__');
/**
 * [what, the folder our graph is made from, the folder and decoder file transformers.js runs]: a checkpoint
 * folder has no ONNX file for transformers.js, so it runs the optimum export of the same weights.
 */
const LAYOUTS = [
  ['an optimum export', 'tiny-gpt-neo-optimum', 'tiny-gpt-neo-optimum', 'model'],
  ['our standard export', 'tiny-gpt-neo-standard', 'tiny-gpt-neo-standard', 'model'],
  ["optimum's merged decoder", 'tiny-gpt-neo-merged', 'tiny-gpt-neo-merged', 'decoder_model_merged'],
  [
    'a Hugging Face checkpoint (model.safetensors, no ONNX)',
    'tiny-gpt-neo-checkpoint',
    'tiny-gpt-neo-optimum',
    'model',
  ],
] as const;
const PROMPTS = [
  [5, 17, 300, 42, 42, 9, 128, 77, 3, 250, 11],
  [1, 2, 3],
  [400, 401, 7, 7, 7, 90, 12, 12, 500, 33, 64, 128, 256, 19],
];
const NEW_TOKENS = 16;

/**
 * transformers.js is an implementation none of us wrote: on each layout's own files, the fused graph the
 * worker derives (or, from a checkpoint, builds) in TypeScript gives its greedy tokens (past the local
 * attention window of 8).
 */
describe('derived engine graphs against transformers.js', () => {
  let transformers: typeof Transformers;
  let cacheDir: string;

  beforeAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    transformers = require('@huggingface/transformers') as typeof Transformers;
    transformers.env.allowRemoteModels = false;
    transformers.env.localModelPath = `${FIXTURES}/`;
    cacheDir = await mkdtemp(join(tmpdir(), 'neodesk-derive-tjs-'));
  });

  afterAll(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  it.each(LAYOUTS)('should give transformers.js greedy tokens on %s', async (_, name, referenceName, modelFileName) => {
    const folder = join(FIXTURES, name);
    const reference = await transformers.AutoModelForCausalLM.from_pretrained(referenceName, {
      dtype: 'fp32',
      device: 'cpu',
      model_file_name: modelFileName,
    });
    const expected: number[][] = [];
    try {
      for (const prompt of PROMPTS) {
        const input = new transformers.Tensor('int64', BigInt64Array.from(prompt.map(BigInt)), [1, prompt.length]);
        const mask = new transformers.Tensor('int64', new BigInt64Array(prompt.length).fill(1n), [1, prompt.length]);
        const output = (await reference.generate({
          input_ids: input,
          attention_mask: mask,
          max_new_tokens: NEW_TOKENS,
          min_new_tokens: NEW_TOKENS,
          do_sample: false,
          repetition_penalty: 1,
        })) as Transformers.Tensor;
        expected.push(Array.from(output.data as BigInt64Array, Number).slice(prompt.length));
      }
    } finally {
      await reference.dispose();
    }
    // A reference that repeats one token would make the comparison vacuous.
    expect(new Set(expected.flat()).size).toBeGreaterThan(5);

    const raw = JSON.parse(await readFile(join(folder, 'config.json'), 'utf8')) as Record<string, unknown>;
    const config = parseGptNeoConfig(raw, 'config.json');
    const graph =
      name === 'tiny-gpt-neo-checkpoint'
        ? await checkpointEngineGraph(folder, config, 1e-5, { cacheDir })
        : await derivedEngineGraph(folder, config, 1e-5, {
            cacheDir,
            decoderFile: join('onnx', `${modelFileName}.onnx`),
          });
    const decoder = await FusedBatchDecoder.create(folder, {
      maxSequences: PROMPTS.length,
      engineFile: graph.path,
      sessionOptions: { intraOpNumThreads: 1 },
    });
    try {
      const prefilled = await decoder.prefillMany(PROMPTS.map((promptIds, sequenceId) => ({ sequenceId, promptIds })));
      const actual = PROMPTS.map((_, i) => [argmax(prefilled[i])]);
      for (let step = 1; step < NEW_TOKENS; step++) {
        const rows = await decoder.step(actual.map((tokens, sequenceId) => ({ sequenceId, token: tokens.at(-1)! })));
        const vocab = rows.length / PROMPTS.length;
        actual.forEach((tokens, i) => tokens.push(argmax(rows.subarray(i * vocab, (i + 1) * vocab))));
      }
      expect(actual).toEqual(expected);
    } finally {
      await decoder.dispose();
    }
  });
});
