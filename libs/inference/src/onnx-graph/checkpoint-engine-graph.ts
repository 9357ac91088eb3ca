import { join } from 'node:path';
import type { GptNeoConfig } from '../model/gpt-neo-config';
import { CHECKPOINT_FILE } from '../model/model-files';
import { type GptNeoLayerWeights, type GptNeoWeights, buildEngineGraph } from './engine-graph-builder';
import { type CacheOptions, type PreparedGraph, cachedDerivative } from './engine-graph-cache';
import { sideBySide, transposed } from './gpt-neo-weights';
import { OnnxFormatError, setMetadata, writeOnnxModel } from './onnx-model';
import { SafetensorsFile } from './safetensors';

/** Bumped whenever checkpointEngineGraph builds a different graph: older cached files are then rebuilt. */
export const CHECKPOINT_DERIVE_VERSION = 1;

/**
 * GPT-Neo's weights from a Hugging Face checkpoint (GPTNeoForCausalLM's or GPTNeoModel's state dict, as
 * `save_pretrained` writes it: `transformer.h.{i}.attn.attention.q_proj.weight`, ...), every shape checked
 * against config.json. Linear weights are stored [out, in] and become the graph's [in, out]; the output layer
 * is the tied embedding (a separate `lm_head.weight`, when stored, must equal it: GPT-Neo ties them).
 */
export function gptNeoWeightsFromCheckpoint(
  checkpoint: SafetensorsFile,
  config: GptNeoConfig,
  layerNormEpsilon: number,
): GptNeoWeights {
  const prefix = checkpoint.entries.has('transformer.wte.weight') ? 'transformer.' : '';
  const { hiddenSize: h, numLayers, vocabSize, maxPositionEmbeddings } = config;
  const shaped = (name: string, dims: readonly number[]): Float32Array => {
    const entry = checkpoint.entries.get(prefix + name);
    if (entry === undefined) {
      throw new OnnxFormatError(`${CHECKPOINT_FILE}: no tensor ${prefix + name} (a GPT-Neo checkpoint has one)`);
    }
    if (entry.shape.length !== dims.length || entry.shape.some((dim, i) => dim !== dims[i])) {
      throw new OnnxFormatError(
        `${CHECKPOINT_FILE}: ${prefix + name} is [${entry.shape.join(', ')}], config.json implies [${dims.join(', ')}]`,
      );
    }
    return checkpoint.floats(prefix + name) as Float32Array;
  };
  const innerShape = checkpoint.entries.get(`${prefix}h.0.mlp.c_fc.weight`)?.shape;
  const innerSize = innerShape?.[0] ?? 4 * h;
  /** A Linear's weight as the graph multiplies by it: [in, out]. */
  const linear = (name: string, out: number, inputs: number): Float32Array =>
    transposed(shaped(name, [out, inputs]), out, inputs);
  const layers: GptNeoLayerWeights[] = [];
  for (let i = 0; i < numLayers; i++) {
    const at = (name: string): string => `h.${i}.${name}`;
    layers.push({
      ln1Weight: shaped(at('ln_1.weight'), [h]),
      ln1Bias: shaped(at('ln_1.bias'), [h]),
      qkv: sideBySide(
        ['q_proj', 'k_proj', 'v_proj'].map((proj) => linear(at(`attn.attention.${proj}.weight`), h, h)),
        h,
        h,
      ),
      out: linear(at('attn.attention.out_proj.weight'), h, h),
      outBias: shaped(at('attn.attention.out_proj.bias'), [h]),
      ln2Weight: shaped(at('ln_2.weight'), [h]),
      ln2Bias: shaped(at('ln_2.bias'), [h]),
      fc: linear(at('mlp.c_fc.weight'), innerSize, h),
      fcBias: shaped(at('mlp.c_fc.bias'), [innerSize]),
      proj: linear(at('mlp.c_proj.weight'), h, innerSize),
      projBias: shaped(at('mlp.c_proj.bias'), [h]),
    });
  }
  const wte = shaped('wte.weight', [vocabSize, h]);
  const head = checkpoint.entries.has('lm_head.weight') ? checkpoint.floats('lm_head.weight') : undefined;
  if (head !== undefined && (head.length !== wte.length || head.some((value, i) => value !== wte[i]))) {
    throw new OnnxFormatError(
      `${CHECKPOINT_FILE}: lm_head.weight differs from the token embedding; GPT-Neo ties them and the engine graph reads one`,
    );
  }
  return {
    wte,
    wpe: shaped('wpe.weight', [maxPositionEmbeddings, h]),
    layers,
    lnfWeight: shaped('ln_f.weight', [h]),
    lnfBias: shaped('ln_f.bias', [h]),
    innerSize,
    layerNormEpsilon,
  };
}

/**
 * The fused engine graph of a Hugging Face checkpoint folder (config.json and model.safetensors, no ONNX
 * export): built in TypeScript from the checkpoint's weights and cached like the derived graphs, keyed by the
 * checkpoint's hash. There is no export to check it against; the specs tie it to transformers.js on an export
 * of the same weights.
 */
export function checkpointEngineGraph(
  folder: string,
  config: GptNeoConfig,
  layerNormEpsilon: number,
  options: Omit<CacheOptions, 'modelDir'>,
): Promise<PreparedGraph> {
  return cachedDerivative(
    join(folder, CHECKPOINT_FILE),
    `checkpoint-v${CHECKPOINT_DERIVE_VERSION}`,
    { ...options, modelDir: folder },
    (bytes, hash) => {
      const weights = gptNeoWeightsFromCheckpoint(SafetensorsFile.parse(bytes), config, layerNormEpsilon);
      const model = buildEngineGraph(config, weights);
      setMetadata(model, 'neodesk_source_sha256', hash);
      return Promise.resolve({ bytes: writeOnnxModel(model) });
    },
  );
}
