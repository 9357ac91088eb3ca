/**
 * @jest-environment ./libs/inference/src/testing/onnxruntime-node.environment.ts
 */
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { parseGptNeoConfig } from '../model/gpt-neo-config';
import { FusedBatchDecoder } from '../engine/fused-batch-decoder';
import { argmax } from '../generation/sampler';
import { maxAbsDiff as maxDiff } from '../model/__fixtures__/bundled-model';
import { derivedEngineGraph } from './derive-engine-graph';
import { OnnxFormatError, node, readOnnxModel, writeOnnxModel } from './onnx-model';

/** tools/model/make_layout_fixture.py: one tiny random GPT-Neo exported two ways, and its Python-built engine graph. */
const FIXTURES = join(__dirname, '__fixtures__');
const OPTIMUM = join(FIXTURES, 'tiny-gpt-neo-optimum');
const STANDARD = join(FIXTURES, 'tiny-gpt-neo-standard');
const MERGED = join(FIXTURES, 'tiny-gpt-neo-merged');
const MERGED_FILE = join('onnx', 'decoder_model_merged.onnx');
const SESSION_OPTIONS = { intraOpNumThreads: 1 } as const;

async function configOf(folder: string) {
  const raw = JSON.parse(await readFile(join(folder, 'config.json'), 'utf8')) as Record<string, unknown>;
  return parseGptNeoConfig(raw, 'config.json');
}

/** Greedy tokens and every step's logits of the standard export, recomputing the whole sequence each step. */
async function standardGreedy(folder: string, prompt: number[], steps: number, file = join('onnx', 'model.onnx')) {
  const config = await configOf(folder);
  const session = await InferenceSession.create(join(folder, file), SESSION_OPTIONS);
  const ids = [...prompt];
  const logits: Float32Array[] = [];
  try {
    for (let step = 0; step < steps; step++) {
      const n = ids.length;
      const feeds: Record<string, Tensor> = {
        input_ids: new Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, n]),
        attention_mask: new Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]),
        position_ids: new Tensor('int64', BigInt64Array.from(ids.map((_, i) => BigInt(i))), [1, n]),
      };
      if (session.inputNames.includes('use_cache_branch')) {
        // A merged decoder's with-past branch (the one the derivation reads), on an empty past.
        feeds.use_cache_branch = new Tensor('bool', Uint8Array.of(1), [1]);
      }
      for (let layer = 0; layer < config.numLayers; layer++) {
        for (const kind of ['key', 'value']) {
          feeds[`past_key_values.${layer}.${kind}`] = new Tensor('float32', new Float32Array(0), [
            1,
            config.numHeads,
            0,
            config.headDim,
          ]);
        }
      }
      const all = (await session.run(feeds, ['logits'])).logits.data as Float32Array;
      const row = all.slice((n - 1) * config.vocabSize, n * config.vocabSize);
      logits.push(row);
      ids.push(argmax(row));
    }
  } finally {
    await session.release();
  }
  return { tokens: ids.slice(prompt.length), logits };
}

async function fusedGreedy(folder: string, engineFile: string, prompt: number[], steps: number) {
  const decoder = await FusedBatchDecoder.create(folder, {
    maxSequences: 1,
    engineFile,
    sessionOptions: SESSION_OPTIONS,
  });
  const tokens: number[] = [];
  const logits: Float32Array[] = [];
  try {
    let row = await decoder.prefill(0, prompt);
    for (let step = 0; step < steps; step++) {
      logits.push(row.slice());
      tokens.push(argmax(row));
      if (step + 1 < steps) {
        row = await decoder.step([{ sequenceId: 0, token: tokens[step] }]);
      }
    }
  } finally {
    await decoder.dispose();
  }
  return { tokens, logits };
}

