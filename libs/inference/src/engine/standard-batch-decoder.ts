import { InferenceSession, Tensor } from 'onnxruntime-node';
import type { GptNeoConfig } from '../model/gpt-neo-config';
import { pastKeyName, presentName } from '../model/gpt-neo-decoder';
import type { BatchDecoder } from './batch-decoder';

export interface StandardBatchDecoderOptions {
  readonly maxSequences: number;
  readonly maxSequenceLength: number;
}

interface Cache {
  /** Per layer and kind (pastNames order): [rows, heads, paddedLength, headDim], possibly on a GPU. */
  readonly tensors: Tensor[];
  readonly paddedLength: number;
}

/**
 * Continuous batching over a standard decoder-with-past export (optimum's text-generation-with-past,
 * also merged decoders with `use_cache_branch`). Live sequences share one left-padded cache: a step feeds
 * the previous step's `present` back as `past` without copying; the cache is re-laid out (one copy) only
 * when a sequence joins or leaves. Exports without `position_ids` cannot express left padding, so their
 * sequences run one per session call.
 */
export class StandardBatchDecoder implements BatchDecoder {
  readonly maxSequences: number;
  readonly maxSequenceLength: number;
  private readonly pastNames: string[] = [];
  private readonly presentNames: string[] = [];
  private readonly hasPositionIds: boolean;
  private readonly hasCacheBranch: boolean;
  private readonly lengths = new Map<number, number>();
  /** Caches of sequences not (yet) in the shared batch: just prefilled, or all of them without position ids. */
  private readonly solo = new Map<number, Cache>();
  private batch: { order: number[]; cache: Cache } | null = null;

  constructor(
    private readonly session: InferenceSession,
    readonly config: GptNeoConfig,
    options: StandardBatchDecoderOptions,
  ) {
    this.maxSequences = options.maxSequences;
    this.maxSequenceLength = Math.min(options.maxSequenceLength, config.maxPositionEmbeddings);
    for (let layer = 0; layer < config.numLayers; layer++) {
      for (const kind of ['key', 'value'] as const) {
        this.pastNames.push(pastKeyName(layer, kind));
        this.presentNames.push(presentName(layer, kind));
      }
    }
    this.hasPositionIds = session.inputNames.includes('position_ids');
    this.hasCacheBranch = session.inputNames.includes('use_cache_branch');
  }

  async prefill(sequenceId: number, promptIds: readonly number[]): Promise<Float32Array> {
    if (this.lengths.has(sequenceId)) {
      throw new RangeError(`Sequence ${sequenceId} is already running`);
    }
    if (this.lengths.size >= this.maxSequences) {
      throw new RangeError(`At most ${this.maxSequences} sequences can run at once`);
    }
    if (promptIds.length === 0 || promptIds.length >= this.maxSequenceLength) {
      throw new RangeError(`A prompt must have 1 to ${this.maxSequenceLength - 1} tokens (got ${promptIds.length})`);
    }
    const length = promptIds.length;
    const output = await this.run(
      [promptIds],
      [new Array<number>(length).fill(1)],
      [promptIds.map((_, i) => i)],
      this.emptyCache(1),
      false,
    );
    this.lengths.set(sequenceId, length);
    this.solo.set(sequenceId, output.cache);
    const vocab = this.config.vocabSize;
    // The last position's row, copied so the (large) prompt logits can be collected.
    return output.logits.slice((length - 1) * vocab, length * vocab);
  }

  /** One prompt after the other: a standard export computes logits for every prompt position, padded or not. */
  async prefillMany(
    prompts: ReadonlyArray<{ readonly sequenceId: number; readonly promptIds: readonly number[] }>,
  ): Promise<Float32Array[]> {
    const all: Float32Array[] = [];
    for (const { sequenceId, promptIds } of prompts) {
      all.push(await this.prefill(sequenceId, promptIds));
    }
    return all;
  }

  async step(inputs: ReadonlyArray<{ readonly sequenceId: number; readonly token: number }>): Promise<Float32Array> {
    for (const { sequenceId } of inputs) {
      const length = this.lengths.get(sequenceId);
      if (length === undefined) {
        throw new RangeError(`Sequence ${sequenceId} is not running`);
      }
      if (length + 1 > this.maxSequenceLength) {
        throw new RangeError(`Sequence ${sequenceId} reached the ${this.maxSequenceLength}-token limit`);
      }
    }
    if (!this.hasPositionIds) {
      return this.stepOneByOne(inputs);
    }
    const order = inputs.map((input) => input.sequenceId);
    const cache = await this.batchCacheFor(order);
    const padded = cache.paddedLength;
    const lengths = order.map((id) => this.lengths.get(id) ?? 0);
    const output = await this.run(
      inputs.map((input) => [input.token]),
      lengths.map((length) => maskRow(padded - length, length + 1)),
      lengths.map((length) => [length]),
      cache,
      true,
    );
    disposeDeviceTensors(cache);
    this.batch = { order, cache: output.cache };
    order.forEach((id, i) => this.lengths.set(id, lengths[i] + 1));
    return output.logits;
  }

  release(sequenceId: number): void {
    this.lengths.delete(sequenceId);
    this.solo.delete(sequenceId);
    // A released row stays in the shared cache until the next step re-lays it out without that row.
  }

