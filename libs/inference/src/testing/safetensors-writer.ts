import type { GptNeoConfig } from '../model/gpt-neo-config';
import type { GptNeoWeights } from '../onnx-graph/engine-graph-builder';
import { transposed } from '../onnx-graph/gpt-neo-weights';

export interface TensorEntry {
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly bytes: Uint8Array;
}

/** A float32 tensor entry. */
export function f32(shape: readonly number[], values: Float32Array): TensorEntry {
  return { dtype: 'F32', shape, bytes: new Uint8Array(values.buffer, values.byteOffset, values.byteLength) };
}

/** The bytes of a safetensors file holding these tensors, in the order given (specs: the format's own layout). */
export function safetensorsBytes(tensors: ReadonlyMap<string, TensorEntry>, metadata?: Record<string, string>): Buffer {
  const header: Record<string, unknown> = metadata === undefined ? {} : { __metadata__: metadata };
  let offset = 0;
  for (const [name, entry] of tensors) {
    header[name] = { dtype: entry.dtype, shape: entry.shape, data_offsets: [offset, offset + entry.bytes.byteLength] };
    offset += entry.bytes.byteLength;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
  return Buffer.concat([length, Buffer.from(json), ...[...tensors.values()].map((entry) => entry.bytes)]);
}

/**
 * GPT-Neo's weights as Hugging Face's GPTNeoForCausalLM state dict names and stores them (Linear weights
 * [out, in]; the tied lm_head left out, as save_pretrained does).
 */
export function gptNeoStateDict(weights: GptNeoWeights, config: GptNeoConfig): Map<string, TensorEntry> {
  const { hiddenSize: h, vocabSize, maxPositionEmbeddings } = config;
  const inner = weights.innerSize;
  const state = new Map<string, TensorEntry>();
  state.set('transformer.wte.weight', f32([vocabSize, h], weights.wte));
  state.set('transformer.wpe.weight', f32([maxPositionEmbeddings, h], weights.wpe));
  weights.layers.forEach((layer, i) => {
    const at = (name: string): string => `transformer.h.${i}.${name}`;
    /** A graph matrix [in, out] stored as a Linear weight [out, in]. */
    const linear = (values: Float32Array, inputs: number, out: number): TensorEntry =>
      f32([out, inputs], transposed(values, inputs, out));
    ['q_proj', 'k_proj', 'v_proj'].forEach((proj, k) => {
      const part = new Float32Array(h * h);
      for (let r = 0; r < h; r++) {
        part.set(layer.qkv.subarray(r * 3 * h + k * h, r * 3 * h + (k + 1) * h), r * h);
      }
      state.set(at(`attn.attention.${proj}.weight`), linear(part, h, h));
    });
    state.set(at('ln_1.weight'), f32([h], layer.ln1Weight));
    state.set(at('ln_1.bias'), f32([h], layer.ln1Bias));
    state.set(at('attn.attention.out_proj.weight'), linear(layer.out, h, h));
    state.set(at('attn.attention.out_proj.bias'), f32([h], layer.outBias));
    state.set(at('ln_2.weight'), f32([h], layer.ln2Weight));
    state.set(at('ln_2.bias'), f32([h], layer.ln2Bias));
    state.set(at('mlp.c_fc.weight'), linear(layer.fc, h, inner));
    state.set(at('mlp.c_fc.bias'), f32([inner], layer.fcBias));
    state.set(at('mlp.c_proj.weight'), linear(layer.proj, inner, h));
    state.set(at('mlp.c_proj.bias'), f32([h], layer.projBias));
  });
  state.set('transformer.ln_f.weight', f32([h], weights.lnfWeight));
  state.set('transformer.ln_f.bias', f32([h], weights.lnfBias));
  return state;
}
