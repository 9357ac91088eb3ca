import { InferenceSession, Tensor } from 'onnxruntime-node';

import type { GptNeoConfig } from './gpt-neo-config';

/** Names of optimum's decoder-with-past interface, the one every GPT-Neo export here uses. */
export const DECODER_INPUTS = ['input_ids', 'attention_mask', 'position_ids'] as const;

export function pastKeyName(layer: number, kind: 'key' | 'value'): string {
  return `past_key_values.${layer}.${kind}`;
}

export function presentName(layer: number, kind: 'key' | 'value'): string {
  return `present.${layer}.${kind}`;
}

/** The KV cache: per layer key and value, [batch, heads, pastLength, headDim] float32. */
export interface PastKeyValues {
  readonly length: number;
  readonly tensors: ReadonlyMap<string, Tensor>;
}

export interface DecoderStep {
  /** [batch][sequence] token ids of this step. */
  readonly inputIds: readonly (readonly number[])[];
  /** [batch][past + sequence]: 1 for real tokens, 0 for padding. */
  readonly attentionMask: readonly (readonly number[])[];
  /** [batch][sequence] position of each new token, counting only real tokens. */
  readonly positionIds: readonly (readonly number[])[];
  /** The previous step's `present`; null on the first step. */
  readonly past: PastKeyValues | null;
}

export interface DecoderOutput {
  /** Row-major [batch, sequence, vocab]. */
  readonly logits: Float32Array;
  readonly dims: readonly [number, number, number];
  readonly present: PastKeyValues;
}

function int64(rows: readonly (readonly number[])[], name: string): Tensor {
  const width = rows[0]?.length ?? 0;
  if (rows.some((r) => r.length !== width)) {
    throw new RangeError(`${name}: all rows must have the same length`);
  }
  const data = new BigInt64Array(rows.length * width);
  rows.forEach((r, i) => r.forEach((v, j) => (data[i * width + j] = BigInt(v))));
  return new Tensor('int64', data, [rows.length, width]);
}

/** One forward pass of an optimum-style GPT-Neo decoder-with-past ONNX session. */
export class GptNeoDecoder {
  constructor(
    readonly session: InferenceSession,
    readonly config: GptNeoConfig,
  ) {}

  /** An empty cache (past length 0) for the first step. */
  emptyPast(batch: number): PastKeyValues {
    const { numLayers, numHeads, headDim } = this.config;
    const tensors = new Map<string, Tensor>();
    for (let layer = 0; layer < numLayers; layer++) {
      for (const kind of ['key', 'value'] as const) {
        tensors.set(
          pastKeyName(layer, kind),
          new Tensor('float32', new Float32Array(0), [batch, numHeads, 0, headDim]),
        );
      }
    }
    return { length: 0, tensors };
  }

  async run(step: DecoderStep): Promise<DecoderOutput> {
    const batch = step.inputIds.length;
    const past = step.past ?? this.emptyPast(batch);
    const feeds: Record<string, Tensor> = {
      input_ids: int64(step.inputIds, 'inputIds'),
      attention_mask: int64(step.attentionMask, 'attentionMask'),
      position_ids: int64(step.positionIds, 'positionIds'),
    };
    const seq = step.inputIds[0]?.length ?? 0;
    if (step.attentionMask[0]?.length !== past.length + seq) {
      throw new RangeError(`attentionMask rows must have past + sequence = ${past.length + seq} entries`);
    }
    for (const [name, tensor] of past.tensors) {
      feeds[name] = tensor;
    }
    const out = await this.session.run(feeds);
    const tensors = new Map<string, Tensor>();
    for (let layer = 0; layer < this.config.numLayers; layer++) {
      for (const kind of ['key', 'value'] as const) {
        tensors.set(pastKeyName(layer, kind), out[presentName(layer, kind)]);
      }
    }
    const logits = out.logits;
    if (logits.type !== 'float32' || logits.dims.length !== 3) {
      throw new TypeError(
        `logits must be float32 [batch, sequence, vocab], got ${logits.type} [${logits.dims.join(', ')}]`,
      );
    }
    const [b, s, v] = logits.dims;
    return {
      // Checked above; instanceof would fail under Jest, where the array comes from another realm.
      logits: logits.data as Float32Array,
      dims: [b, s, v],
      present: { length: past.length + seq, tensors },
    };
  }
}
