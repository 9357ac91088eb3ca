import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { InferenceSession, Tensor } from 'onnxruntime-node';

import { GptNeoConfig, parseGptNeoConfig } from '../model/gpt-neo-config';
import { pastKeyName } from '../model/gpt-neo-decoder';
import { ModelLoadError, ModelLoadErrorCode } from '../model/model-load.error';
import { isFile, readModelJson } from '../model/model-files';
import { LOGSUMEXP_OUTPUT } from '../onnx-graph/logsumexp-output';
import { interfaceProblems } from '../model/onnx-interface';
import type { BatchDecoder } from './batch-decoder';

/** Row capacities are multiples of this many positions. */
const CAPACITY_QUANTUM = 64;

/** The fused graph tools/model/engine_graph.py writes into a model folder. */
export const ENGINE_ONNX_FILE = 'onnx/model_engine.onnx';

/** Inputs of the fused graph besides the per-layer past_key_values.{i}.key/.value. */
export const ENGINE_INPUTS = ['input_ids', 'position_ids', 'seqlens_k', 'total_sequence_length'] as const;

/** A constant output of graphs that take left-padded prompt batches (version 2); older ones prefill one by one. */
export const ENGINE_GRAPH_VERSION_OUTPUT = 'engine_graph_version';

/** The fused graph's output of one call's keys or values of a layer, [batch, sequence, hidden]. */
export function newKeyValueName(layer: number, kind: 'key' | 'value'): string {
  return `new_key_values.${layer}.${kind}`;
}

export interface FusedBatchDecoderOptions {
  /** Sequences alive at once: the cache holds this many slots. */
  readonly maxSequences: number;
  /** Positions per slot (prompt plus generated); capped at max_position_embeddings, which is the default. */
  readonly maxSequenceLength?: number;
  /** ONNX file, absolute or relative to the folder (a quantized variant); defaults to ENGINE_ONNX_FILE. */
  readonly engineFile?: string;
  /** Execution providers, intraOpNumThreads, graphOptimizationLevel, ... (the in-place cache needs the CPU). */
  readonly sessionOptions?: InferenceSession.SessionOptions;
}

interface StepInput {
  readonly sequenceId: number;
  readonly token: number;
}

export interface PrefillInput {
  readonly sequenceId: number;
  readonly promptIds: readonly number[];
}

/**
 * A BatchDecoder over the engine's fused graph (onnx/model_engine.onnx): the KV cache lives in
 * preallocated per-layer buffers [maxSequences, heads, maxSequenceLength, headDim] that onnxruntime reads
 * where they lie (inputs are wrapped, not copied), and a run hands back only the new positions' keys and
 * values, which are written into the buffers here. No output aliases the cache: onnxruntime-node copies
 * every fetched output into a new array after the run, so a present output bound to the cache would copy
 * all of it every step (tools/model/engine_graph.py has the measurements). Live sequences occupy the low
 * slots, so a step over n of them feeds one contiguous view of n rows. Rows are laid out with the capacity
 * the longest live sequence needs (a multiple of 64 positions, re-laid out when that changes), because the
 * graph's attention cost grows with the capacity it is handed.
 * Cache memory: 8 * numLayers * maxSequences * hiddenSize * maxSequenceLength bytes.
 */
export class FusedBatchDecoder implements BatchDecoder {
  readonly maxSequences: number;
  readonly maxSequenceLength: number;
  private readonly names: Array<{ past: string; fresh: string }> = [];
  /** Per layer and kind, in `names` order. */
  private readonly caches: Float32Array[] = [];
  /** Positions per row in the current layout; the buffers hold maxSequenceLength. */
  private capacity: number;
  private slotStride: number;
  private rowStride: number;
  private readonly slotOf = new Map<number, number>();
  private readonly sequenceInSlot: number[] = [];
  private readonly lengthOfSlot: Int32Array;
  private readonly inputIds: BigInt64Array;
  private readonly positionIds: BigInt64Array;
  private readonly seqlensK: Int32Array;
  private readonly stepLogits: Float32Array;
  private readonly orderedLogits: Float32Array;
  private readonly scratch: Float32Array;
  /** Per layer and kind: the step's new keys or values, [maxSequences, 1, hiddenSize]. */
  private readonly stepFresh: Float32Array[];
  /** First cache position each row (not slot) of the current run writes. */
  private readonly rowStart: Int32Array;
  /** Padding positions in front of each row of the current run, not written to the cache. */
  private readonly rowPadding: Int32Array;
  /** Whether the graph takes left-padded prompt batches (engine_graph_version 2). */
  readonly batchesPrompts: boolean;
  /** Whether the graph computes each row's softmax normalizer (a prepared graph, see preparedEngineGraph). */
  readonly computesNormalizers: boolean;
  /** The last run's normalizers, in slot order, and in the order the last call returned its rows. */
  private readonly runNormalizers: Float32Array;
  private readonly orderedNormalizers: Float32Array;
  private returnedNormalizers: Float32Array | undefined;

