import { join } from 'node:path';

/**
 * The model folder committed with the platform, used by the specs as a real-world fixture.
 * NEODESK_SPEC_MODEL_DIR points the model specs at another export of it (a retrained model before it replaces
 * the bundled one).
 */
export const BUNDLED_MODEL_DIR =
  process.env.NEODESK_SPEC_MODEL_DIR ??
  join(__dirname, '..', '..', '..', '..', '..', 'models', 'neodesk-support-gpt-neo');

export const FIXTURES_DIR = __dirname;

/** Largest absolute difference between two equally long number sequences. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) {
    throw new RangeError(`length ${a.length} != ${b.length}`);
  }
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    max = Math.max(max, Math.abs(a[i] - b[i]));
  }
  return max;
}

/** The logits row of (batch, position) from a row-major [batch, seq, vocab] array. */
export function logitsRow(
  logits: Float32Array,
  dims: readonly [number, number, number],
  batch: number,
  position: number,
): Float32Array {
  const [, seq, vocab] = dims;
  const start = (batch * seq + position) * vocab;
  return logits.subarray(start, start + vocab);
}
