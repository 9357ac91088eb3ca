import type { GptNeoConfig } from '../model/gpt-neo-config';

/**
 * The model side of the scheduler: runs prompts and decode steps for many sequences at once and owns
 * their KV caches. Two implementations: one over any standard decoder-with-past export (the cache grows
 * by one position a step and is handed back and forth), one over the engine's fused graph (the cache
 * stays in preallocated per-slot buffers that onnxruntime updates in place).
 */
export interface BatchDecoder {
  readonly config: GptNeoConfig;
  /** Most sequences alive at once. */
  readonly maxSequences: number;
  /** Most positions (prompt plus generated) one sequence may use. */
  readonly maxSequenceLength: number;
  /** Starts a sequence: runs its whole prompt and returns the logits of the last prompt position (length vocab). */
  prefill(sequenceId: number, promptIds: readonly number[]): Promise<Float32Array>;
  /** Starts several sequences at once where the decoder can batch prompts; their logits, in the order given. */
  prefillMany(
    prompts: ReadonlyArray<{ readonly sequenceId: number; readonly promptIds: readonly number[] }>,
  ): Promise<Float32Array[]>;
  /**
   * One decode step for the given live sequences, each fed its next token. Returns their next-token logits
   * as one array of `inputs.length` rows of `vocab` floats, in the order of `inputs`. The array may be reused
   * by the next call: read it before calling again.
   */
  step(inputs: ReadonlyArray<{ readonly sequenceId: number; readonly token: number }>): Promise<Float32Array>;
  /**
   * The softmax normalizers, log(sum(exp(logits))), of the rows the last prefillMany or step returned, in
   * the same order, where the graph computes them (undefined: the caller computes them from the logits).
   */
  lastNormalizers?(): Float32Array | undefined;
  /** Commits cache memory ahead for sequences of up to `positions`, where the decoder preallocates it. */
  reserve?(positions: number): void;
  /** Frees a finished or cancelled sequence's cache at once. */
  release(sequenceId: number): void;
  /** Releases the onnxruntime session(s). */
  dispose(): Promise<void>;
}