  private constructor(
    private readonly session: InferenceSession,
    readonly config: GptNeoConfig,
    maxSequences: number,
    maxSequenceLength: number,
  ) {
    const { numLayers, numHeads, headDim, vocabSize } = config;
    this.maxSequences = maxSequences;
    this.maxSequenceLength = maxSequenceLength;
    this.capacity = Math.min(CAPACITY_QUANTUM, maxSequenceLength);
    this.rowStride = this.capacity * headDim;
    this.slotStride = numHeads * this.rowStride;
    for (let layer = 0; layer < numLayers; layer++) {
      for (const kind of ['key', 'value'] as const) {
        this.names.push({ past: pastKeyName(layer, kind), fresh: newKeyValueName(layer, kind) });
        this.caches.push(new Float32Array(maxSequences * numHeads * maxSequenceLength * headDim));
      }
    }
    this.lengthOfSlot = new Int32Array(maxSequences);
    this.inputIds = new BigInt64Array(maxSequences);
    this.positionIds = new BigInt64Array(maxSequences);
    this.seqlensK = new Int32Array(maxSequences);
    this.stepLogits = new Float32Array(maxSequences * vocabSize);
    this.orderedLogits = new Float32Array(maxSequences * vocabSize);
    this.scratch = new Float32Array(maxSequenceLength * headDim);
    this.stepFresh = this.caches.map(() => new Float32Array(maxSequences * config.hiddenSize));
    this.rowStart = new Int32Array(maxSequences);
    this.rowPadding = new Int32Array(maxSequences);
    this.batchesPrompts = session.outputNames.includes(ENGINE_GRAPH_VERSION_OUTPUT);
    this.computesNormalizers = session.outputNames.includes(LOGSUMEXP_OUTPUT);
    this.runNormalizers = new Float32Array(maxSequences);
    this.orderedNormalizers = new Float32Array(maxSequences);
  }

  lastNormalizers(): Float32Array | undefined {
    return this.returnedNormalizers;
  }

  /** Loads config.json and the fused graph of a model folder; a missing or mismatched file is a ModelLoadError. */
  static async create(folder: string, options: FusedBatchDecoderOptions): Promise<FusedBatchDecoder> {
    if (!Number.isInteger(options.maxSequences) || options.maxSequences < 1) {
      throw new RangeError(`maxSequences must be a positive integer, got ${options.maxSequences}`);
    }
    const configFile = join(folder, 'config.json');
    const enginePath = resolve(folder, options.engineFile ?? ENGINE_ONNX_FILE);
    await requireFile(folder, configFile);
    const config = parseGptNeoConfig(await readModelJson(configFile, ModelLoadErrorCode.InvalidConfig), configFile);
    const maxSequenceLength = Math.min(options.maxSequenceLength ?? Infinity, config.maxPositionEmbeddings);
    if (!Number.isInteger(maxSequenceLength) || maxSequenceLength < 1) {
      throw new RangeError(`maxSequenceLength must be a positive integer, got ${options.maxSequenceLength}`);
    }
    await requireFile(folder, enginePath, ' (write it with tools/model/engine_graph.py)');
    let session: InferenceSession;
    try {
      session = await InferenceSession.create(enginePath, options.sessionOptions);
    } catch (error) {
      throw new ModelLoadError(
        ModelLoadErrorCode.OnnxLoadFailed,
        enginePath,
        `onnxruntime cannot load it (${String(error)})`,
        { cause: error },
      );
    }
    try {
      checkEngineInterface(session, config, enginePath);
    } catch (error) {
      await session.release();
      throw error;
    }
    return new FusedBatchDecoder(session, config, options.maxSequences, maxSequenceLength);
  }