describe(derivedEngineGraph.name, () => {
  let cacheDir: string;
  // Longer than the fixture's local window (8): both attention kinds are exercised.
  const prompt = [5, 17, 300, 42, 42, 9, 128, 77, 3, 250, 11];
  const steps = 12;

  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'neodesk-derive-'));
  });

  afterAll(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  it.each([
    ['an optimum export (constants folded, generated weight names)', OPTIMUM, join('onnx', 'model.onnx')],
    ['our standard export (Hugging Face names behind Transpose)', STANDARD, join('onnx', 'model.onnx')],
    ["optimum's merged decoder (an If on use_cache_branch)", MERGED, MERGED_FILE],
  ])('should derive from %s the graph engine_graph.py builds, step by step', async (_, folder, decoderFile) => {
    const config = await configOf(folder);
    const graph = await derivedEngineGraph(folder, config, 1e-5, { cacheDir, decoderFile });
    expect(graph.built).toBe(true);
    const reference = await fusedGreedy(OPTIMUM, join(OPTIMUM, 'onnx', 'reference_engine.onnx'), prompt, steps);
    const derived = await fusedGreedy(folder, graph.path, prompt, steps);
    const standard = await standardGreedy(folder, prompt, steps, decoderFile);
    expect(derived.tokens).toEqual(reference.tokens);
    expect(derived.tokens).toEqual(standard.tokens);
    derived.logits.forEach((row, step) => {
      expect(maxDiff(row, reference.logits[step])).toBeLessThan(1e-5);
      expect(maxDiff(row, standard.logits[step])).toBeLessThan(1e-4);
    });
  });

  it('should take the derived graph from the cache the second time', async () => {
    const config = await configOf(OPTIMUM);
    const again = await derivedEngineGraph(OPTIMUM, config, 1e-5, { cacheDir });
    expect(again.built).toBe(false);
  });

  it('should derive from an export that stores equal parameters once (fresh biases and layer norms)', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'neodesk-derive-shared-'));
    try {
      await cp(OPTIMUM, folder, { recursive: true });
      const model = readOnnxModel(await readFile(join(folder, 'onnx', 'model.onnx')));
      // As torch.onnx does for freshly initialised weights: every layer reads layer 0's out_proj bias and ln_2.
      const shared = new Map<string, string>();
      for (let layer = 1; layer < 4; layer++) {
        for (const part of ['attn.attention.out_proj.bias', 'ln_2.weight', 'ln_2.bias']) {
          shared.set(`transformer.h.${layer}.${part}`, `transformer.h.0.${part}`);
        }
      }
      model.graph.initializer = model.graph.initializer.filter((init) => !shared.has(init.name));
      for (const each of model.graph.node) {
        each.input = each.input.map((input) => shared.get(input) ?? input);
      }
      await writeFile(join(folder, 'onnx', 'model.onnx'), writeOnnxModel(model));
      const config = await configOf(folder);
      const graph = await derivedEngineGraph(folder, config, 1e-5, { cacheDir: join(folder, 'cache') });
      const derived = await fusedGreedy(folder, graph.path, prompt, steps);
      const standard = await standardGreedy(folder, prompt, steps);
      expect(derived.tokens).toEqual(standard.tokens);
      derived.logits.forEach((row, step) => expect(maxDiff(row, standard.logits[step])).toBeLessThan(1e-4));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('should refuse an If that is not a merged decoder (both branches read the past)', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'neodesk-derive-if-'));
    try {
      await cp(MERGED, folder, { recursive: true });
      const model = readOnnxModel(await readFile(join(folder, MERGED_FILE)));
      const branches = model.graph.node[0].attribute;
      const withPast = branches.find((attribute) => attribute.name === 'then_branch')!;
      branches.find((attribute) => attribute.name === 'else_branch')!.g = withPast.g;
      await writeFile(join(folder, MERGED_FILE), writeOnnxModel(model));
      const config = await configOf(folder);
      await expect(
        derivedEngineGraph(folder, config, 1e-5, { cacheDir: join(folder, 'cache'), decoderFile: MERGED_FILE }),
      ).rejects.toThrow('an If that is not a merged decoder');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('should refuse an export whose weights it cannot place, and cache nothing', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'neodesk-derive-bad-'));
    try {
      await cp(OPTIMUM, folder, { recursive: true });
      const model = readOnnxModel(await readFile(join(folder, 'onnx', 'model.onnx')));
      // One projection's weight computed on the way (negated): not a product of a stored weight any more.
      const matmul = model.graph.node.find(
        (each) => each.op_type === 'MatMul' && each.input[1].startsWith('onnx::MatMul'),
      )!;
      model.graph.node.unshift(node('Neg', [matmul.input[1]], ['hidden_weight']));
      matmul.input[1] = 'hidden_weight';
      await writeFile(join(folder, 'onnx', 'model.onnx'), writeOnnxModel(model));
      const badCache = join(folder, 'cache');
      const config = await configOf(folder);
      await expect(derivedEngineGraph(folder, config, 1e-5, { cacheDir: badCache })).rejects.toThrow(OnnxFormatError);
      await expect(derivedEngineGraph(folder, config, 1e-5, { cacheDir: badCache })).rejects.toThrow(
        'expected 6 weight products per layer',
      );
      expect(await readdir(badCache).catch(() => [])).toEqual([]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
