/**
 * @jest-environment ./libs/inference/src/testing/onnxruntime-node.environment.ts
 */
import { BUNDLED_MODEL_DIR } from '../model/__fixtures__/bundled-model';
import { parseGenerationParams } from '../generation/generation-params';
import { InferenceEngine } from './inference-engine';

const silent = { log: () => undefined, warn: () => undefined };

describe(InferenceEngine.name, () => {
  let sut: InferenceEngine;

  beforeAll(async () => {
    sut = await InferenceEngine.load(
      BUNDLED_MODEL_DIR,
      { device: 'cpu', cpuThreads: 0, maxBatchSize: 4, maxQueued: 8 },
      silent,
    );
  });

  afterAll(async () => {
    await sut.close('cancel');
  });

  it('should describe the loaded model', () => {
    expect(sut.description).toMatchObject({
      modelId: 'neodesk-support-gpt-neo',
      provider: 'cpu',
      maxBatchSize: 4,
      maxSequenceLength: 512,
      vocabSize: 50257,
    });
    expect(sut.description.modelVersion).toMatch(/^[0-9a-f]{12}$/);
  });

  it('should stream a chat reply whose deltas add up to the final text, without the leading space', async () => {
    const deltas: string[] = [];
    const result = await sut.generateChat({
      persona: null,
      turns: [{ speaker: 'customer', text: 'What are your opening hours?' }],
      params: parseGenerationParams({ maxNewTokens: 48, repetitionPenalty: 1 }),
      onText: (delta) => deltas.push(delta),
    });
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(result.text);
    expect(result.text).not.toMatch(/^\s/);
    expect(result.text.length).toBeGreaterThan(10);
    expect(['eos', 'length']).toContain(result.finishReason);
  });

  it('should give the same sampled text for the same seed and usually another for another seed', async () => {
    const turns = [{ speaker: 'customer' as const, text: 'hi there, I need help with my account' }];
    const sample = (seed: number) =>
      sut.generateChat({
        persona: null,
        turns,
        params: parseGenerationParams({ maxNewTokens: 32, temperature: 1.2, topK: 50, seed }),
      });
    const [a, b] = await Promise.all([sample(7), sample(7)]);
    expect(a.tokenIds).toEqual(b.tokenIds);
    const others = await Promise.all([sample(8), sample(9), sample(10)]);
    expect(others.some((other) => other.text !== a.text)).toBe(true);
  });

  it('should stop at a stop sequence without letting any part of it into the stream', async () => {
    const turns = [{ speaker: 'customer' as const, text: 'What are your opening hours?' }];
    const free = await sut.generateChat({ persona: null, turns, params: parseGenerationParams({ maxNewTokens: 48 }) });
    const words = free.text.split(' ');
    expect(words.length).toBeGreaterThan(4);
    const stop = ` ${words[3]}`;
    const deltas: string[] = [];
    const stopped = await sut.generateChat({
      persona: null,
      turns,
      params: parseGenerationParams({ maxNewTokens: 48, stop: [stop] }),
      onText: (delta) => deltas.push(delta),
    });
    expect(stopped.finishReason).toBe('stop');
    expect(stopped.text).toBe(free.text.slice(0, free.text.indexOf(stop)));
    expect(deltas.join('')).toBe(stopped.text);
  });

  it('should keep the persona and the newest message when a long history must be cut to fit', async () => {
    const turns = Array.from({ length: 80 }, (_, i) => ({
      speaker: i % 2 === 0 ? ('customer' as const) : ('agent' as const),
      text: `message number ${i} about the parcel that did not arrive on time`,
    }));
    const result = await sut.generateChat({
      persona: 'You are Neo, the assistant of the shop.',
      turns,
      params: parseGenerationParams({ maxNewTokens: 16 }),
    });
    expect(result.promptTokens).toBeLessThanOrEqual(512 - 16);
    expect(result.promptTokens).toBeGreaterThan(400);
    expect(result.completionTokens).toBeGreaterThan(0);
  });

  it('should refuse invalid generation parameters with the field named', () => {
    expect(() => parseGenerationParams({ temperature: 5 })).toThrow(/temperature/);
    expect(() => parseGenerationParams({ maxNewTokens: 0 })).toThrow(/maxNewTokens/);
  });
});