  /** Sequences holding a slot. */
  get liveSequences(): number {
    return this.slotOf.size;
  }

  async prefill(sequenceId: number, promptIds: readonly number[]): Promise<Float32Array> {
    const [logits] = await this.prefillMany([{ sequenceId, promptIds }]);
    return logits;
  }

  /**
   * Starts several sequences: with a version 2 graph their prompts run as one left-padded batch (one
   * large matrix product per weight instead of one per prompt), else one by one. Returns each prompt's
   * last-position logits, in the order given. A failed batch registers none of its sequences.
   */
  async prefillMany(prompts: readonly PrefillInput[]): Promise<Float32Array[]> {
    const seen = new Set<number>();
    for (const { sequenceId, promptIds } of prompts) {
      if (this.slotOf.has(sequenceId) || seen.has(sequenceId)) {
        throw new RangeError(`Sequence ${sequenceId} is already running`);
      }
      seen.add(sequenceId);
      const length = promptIds.length;
      if (length === 0 || length > this.maxSequenceLength) {
        throw new RangeError(
          `A prompt must have 1 to ${this.maxSequenceLength} tokens (maxSequenceLength), got ${length}`,
        );
      }
    }
    if (this.slotOf.size + prompts.length > this.maxSequences) {
      throw new RangeError(`At most ${this.maxSequences} sequences can run at once (maxSequences)`);
    }
    if (!this.batchesPrompts && prompts.length > 1) {
      const all: Float32Array[] = [];
      for (const prompt of prompts) {
        all.push(await this.prefill(prompt.sequenceId, prompt.promptIds));
      }
      return all;
    }
    const rows = prompts.length;
    const width = Math.max(...prompts.map(({ promptIds }) => promptIds.length));
    const { vocabSize, hiddenSize } = this.config;
    const firstSlot = this.slotOf.size;
    this.fitCapacity(width);
    const ids = new BigInt64Array(rows * width);
    const positions = new BigInt64Array(rows * width);
    const seqlens = new Int32Array(rows);
    prompts.forEach(({ promptIds }, row) => {
      const padding = width - promptIds.length;
      // Padding tokens stay id 0 at position 0; the graph hides them from every real token.
      promptIds.forEach((id, i) => {
        ids[row * width + padding + i] = BigInt(id);
        positions[row * width + padding + i] = BigInt(i);
      });
      seqlens[row] = promptIds.length - 1;
      this.rowStart[row] = 0;
      this.rowPadding[row] = padding;
    });
    const logits = new Float32Array(rows * vocabSize);
    await this.run(
      {
        input_ids: new Tensor('int64', ids, [rows, width]),
        position_ids: new Tensor('int64', positions, [rows, width]),
        seqlens_k: new Tensor('int32', seqlens, [rows]),
        total_sequence_length: new Tensor('int32', Int32Array.of(width), []),
      },
      firstSlot,
      rows,
      width,
      new Tensor('float32', logits, [rows, vocabSize]),
      this.caches.map(() => new Float32Array(rows * width * hiddenSize)),
    );
    // Registered only after a successful run, so a failed prefill leaves no half-filled slot behind.
    prompts.forEach(({ sequenceId, promptIds }, row) => {
      const slot = firstSlot + row;
      this.slotOf.set(sequenceId, slot);
      this.sequenceInSlot[slot] = sequenceId;
      this.lengthOfSlot[slot] = promptIds.length;
    });
    this.returnedNormalizers = this.computesNormalizers ? this.runNormalizers.subarray(0, rows) : undefined;
    return prompts.map((_, row) => logits.subarray(row * vocabSize, (row + 1) * vocabSize));
  }

