/**
 * @jest-environment ./libs/inference/src/testing/onnxruntime-node.environment.ts
 */
import { mkdtemp, readdir, rm, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLED_MODEL_DIR } from '../model/__fixtures__/bundled-model';
import { ModelFolderLoader } from '../model/model-folder.loader';
import { logSumExp } from '../generation/token-probability';
import { MODEL_CACHE_DIR, preparedEngineGraph } from '../onnx-graph/engine-graph-cache';
import { ENGINE_ONNX_FILE, FusedBatchDecoder } from './fused-batch-decoder';
import { InferenceEngine } from './inference-engine';

const silent = { log: () => undefined, warn: () => undefined };
const SESSION_OPTIONS = { intraOpNumThreads: 1 } as const;
/** Customer messages written apart from the training templates (as the held-out intent eval's). */
const MESSAGES = [
  'hi, my parcel never showed up, can u check?',
  'Do you deliver to Norway?',
  'I want to send back the boots I bought, they are too small',
  'what time do you open on saturday',
  'my card was charged twice for one order!!',
  'Can I change the address on my order?',
  'How long does shipping take to Germany?',
  'I forgot my password',
  'is there a discount for students',
  'The zipper on my jacket broke after a week',
];

describe('prepared engine graphs', () => {
  let cacheDir: string;

  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'neodesk-graph-cache-'));
  });

  afterAll(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('should make each variant once and take it from the cache after', async () => {
    const source = join(BUNDLED_MODEL_DIR, ENGINE_ONNX_FILE);
    const first = await preparedEngineGraph(source, 'int8', { modelDir: BUNDLED_MODEL_DIR, cacheDir });
    const second = await preparedEngineGraph(source, 'int8', { modelDir: BUNDLED_MODEL_DIR, cacheDir });
    expect(first).toMatchObject({ built: true, report: { matmuls: 1, gathers: 1 } });
    expect(second).toMatchObject({ built: false, path: first.path });
    expect(await readdir(cacheDir)).toEqual([expect.stringMatching(/^engine-[0-9a-f]{16}-int8-v\d+\.onnx$/)]);
  });

  it('should cache in the temporary directory when the model folder cannot take it', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'neodesk-readonly-model-'));
    try {
      await cp(join(BUNDLED_MODEL_DIR, ENGINE_ONNX_FILE), join(folder, 'model_engine.onnx'));
      // A file where the cache directory would go: nothing can be written there.
      await writeFile(join(folder, MODEL_CACHE_DIR), 'not a directory');
      const graph = await preparedEngineGraph(join(folder, 'model_engine.onnx'), 'fp32', { modelDir: folder });
      expect(graph.path.startsWith(join(tmpdir(), 'neodesk-model-cache'))).toBe(true);
      await rm(graph.path);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  // Within 5e-4: the JavaScript pass leaves out logits 17 under the largest (token-probability.ts).
  it('should hand out each row normalizer from the graph, equal to the one computed from the logits', async () => {
    const graph = await preparedEngineGraph(join(BUNDLED_MODEL_DIR, ENGINE_ONNX_FILE), 'fp32', {
      modelDir: BUNDLED_MODEL_DIR,
      cacheDir,
    });
    const model = await new ModelFolderLoader().load(BUNDLED_MODEL_DIR);
    await model.decoder.session.release();
    const decoder = await FusedBatchDecoder.create(BUNDLED_MODEL_DIR, {
      maxSequences: 2,
      maxSequenceLength: 128,
      engineFile: graph.path,
      sessionOptions: SESSION_OPTIONS,
    });
    try {
      expect(decoder.computesNormalizers).toBe(true);
      const prompts = MESSAGES.slice(0, 2).map((text, sequenceId) => ({
        sequenceId,
        promptIds: model.tokenizer.encodeChatPrompt([{ speaker: 'customer', text }]),
      }));
      const logits = await decoder.prefillMany(prompts);
      const fromGraph = [...(decoder.lastNormalizers() ?? [])];
      expect(fromGraph).toHaveLength(2);
      logits.forEach((row, i) => expect(fromGraph[i]).toBeCloseTo(logSumExp(row), 3));
      // A step whose rows come back in another order than the slots: the normalizers follow the rows.
      const step = await decoder.step([
        { sequenceId: 1, token: 198 },
        { sequenceId: 0, token: 198 },
      ]);
      const vocab = step.length / 2;
      [0, 1].forEach((i) =>
        expect(decoder.lastNormalizers()?.[i]).toBeCloseTo(logSumExp(step.subarray(i * vocab, (i + 1) * vocab)), 3),
      );
    } finally {
      await decoder.dispose();
    }
  });

  it('should give the greedy replies of fp32 with int8 weights on at least 80% of held-out messages', async () => {
    const replies = async (weightDtype: 'fp32' | 'int8'): Promise<string[]> => {
      const engine = await InferenceEngine.load(
        BUNDLED_MODEL_DIR,
        { device: 'cpu', cpuThreads: 1, maxBatchSize: 4, maxQueued: MESSAGES.length, weightDtype, cacheDir },
        silent,
      );
      try {
        expect(engine.description).toMatchObject({ decoder: 'fused', weightDtype });
        const params = { maxNewTokens: 24, temperature: 0, topK: 0, topP: 1, repetitionPenalty: 1, stop: [] };
        const results = await Promise.all(
          MESSAGES.map((text) =>
            engine.generate({ promptIds: engine.tokenizer.encodeChatPrompt([{ speaker: 'customer', text }]), params }),
          ),
        );
        return results.map((result) => result.text);
      } finally {
        await engine.close('cancel');
      }
    };
    const fp32 = await replies('fp32');
    const int8 = await replies('int8');
    const same = fp32.filter((text, i) => text === int8[i]).length;
    expect(same / MESSAGES.length).toBeGreaterThanOrEqual(0.8);
  });

  it('should say which dtype auto chose and why', async () => {
    const lines: string[] = [];
    const engine = await InferenceEngine.load(
      BUNDLED_MODEL_DIR,
      { device: 'cpu', cpuThreads: 1, maxBatchSize: 2, maxQueued: 2, weightDtype: 'auto', cacheDir },
      { log: (line) => lines.push(line), warn: (line) => lines.push(line) },
    );
    try {
      const line = lines.find((each) => each.includes('auto chose'));
      expect(line).toMatch(
        /auto chose (fp32|int8|int4) \(batch 2: fp32 [\d.]+ ms\/step; int8 [\d.]+ ms\/step, \d+% same/,
      );
      expect(line).toContain(`auto chose ${engine.description.weightDtype}`);
    } finally {
      await engine.close('cancel');
    }
  });
});
