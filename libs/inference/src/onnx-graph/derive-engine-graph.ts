import { join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import type { GptNeoConfig } from '../model/gpt-neo-config';
import { buildEngineGraph } from './engine-graph-builder';
import { type CacheOptions, type PreparedGraph, cachedDerivative } from './engine-graph-cache';
import { gptNeoWeightsFrom } from './gpt-neo-weights';
import { OnnxFormatError, readOnnxModel, setMetadata, writeOnnxModel } from './onnx-model';

/** Bumped whenever deriveEngineGraph builds a different graph: older cached files are then rebuilt. */
export const DERIVE_VERSION = 1;

/** The standard decoder export the engine graph is derived from. */
export const STANDARD_ONNX_FILE = join('onnx', 'model.onnx');

/** Largest difference of a logit, relative to the largest logit (at least 1), the derived graph may show. */
export const DERIVE_TOLERANCE = 1e-3;

/** Tokens of the probe both graphs run before their logits are compared. */
const PROBE_LENGTH = 12;

/**
 * The fused engine graph of a model folder without one (an optimum export, merged or not, or ours without
 * --engine): derived in TypeScript from the decoder export's weights (gptNeoWeightsFrom, buildEngineGraph), checked
 * against the export itself on a probe (every logit of a prompt's last position within DERIVE_TOLERANCE),
 * and cached like the prepared graphs (cachedDerivative). A graph that does not match is never written.
 */
export function derivedEngineGraph(
  folder: string,
  config: GptNeoConfig,
  layerNormEpsilon: number,
  options: Omit<CacheOptions, 'modelDir'> & {
    /** The decoder export inside the folder: onnx/model.onnx, or optimum's onnx/decoder_model_merged.onnx. */
    readonly decoderFile?: string;
  },
): Promise<PreparedGraph> {
  const source = join(folder, options.decoderFile ?? STANDARD_ONNX_FILE);
  return cachedDerivative(
    source,
    `derived-v${DERIVE_VERSION}`,
    { ...options, modelDir: folder },
    async (bytes, hash) => {
      const model = buildEngineGraph(config, gptNeoWeightsFrom(readOnnxModel(bytes), config, layerNormEpsilon));
      setMetadata(model, 'neodesk_source_sha256', hash);
      const derived = writeOnnxModel(model);
      await verify(bytes, derived, config);
      return { bytes: derived };
    },
  );
}

/** Runs a probe prompt through the export and the derived graph and compares the last position's logits. */
async function verify(standardBytes: Uint8Array, derivedBytes: Uint8Array, config: GptNeoConfig): Promise<void> {
  const options = { intraOpNumThreads: 1 };
  const [standard, derived] = await Promise.all([
    InferenceSession.create(standardBytes, options),
    InferenceSession.create(derivedBytes, options),
  ]);
  try {
    const length = Math.min(PROBE_LENGTH, config.maxPositionEmbeddings);
    const ids = BigInt64Array.from({ length }, (_, i) => BigInt((i * 7919 + 13) % config.vocabSize));
    const positions = BigInt64Array.from({ length }, (_, i) => BigInt(i));
    const { numLayers, numHeads, headDim } = config;
    const feeds: Record<string, Tensor> = {
      input_ids: new Tensor('int64', ids, [1, length]),
      position_ids: new Tensor('int64', positions, [1, length]),
    };
    if (standard.inputNames.includes('attention_mask')) {
      feeds.attention_mask = new Tensor('int64', new BigInt64Array(length).fill(1n), [1, length]);
    }
    if (standard.inputNames.includes('use_cache_branch')) {
      // A merged decoder's first step, as transformers.js runs it: the branch without past, which the
      // derivation did not read, so the check also ties the two branches' weights together.
      feeds.use_cache_branch = new Tensor('bool', Uint8Array.of(0), [1]);
    }
    const derivedFeeds: Record<string, Tensor> = {
      input_ids: feeds.input_ids,
      position_ids: feeds.position_ids,
      seqlens_k: new Tensor('int32', Int32Array.of(length - 1), [1]),
      total_sequence_length: new Tensor('int32', Int32Array.of(length), []),
    };
    for (let layer = 0; layer < numLayers; layer++) {
      for (const kind of ['key', 'value']) {
        const name = `past_key_values.${layer}.${kind}`;
        feeds[name] = new Tensor('float32', new Float32Array(0), [1, numHeads, 0, headDim]);
        derivedFeeds[name] = new Tensor('float32', new Float32Array(numHeads * length * headDim), [
          1,
          numHeads,
          length,
          headDim,
        ]);
      }
    }
    const expectedAll = (await standard.run(feeds, ['logits'])).logits.data as Float32Array;
    const expected = expectedAll.subarray((length - 1) * config.vocabSize, length * config.vocabSize);
    const actual = (await derived.run(derivedFeeds, ['logits'])).logits.data as Float32Array;
    let scale = 1;
    let worst = 0;
    for (let i = 0; i < config.vocabSize; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
      worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    }
    if (!(worst <= DERIVE_TOLERANCE * scale)) {
      throw new OnnxFormatError(
        `the derived engine graph does not reproduce the export (logits differ by up to ${worst.toPrecision(3)}): ` +
          'its structure is not the GPT-Neo this derivation knows',
      );
    }
  } finally {
    await Promise.all([standard.release(), derived.release()]);
  }
}