  async step(inputs: ReadonlyArray<StepInput>): Promise<Float32Array> {
    const n = inputs.length;
    const vocab = this.config.vocabSize;
    if (n === 0) {
      return new Float32Array(0);
    }
    const seen = new Set<number>();
    for (const { sequenceId } of inputs) {
      const slot = this.slotOf.get(sequenceId);
      if (slot === undefined) {
        throw new RangeError(`Sequence ${sequenceId} is not running`);
      }
      if (seen.has(sequenceId)) {
        throw new RangeError(`Sequence ${sequenceId} appears twice in one step`);
      }
      seen.add(sequenceId);
      if (this.lengthOfSlot[slot] >= this.maxSequenceLength) {
        throw new RangeError(
          `Sequence ${sequenceId} would exceed maxSequenceLength (${this.maxSequenceLength} positions)`,
        );
      }
    }
    this.gatherToLowSlots(seen);

    let total = 0;
    let inOrder = true;
    for (const [i, { sequenceId, token }] of inputs.entries()) {
      const slot = this.slotOf.get(sequenceId) ?? -1;
      const length = this.lengthOfSlot[slot];
      this.inputIds[slot] = BigInt(token);
      this.positionIds[slot] = BigInt(length);
      // seqlens_k: each row's total length after this step minus one; rows may differ.
      this.seqlensK[slot] = length;
      this.rowStart[slot] = length;
      this.rowPadding[slot] = 0;
      total = Math.max(total, length + 1);
      inOrder &&= slot === i;
    }
    this.fitCapacity(total);
    const logits = this.stepLogits.subarray(0, n * vocab);
    await this.run(
      {
        input_ids: new Tensor('int64', this.inputIds.subarray(0, n), [n, 1]),
        position_ids: new Tensor('int64', this.positionIds.subarray(0, n), [n, 1]),
        seqlens_k: new Tensor('int32', this.seqlensK.subarray(0, n), [n]),
        total_sequence_length: new Tensor('int32', Int32Array.of(total), []),
      },
      0,
      n,
      1,
      new Tensor('float32', logits, [n, vocab]),
      this.stepFresh.map((fresh) => fresh.subarray(0, n * this.config.hiddenSize)),
    );
    for (const { sequenceId } of inputs) {
      this.lengthOfSlot[this.slotOf.get(sequenceId) ?? -1]++;
    }
    const normalizers = this.computesNormalizers ? this.runNormalizers.subarray(0, n) : undefined;
    if (inOrder) {
      this.returnedNormalizers = normalizers;
      return logits;
    }
    // Rows come out in slot order; the caller wants the order of `inputs`.
    const ordered = this.orderedLogits.subarray(0, n * vocab);
    const orderedNormalizers = this.orderedNormalizers.subarray(0, n);
    for (const [i, { sequenceId }] of inputs.entries()) {
      const slot = this.slotOf.get(sequenceId) ?? -1;
      ordered.set(logits.subarray(slot * vocab, (slot + 1) * vocab), i * vocab);
      orderedNormalizers[i] = normalizers?.[slot] ?? 0;
    }
    this.returnedNormalizers = normalizers === undefined ? undefined : orderedNormalizers;
    return ordered;
  }

  /**
   * Commits the cache memory of every slot for sequences of up to `positions` (rounded up to the capacity
   * step) while none is live, so that the first sequences to grow that long do not pay for it: a first
   * touch of fresh memory costs ~13 us per 4 KiB page on a VM like ours (650 ms for 200 MB), and a decode
   * step that re-laid the rows out into untouched memory took 520 ms instead of 60.
   */
  reserve(positions: number): void {
    if (this.slotOf.size > 0) {
      return;
    }
    const capacity = Math.min(this.maxSequenceLength, Math.ceil(positions / CAPACITY_QUANTUM) * CAPACITY_QUANTUM);
    const end = this.maxSequences * this.config.numHeads * capacity * this.config.headDim;
    for (const cache of this.caches) {
      cache.fill(0, 0, end);
    }
  }

