/**
 * @jest-environment ./libs/inference/src/testing/onnxruntime-node.environment.ts
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLED_MODEL_DIR } from '../model/__fixtures__/bundled-model';
import { parseGptNeoConfig } from '../model/gpt-neo-config';
import { ModelLoadError } from '../model/model-load.error';
import { parseGenerationParams } from '../generation/generation-params';
import { gptNeoWeightsFrom } from '../onnx-graph/gpt-neo-weights';
import { readOnnxModel } from '../onnx-graph/onnx-model';
import { gptNeoStateDict, safetensorsBytes } from '../testing/safetensors-writer';
import { InferenceEngine } from './inference-engine';

const silent = { log: () => undefined, warn: () => undefined };
const METADATA = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json'];
const MESSAGES = [
  'Hi, where is my order? It should have arrived on Monday.',
  'I want to return the jacket I bought, it is too small',
  'can I pay with paypal',
];

/**
 * A Hugging Face checkpoint folder (config.json, tokenizer files, model.safetensors; no ONNX file), as
 * `save_pretrained` leaves a fine-tuned GPT-Neo: the worker builds its fused graph from the checkpoint and
 * serves it with the same replies as the ONNX export of the same weights.
 */
describe('a checkpoint folder without ONNX', () => {
  let folder: string;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'neodesk-checkpoint-'));
    for (const file of METADATA) {
      copyFileSync(join(BUNDLED_MODEL_DIR, file), join(folder, file));
    }
    const config = parseGptNeoConfig(
      JSON.parse(readFileSync(join(BUNDLED_MODEL_DIR, 'config.json'), 'utf8')),
      'config.json',
    );
    const weights = gptNeoWeightsFrom(
      readOnnxModel(readFileSync(join(BUNDLED_MODEL_DIR, 'onnx', 'model.onnx'))),
      config,
      1e-5,
    );
    writeFileSync(join(folder, 'model.safetensors'), safetensorsBytes(gptNeoStateDict(weights, config)));
  });

  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('should serve it on the fused decoder with the greedy replies of the standard export', async () => {
    const logs: string[] = [];
    const options = { device: 'cpu', cpuThreads: 1, maxBatchSize: 4, maxQueued: 8 } as const;
    const fromCheckpoint = await InferenceEngine.load(folder, options, {
      log: (m) => logs.push(m),
      warn: () => undefined,
    });
    const fromExport = await InferenceEngine.load(BUNDLED_MODEL_DIR, { ...options, decoder: 'standard' }, silent);
    try {
      expect(fromCheckpoint.description).toMatchObject({ decoder: 'fused', provider: 'cpu', weightDtype: 'fp32' });
      expect(logs.some((line) => /Engine graph built from model\.safetensors in \d+ ms/.test(line))).toBe(true);
      const params = parseGenerationParams({ maxNewTokens: 24, temperature: 0 });
      const ask = (engine: InferenceEngine) =>
        Promise.all(
          MESSAGES.map((text) =>
            engine.generateChat({ persona: null, turns: [{ speaker: 'customer', text }], params }),
          ),
        );
      const [actual, expected] = await Promise.all([ask(fromCheckpoint), ask(fromExport)]);

      expect(actual.map((reply) => reply.tokenIds)).toEqual(expected.map((reply) => reply.tokenIds));
      expect(new Set(expected.map((reply) => reply.text)).size).toBe(MESSAGES.length);
    } finally {
      await Promise.all([fromCheckpoint.close('cancel'), fromExport.close('cancel')]);
    }
    // The second start reads the graph from the cache.
    const again: string[] = [];
    const cached = await InferenceEngine.load(folder, options, { log: (m) => again.push(m), warn: () => undefined });
    await cached.close('cancel');
    expect(again.some((line) => /Engine graph built from model\.safetensors, from the cache/.test(line))).toBe(true);
  });

  it('should say that the standard decoder needs an ONNX export', async () => {
    const load = InferenceEngine.load(
      folder,
      { device: 'cpu', cpuThreads: 1, maxBatchSize: 1, maxQueued: 1, decoder: 'standard' },
      silent,
    );

    await expect(load).rejects.toThrow(ModelLoadError);
    await expect(load).rejects.toThrow(
      /checkpoint \(model\.safetensors\) without an ONNX export.*tools\/model\/export\.py/,
    );
  });

  it('should refuse a damaged checkpoint with the file and the reason', async () => {
    const damaged = mkdtempSync(join(tmpdir(), 'neodesk-checkpoint-damaged-'));
    try {
      for (const file of METADATA) {
        copyFileSync(join(folder, file), join(damaged, file));
      }
      const bytes = readFileSync(join(folder, 'model.safetensors'));
      writeFileSync(join(damaged, 'model.safetensors'), bytes.subarray(0, bytes.length - 1000));
      const load = InferenceEngine.load(
        damaged,
        { device: 'cpu', cpuThreads: 1, maxBatchSize: 1, maxQueued: 1 },
        silent,
      );

      await expect(load).rejects.toThrow(ModelLoadError);
      await expect(load).rejects.toThrow(
        /model\.safetensors: no engine graph could be built from it: .*lies outside the file/,
      );
    } finally {
      rmSync(damaged, { recursive: true, force: true });
    }
  });
});
