import type { GenerationParams } from './generation-params';
import { RandomSource, Xoshiro128 } from './prng';

/** The parameters a sampler needs; a full GenerationParams fits. */
export type SamplerParams = Pick<GenerationParams, 'temperature' | 'topK' | 'topP' | 'repetitionPenalty' | 'seed'>;

/** Picks the next token of one sequence. One sampler per sequence: it owns that sequence's random stream. */
export interface Sampler {
  /** The seed in use (the given one, or the one drawn from crypto randomness), for logs and replays. */
  readonly seed: number;
  /**
   * The next token id, as Hugging Face transformers' logits processors would pick it: repetition penalty,
   * then greedy argmax (temperature 0; ties go to the lowest id, as torch.argmax) or temperature, top-k,
   * top-p and a draw from the seeded generator.
   *
   * @param logits one row of logits, one per vocabulary id. It is used as scratch space and holds
   *   garbage afterwards: copy it first if you still need it.
   * @param history the prompt ids followed by the ids generated so far (for the repetition penalty).
   */
  next(logits: Float32Array, history: ArrayLike<number>): number;
}

/** Creates a sampler; without `params.seed` it seeds itself from crypto randomness. */
export function createSampler(params: SamplerParams): Sampler {
  return new SeededSampler(params, params.seed ?? Xoshiro128.randomSeed());
}

// Minimum weight, relative to the most likely token, of the candidates gathered for top-p without
// top-k; lowered until the candidates hold enough mass. 0 gathers the whole vocabulary.
const NUCLEUS_THRESHOLDS = [1e-3, 1e-6, 1e-12, 0];

/**
 * Work arrays shared by every sampler: `next` is synchronous, so no two calls ever use them at once,
 * and a batch of 32 sequences needs one set rather than 32 vocabulary-sized ones.
 */
class Scratch {
  private seen = new Uint32Array(0);
  private epoch = 0;
  candidates = new Int32Array(0);
  heap = new Float64Array(0);

  /** Marks `id` for the current epoch; true the first time. */
  markFirst(id: number): boolean {
    if (this.seen[id] === this.epoch) {
      return false;
    }
    this.seen[id] = this.epoch;
    return true;
  }

  beginEpoch(vocab: number): void {
    if (this.seen.length < vocab) {
      this.seen = new Uint32Array(vocab);
      this.epoch = 0;
    }
    this.epoch++;
    if (this.epoch === 0xffffffff) {
      this.seen.fill(0);
      this.epoch = 1;
    }
  }

  reserve(vocab: number, k: number): void {
    if (this.candidates.length < vocab) {
      this.candidates = new Int32Array(vocab);
    }
    if (this.heap.length < k) {
      this.heap = new Float64Array(k);
    }
  }
}

const scratch = new Scratch();

class SeededSampler implements Sampler {
  private readonly random: RandomSource;

  constructor(
    private readonly params: SamplerParams,
    readonly seed: number,
  ) {
    this.random = new Xoshiro128(seed);
  }

  next(logits: Float32Array, history: ArrayLike<number>): number {
    if (logits.length === 0) {
      throw new RangeError('logits must not be empty');
    }
    if (this.params.repetitionPenalty !== 1) {
      applyRepetitionPenalty(logits, history, this.params.repetitionPenalty);
    }
    if (this.params.temperature === 0) {
      return argmax(logits);
    }
    return this.sample(logits);
  }

  private sample(logits: Float32Array): number {
    const { temperature, topK, topP } = this.params;
    const vocab = logits.length;
    scratch.reserve(vocab, Math.min(topK, vocab));
    const ids = scratch.candidates;
    const max = logits[argmax(logits)];
    if (!Number.isFinite(max)) {
      throw new RangeError(`the largest logit must be finite, got ${max}`);
    }

    // From here on logits[id] holds the unnormalized probability exp((logit - max) / temperature),
    // so the most likely token weighs 1 and softmax never overflows.
    let count: number;
    let total: number;
    if (topK > 0 && topK < vocab) {
      // As transformers' TopKLogitsWarper: keep every token at least as likely as the k-th (ties included).
      const threshold = kthLargest(logits, topK, scratch.heap);
      count = 0;
      total = 0;
      for (let id = 0; id < vocab; id++) {
        if (logits[id] >= threshold) {
          logits[id] = Math.exp((logits[id] - max) / temperature);
          total += logits[id];
          ids[count++] = id;
        }
      }
      if (topP < 1) {
        count = selectNucleus(ids, count, logits, topP * total);
        total = sumWeights(ids, count, logits);
      }
      return this.draw(ids, count, logits, total);
    }

    total = 0;
    for (let id = 0; id < vocab; id++) {
      logits[id] = Math.exp((logits[id] - max) / temperature);
      // Sum the stored float32 weights, the values the draw walks over.
      total += logits[id];
    }
    if (topP >= 1) {
      return this.drawFromVocabulary(logits, total);
    }
    // Top-p without top-k: the nucleus is a run of the most likely tokens, so gather only the tokens above
    // a weight threshold (lowered until they hold at least topP of the mass) and search only those.
    const target = topP * total;
    count = 0;
    for (const threshold of NUCLEUS_THRESHOLDS) {
      count = 0;
      let mass = 0;
      for (let id = 0; id < vocab; id++) {
        if (logits[id] >= threshold) {
          ids[count++] = id;
          mass += logits[id];
        }
      }
      if (mass >= target) {
        break;
      }
    }
    count = selectNucleus(ids, count, logits, target);
    return this.draw(ids, count, logits, sumWeights(ids, count, logits));
  }