  /** Frees the sequence's slot and moves the last live slot into it; unknown ids are ignored. */
  release(sequenceId: number): void {
    const slot = this.slotOf.get(sequenceId);
    if (slot === undefined) {
      return;
    }
    this.slotOf.delete(sequenceId);
    const last = this.slotOf.size;
    if (slot !== last) {
      const moved = this.sequenceInSlot[last];
      this.copySlot(last, slot);
      this.slotOf.set(moved, slot);
      this.sequenceInSlot[slot] = moved;
      this.lengthOfSlot[slot] = this.lengthOfSlot[last];
    }
    this.lengthOfSlot[last] = 0;
  }

  async dispose(): Promise<void> {
    this.slotOf.clear();
    await this.session.release();
  }

  /** Runs `rows` slots from `firstSlot` on `sequence` new tokens each and writes their keys and values. */
  private async run(
    feeds: Record<string, Tensor>,
    firstSlot: number,
    rows: number,
    sequence: number,
    logits: Tensor,
    fresh: Float32Array[],
  ): Promise<void> {
    const { numHeads, headDim, hiddenSize } = this.config;
    const fetches: Record<string, Tensor> = { logits };
    if (this.computesNormalizers) {
      fetches[LOGSUMEXP_OUTPUT] = new Tensor('float32', this.runNormalizers.subarray(0, rows), [rows]);
    }
    const view = [rows, numHeads, this.capacity, headDim];
    this.names.forEach((name, k) => {
      const slots = this.caches[k].subarray(firstSlot * this.slotStride, (firstSlot + rows) * this.slotStride);
      feeds[name.past] = new Tensor('float32', slots, view);
      fetches[name.fresh] = new Tensor('float32', fresh[k], [rows, sequence, hiddenSize]);
    });
    await this.session.run(feeds, fetches);
    // [row, position, head, dim] -> cache [slot, head, position, dim], leaving out each row's padding
    this.caches.forEach((cache, k) => {
      const source = fresh[k];
      for (let row = 0; row < rows; row++) {
        const padding = this.rowPadding[row];
        let from = (row * sequence + padding) * hiddenSize;
        const slotBase = (firstSlot + row) * this.slotStride + this.rowStart[row] * headDim;
        for (let position = 0; position < sequence - padding; position++) {
          for (let head = 0; head < numHeads; head++) {
            // set() over each head's run: half the time of an element loop (0.4 vs 0.9 ms a step at batch 32).
            cache.set(source.subarray(from, from + headDim), slotBase + head * this.rowStride + position * headDim);
            from += headDim;
          }
        }
      }
    });
  }

  /** Re-lays out the rows for the capacity that `needed` positions and every live sequence require. */
  private fitCapacity(needed: number): void {
    let longest = needed;
    for (let slot = 0; slot < this.slotOf.size; slot++) {
      longest = Math.max(longest, this.lengthOfSlot[slot]);
    }
    const capacity = Math.min(this.maxSequenceLength, Math.ceil(longest / CAPACITY_QUANTUM) * CAPACITY_QUANTUM);
    if (capacity === this.capacity) {
      return;
    }
    const { numHeads, headDim } = this.config;
    const [from, to] = [this.capacity * headDim, capacity * headDim];
    const rows = this.slotOf.size * numHeads;
    // Row r moves from r * from to r * to: upwards when growing (so go from the last row), else downwards.
    for (let i = 0; i < rows; i++) {
      const row = to > from ? rows - 1 - i : i;
      const used = this.lengthOfSlot[Math.floor(row / numHeads)] * headDim;
      for (const cache of this.caches) {
        cache.copyWithin(row * to, row * from, row * from + used);
      }
    }
    this.capacity = capacity;
    this.rowStride = to;
    this.slotStride = numHeads * to;
  }

  /** Swaps slots so the given sequences hold slots 0..n-1 (a no-op when every live sequence steps). */
  private gatherToLowSlots(sequenceIds: ReadonlySet<number>): void {
    const n = sequenceIds.size;
    let high = n;
    for (let low = 0; low < n; low++) {
      if (sequenceIds.has(this.sequenceInSlot[low])) {
        continue;
      }
      while (!sequenceIds.has(this.sequenceInSlot[high])) {
        high++;
      }
      this.swapSlots(low, high);
    }
  }

