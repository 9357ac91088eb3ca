/**
 * @jest-environment ./libs/inference/src/testing/onnxruntime-node.environment.ts
 */
import path from 'node:path';
import type * as Transformers from '@huggingface/transformers' with { 'resolution-mode': 'import' };
import { BUNDLED_MODEL_DIR } from '../model/__fixtures__/bundled-model';
import type { ChatTurn } from '../model/gpt-neo-tokenizer';
import { InferenceEngine } from './inference-engine';

const MAX_NEW_TOKENS = 24;
const silent = { log: () => undefined, warn: () => undefined };

const CONVERSATIONS: ChatTurn[][] = [
  [{ speaker: 'customer', text: 'Where is my order?' }],
  [{ speaker: 'customer', text: 'Hi! I was charged twice for the same invoice, can you help?' }],
  [
    { speaker: 'customer', text: 'hello' },
    { speaker: 'agent', text: 'Hi, how can I help you today?' },
    { speaker: 'customer', text: 'I need to change the delivery address of order 48213' },
  ],
  [{ speaker: 'customer', text: 'Ça ne marche pas 😡 my password reset link expired' }],
  // Longer than the 256-token local attention window.
  [
    ...Array.from({ length: 6 }, (_, i): ChatTurn[] => [
      {
        speaker: 'customer',
        text: `Question ${i}: my parcel still has not arrived and the tracking page shows nothing new at all.`,
      },
      { speaker: 'agent', text: 'I am sorry about the delay. Could you give me your order number so I can check it?' },
    ]).flat(),
    { speaker: 'customer', text: 'It is 77120. Please escalate this to a human now.' },
  ],
];

/** transformers.js is an implementation none of us wrote; on the same files its greedy tokens are the reference. */
describe('greedy decoding against transformers.js', () => {
  let transformers: typeof Transformers;
  let reference: Transformers.PreTrainedModel;
  const prompts: number[][] = [];
  const expected: number[][] = [];

  beforeAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    transformers = require('@huggingface/transformers') as typeof Transformers;
    transformers.env.allowRemoteModels = false;
    transformers.env.localModelPath = `${path.dirname(BUNDLED_MODEL_DIR)}/`;
    reference = await transformers.AutoModelForCausalLM.from_pretrained(path.basename(BUNDLED_MODEL_DIR), {
      dtype: 'fp32',
      device: 'cpu',
    });
    const engine = await InferenceEngine.load(
      BUNDLED_MODEL_DIR,
      { device: 'cpu', cpuThreads: 0, maxBatchSize: 1, maxQueued: 1, decoder: 'standard' },
      silent,
    );
    for (const turns of CONVERSATIONS) {
      const ids = engine.tokenizer.encodeChatPrompt(turns);
      prompts.push(ids);
      const input = new transformers.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]);
      const mask = new transformers.Tensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]);
      const output = (await reference.generate({
        input_ids: input,
        attention_mask: mask,
        max_new_tokens: MAX_NEW_TOKENS,
        do_sample: false,
        repetition_penalty: 1,
      })) as Transformers.Tensor;
      expected.push(Array.from(output.data as BigInt64Array, Number).slice(ids.length));
    }
    await engine.close('cancel');
    expect(prompts.some((ids) => ids.length > 256)).toBe(true);
    // A reference that says the same token everywhere would make the comparison vacuous.
    expect(new Set(expected.flat()).size).toBeGreaterThan(10);
  });

  afterAll(async () => {
    await reference.dispose();
  });

  it.each(['standard', 'fused'] as const)(
    'should produce the same tokens as transformers.js with the %s decoder, batched together',
    async (decoder) => {
      const sut = await InferenceEngine.load(
        BUNDLED_MODEL_DIR,
        { device: 'cpu', cpuThreads: 0, maxBatchSize: CONVERSATIONS.length, maxQueued: 8, decoder },
        silent,
      );
      try {
        const params = {
          maxNewTokens: MAX_NEW_TOKENS,
          temperature: 0,
          topK: 0,
          topP: 1,
          repetitionPenalty: 1,
          stop: [],
        };
        const results = await Promise.all(prompts.map((promptIds) => sut.generate({ promptIds, params })));
        expect(results.map((result) => result.tokenIds)).toEqual(expected);
      } finally {
        await sut.close('cancel');
      }
    },
  );
});