  private draw(ids: Int32Array, count: number, weights: Float32Array, total: number): number {
    const u = this.random.next() * total;
    let cumulative = 0;
    for (let i = 0; i < count; i++) {
      cumulative += weights[ids[i]];
      if (u < cumulative) {
        return ids[i];
      }
    }
    // Rounding can leave u a hair above the sum.
    return ids[count - 1];
  }

  private drawFromVocabulary(weights: Float32Array, total: number): number {
    const u = this.random.next() * total;
    let cumulative = 0;
    let best = 0;
    for (let id = 0; id < weights.length; id++) {
      cumulative += weights[id];
      if (u < cumulative) {
        return id;
      }
      if (weights[id] > weights[best]) {
        best = id;
      }
    }
    return best;
  }
}

/** transformers' RepetitionPenaltyLogitsProcessor: once per distinct id, however often it occurs. */
function applyRepetitionPenalty(logits: Float32Array, history: ArrayLike<number>, penalty: number): void {
  const vocab = logits.length;
  scratch.beginEpoch(vocab);
  for (let i = 0; i < history.length; i++) {
    const id = history[i];
    if (!Number.isInteger(id) || id < 0 || id >= vocab) {
      throw new RangeError(`history[${i}] = ${id} is not an id of a ${vocab}-token vocabulary`);
    }
    if (scratch.markFirst(id)) {
      const logit = logits[id];
      logits[id] = logit < 0 ? logit * penalty : logit / penalty;
    }
  }
}

/** Index of the largest value; the lowest index among equals, as torch.argmax. */
export function argmax(values: Float32Array): number {
  let best = 0;
  let bestValue = values[0];
  for (let i = 1; i < values.length; i++) {
    if (values[i] > bestValue) {
      bestValue = values[i];
      best = i;
    }
  }
  return best;
}

/** The k-th largest value, with a size-k min-heap: one pass, and most values never enter the heap. */
function kthLargest(values: Float32Array, k: number, heap: Float64Array): number {
  for (let i = 0; i < k; i++) {
    heap[i] = values[i];
  }
  for (let i = (k >> 1) - 1; i >= 0; i--) {
    siftDown(heap, k, i);
  }
  for (let i = k; i < values.length; i++) {
    if (values[i] > heap[0]) {
      heap[0] = values[i];
      siftDown(heap, k, 0);
    }
  }
  return heap[0];
}

function siftDown(heap: Float64Array, size: number, start: number): void {
  let i = start;
  const value = heap[i];
  for (;;) {
    const left = 2 * i + 1;
    if (left >= size) {
      break;
    }
    const right = left + 1;
    const child = right < size && heap[right] < heap[left] ? right : left;
    if (heap[child] >= value) {
      break;
    }
    heap[i] = heap[child];
    i = child;
  }
  heap[i] = value;
}

// Below this many candidates the nucleus search just sorts them.
const SORT_BELOW = 32;

/** Most likely first; equal weights by ascending id so the order never depends on the sort algorithm. */
function sortByWeight(ids: Int32Array, from: number, to: number, weights: Float32Array): void {
  ids.subarray(from, to).sort((a, b) => weights[b] - weights[a] || a - b);
}

/**
 * transformers' TopPLogitsWarper keeps a token when the mass of the tokens more likely than it is below
 * top_p: the smallest run of the most likely candidates whose mass reaches `target`, at least one token.
 * Moves that run to the front of `ids` and returns its length. Quickselect-style (expected linear time):
 * a nucleus of thousands of tokens over a flat distribution never needs a full sort.
 */
function selectNucleus(ids: Int32Array, count: number, weights: Float32Array, target: number): number {
  // ids[0, lo) are taken (each heavier than everything in [lo, hi)); the nucleus ends inside [lo, hi).
  let lo = 0;
  let hi = count;
  let needed = target;
  while (hi - lo > SORT_BELOW) {
    const pivot = weights[ids[lo + ((hi - lo) >> 1)]];
    // Three-way partition of [lo, hi): heavier than the pivot, equal, lighter.
    let heavyEnd = lo;
    let lightStart = hi;
    let heavyMass = 0;
    for (let i = lo; i < lightStart;) {
      const id = ids[i];
      const weight = weights[id];
      if (weight > pivot) {
        ids[i++] = ids[heavyEnd];
        ids[heavyEnd++] = id;
        heavyMass += weight;
      } else if (weight < pivot) {
        ids[i] = ids[--lightStart];
        ids[lightStart] = id;
      } else {
        i++;
      }
    }
    if (heavyMass >= needed) {
      hi = heavyEnd;
      continue;
    }
    needed -= heavyMass;
    const equalMass = (lightStart - heavyEnd) * pivot;
    if (equalMass >= needed) {
      // Ties at the boundary go to the lowest ids, as in the sorted order.
      ids.subarray(heavyEnd, lightStart).sort();
      return takeUntil(ids, heavyEnd, lightStart, weights, needed);
    }
    needed -= equalMass;
    lo = lightStart;
  }
  sortByWeight(ids, lo, hi, weights);
  return takeUntil(ids, lo, hi, weights, needed);
}

/** End of the shortest run from `from` whose mass reaches `needed` (all of it when rounding falls short). */
function takeUntil(ids: Int32Array, from: number, to: number, weights: Float32Array, needed: number): number {
  let cumulative = 0;
  for (let i = from; i < to; i++) {
    cumulative += weights[ids[i]];
    if (cumulative >= needed) {
      return i + 1;
    }
  }
  return Math.max(to, 1);
}

function sumWeights(ids: Int32Array, count: number, weights: Float32Array): number {
  let total = 0;
  for (let i = 0; i < count; i++) {
    total += weights[ids[i]];
  }
  return total;
}