  private swapSlots(a: number, b: number): void {
    const idA = this.sequenceInSlot[a];
    const idB = this.sequenceInSlot[b];
    const lengthA = this.lengthOfSlot[a];
    const lengthB = this.lengthOfSlot[b];
    const used = Math.max(lengthA, lengthB) * this.config.headDim;
    for (const cache of this.caches) {
      for (let h = 0; h < this.config.numHeads; h++) {
        const at = a * this.slotStride + h * this.rowStride;
        const bt = b * this.slotStride + h * this.rowStride;
        this.scratch.set(cache.subarray(at, at + used));
        cache.copyWithin(at, bt, bt + used);
        cache.set(this.scratch.subarray(0, used), bt);
      }
    }
    this.sequenceInSlot[a] = idB;
    this.sequenceInSlot[b] = idA;
    this.lengthOfSlot[a] = lengthB;
    this.lengthOfSlot[b] = lengthA;
    this.slotOf.set(idA, b);
    this.slotOf.set(idB, a);
  }

  private copySlot(from: number, to: number): void {
    // Only the filled positions: the rest of a row is never read before it is written.
    const used = this.lengthOfSlot[from] * this.config.headDim;
    for (const cache of this.caches) {
      for (let h = 0; h < this.config.numHeads; h++) {
        const source = from * this.slotStride + h * this.rowStride;
        cache.copyWithin(to * this.slotStride + h * this.rowStride, source, source + used);
      }
    }
  }
}

async function requireFile(folder: string, path: string, hint = ''): Promise<void> {
  try {
    if (!(await stat(folder)).isDirectory()) {
      throw new Error('not a directory');
    }
  } catch (error) {
    throw new ModelLoadError(
      ModelLoadErrorCode.FolderNotFound,
      folder,
      'model folder does not exist or is not a directory',
      { cause: error },
    );
  }
  if (!(await isFile(path))) {
    throw new ModelLoadError(ModelLoadErrorCode.FileMissing, path, `missing from the model folder${hint}`);
  }
}

function checkEngineInterface(session: InferenceSession, config: GptNeoConfig, file: string): void {
  // present.{i}.* (engine_graph.py --attention gqa) may be there too; this decoder never fetches them.
  const layerOutputs = session.outputNames.filter((n) => /^new_key_values\.\d+\.key$/.test(n)).length;
  const expectedInputs: string[] = [...ENGINE_INPUTS];
  const expectedOutputs = ['logits'];
  for (let layer = 0; layer < config.numLayers; layer++) {
    for (const kind of ['key', 'value'] as const) {
      expectedInputs.push(pastKeyName(layer, kind));
      expectedOutputs.push(newKeyValueName(layer, kind));
    }
  }
  const problems = interfaceProblems(session, expectedInputs, expectedOutputs);
  if (problems.length > 0) {
    throw new ModelLoadError(
      ModelLoadErrorCode.OnnxInterfaceMismatch,
      file,
      `is not the engine's fused decoder graph (tools/model/engine_graph.py): ${problems.join('; ')}`,
    );
  }
  if (layerOutputs !== config.numLayers) {
    throw new ModelLoadError(
      ModelLoadErrorCode.LayerCountMismatch,
      file,
      `has ${layerOutputs} new_key_values.*.key outputs but config.json says num_layers ${config.numLayers}`,
    );
  }
  const logits = session.outputMetadata.find((m) => m.name === 'logits');
  if (logits?.isTensor && (logits.shape.length !== 2 || logits.shape[1] !== config.vocabSize)) {
    throw new ModelLoadError(
      ModelLoadErrorCode.VocabSizeMismatch,
      file,
      `logits are [${logits.shape.join(', ')}], config.json implies [batch, ${config.vocabSize}]`,
    );
  }
  const pastKey = session.inputMetadata.find((m) => m.name === pastKeyName(0, 'key'));
  if (pastKey?.isTensor && (pastKey.shape[1] !== config.numHeads || pastKey.shape[3] !== config.headDim)) {
    throw new ModelLoadError(
      ModelLoadErrorCode.OnnxInterfaceMismatch,
      file,
      `past_key_values.0.key is [${pastKey.shape.join(', ')}], config.json implies [batch, ${config.numHeads}, max_sequence, ${config.headDim}]`,
    );
  }
}