  async dispose(): Promise<void> {
    this.lengths.clear();
    this.solo.clear();
    this.batch = null;
    await this.session.release();
  }

  private async stepOneByOne(
    inputs: ReadonlyArray<{ readonly sequenceId: number; readonly token: number }>,
  ): Promise<Float32Array> {
    const vocab = this.config.vocabSize;
    const logits = new Float32Array(inputs.length * vocab);
    for (const [i, { sequenceId, token }] of inputs.entries()) {
      const length = this.lengths.get(sequenceId) ?? 0;
      const cache = this.solo.get(sequenceId) ?? this.emptyCache(1);
      const output = await this.run([[token]], [maskRow(0, length + 1)], [[length]], cache, true);
      disposeDeviceTensors(cache);
      this.solo.set(sequenceId, output.cache);
      this.lengths.set(sequenceId, length + 1);
      logits.set(output.logits.subarray(0, vocab), i * vocab);
    }
    return logits;
  }

  /** The shared cache with exactly `order`'s rows, re-laid out only when membership or order changed. */
  private async batchCacheFor(order: number[]): Promise<Cache> {
    const current = this.batch;
    if (current !== null && sameOrder(current.order, order)) {
      return current.cache;
    }
    const sources = order.map((id) => {
      const solo = this.solo.get(id);
      if (solo !== undefined) {
        return { cache: solo, row: 0 };
      }
      const row = current?.order.indexOf(id) ?? -1;
      if (current === null || row < 0) {
        throw new Error(`No cache for sequence ${id}`);
      }
      return { cache: current.cache, row };
    });
    const lengths = order.map((id) => this.lengths.get(id) ?? 0);
    const padded = Math.max(...lengths);
    const { numHeads: heads, headDim } = this.config;
    const tensors: Tensor[] = [];
    for (let k = 0; k < this.pastNames.length; k++) {
      const target = new Float32Array(order.length * heads * padded * headDim);
      for (const [i, source] of sources.entries()) {
        const data = await floats(source.cache.tensors[k]);
        const srcPadded = source.cache.paddedLength;
        const length = lengths[i];
        for (let h = 0; h < heads; h++) {
          const from = ((source.row * heads + h) * srcPadded + (srcPadded - length)) * headDim;
          const to = ((i * heads + h) * padded + (padded - length)) * headDim;
          target.set(data.subarray(from, from + length * headDim), to);
        }
      }
      tensors.push(new Tensor('float32', target, [order.length, heads, padded, headDim]));
    }
    for (const id of order) {
      disposeDeviceTensors(this.solo.get(id));
      this.solo.delete(id);
    }
    disposeDeviceTensors(current?.cache);
    return { tensors, paddedLength: padded };
  }

  private async run(
    inputIds: ReadonlyArray<readonly number[]>,
    mask: ReadonlyArray<readonly number[]>,
    positions: ReadonlyArray<readonly number[]>,
    past: Cache,
    useCache: boolean,
  ): Promise<{ logits: Float32Array; cache: Cache }> {
    const feeds: Record<string, Tensor> = {
      input_ids: int64(inputIds),
      attention_mask: int64(mask),
    };
    if (this.hasPositionIds) {
      feeds.position_ids = int64(positions);
    }
    if (this.hasCacheBranch) {
      feeds.use_cache_branch = new Tensor('bool', new Uint8Array([useCache ? 1 : 0]), [1]);
    }
    this.pastNames.forEach((name, k) => (feeds[name] = past.tensors[k]));
    const output = await this.session.run(feeds);
    const logits = await floats(output.logits);
    const cache: Cache = {
      tensors: this.presentNames.map((name) => output[name]),
      paddedLength: past.paddedLength + (inputIds[0]?.length ?? 0),
    };
    return { logits, cache };
  }

  private emptyCache(rows: number): Cache {
    const { numHeads, headDim } = this.config;
    const empty = new Tensor('float32', new Float32Array(0), [rows, numHeads, 0, headDim]);
    return { tensors: this.pastNames.map(() => empty), paddedLength: 0 };
  }
}

function maskRow(zeros: number, ones: number): number[] {
  return [...new Array<number>(zeros).fill(0), ...new Array<number>(ones).fill(1)];
}

function int64(rows: ReadonlyArray<readonly number[]>): Tensor {
  const width = rows[0]?.length ?? 0;
  const data = new BigInt64Array(rows.length * width);
  rows.forEach((row, i) => row.forEach((value, j) => (data[i * width + j] = BigInt(value))));
  return new Tensor('int64', data, [rows.length, width]);
}

/** CPU data of a tensor, downloading it first when a GPU provider kept it on the device. */
async function floats(tensor: Tensor): Promise<Float32Array> {
  const data = tensor.location === 'cpu' ? tensor.data : await tensor.getData();
  // Checked by dtype, not instanceof: under jest the array may come from another realm.
  if (tensor.type !== 'float32') {
    throw new TypeError(`Expected float32 output, got ${tensor.type}`);
  }
  return data as Float32Array;
}

function disposeDeviceTensors(cache: Cache | undefined): void {
  for (const tensor of cache?.tensors ?? []) {
    if (tensor.location !== 'cpu') {
      tensor.dispose();
    }
  }
}

function sameOrder(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
