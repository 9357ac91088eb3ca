/**
 * The floor of a reported log-probability: a token the model all but ruled out (or a masked one) reads as
 * this instead of -Infinity, so every figure stays a finite number on the wire (exp of it is 0).
 */
export const MIN_TOKEN_LOGPROB = -1000;

/**
 * A logit this far under the largest adds under e^-17 to the normalizer (which is at least 1), so skipping
 * all of them makes the normalizer at most vocab x e^-17 too small: 0.21% for GPT-Neo's 50,257 tokens,
 * i.e. a reported probability at most 0.21% of itself too high (in practice far less: the tokens so far
 * down mostly sit 20 and more under the largest). It is what makes the pass cheap: GPT-Neo's rows hold a
 * few hundred tokens within 15 of their largest logit, and the exp of the tens of thousands of others
 * doubled the cost of a decode step of the bundled model.
 */
const NEGLIGIBLE_BELOW_MAX = 17;

/**
 * log(sum(exp(logits))): the softmax normalizer of one row of logits, in float64 and shifted by the
 * largest logit so that nothing overflows. Fully masked rows (every logit -Infinity) give -Infinity.
 */
export function logSumExp(logits: Float32Array): number {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) {
    if (logits[i] > max) {
      max = logits[i];
    }
  }
  if (!Number.isFinite(max)) {
    return max;
  }
  // Only the logits near the largest are worth an exp (see NEGLIGIBLE_BELOW_MAX).
  const cutoff = max - NEGLIGIBLE_BELOW_MAX;
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const logit = logits[i];
    if (logit > cutoff) {
      sum += Math.exp(logit - max);
    }
  }
  return max + Math.log(sum);
}

/** log softmax(logits)[id], from the row's logit and its normalizer; within [MIN_TOKEN_LOGPROB, 0]. */
export function tokenLogprob(logit: number, normalizer: number): number {
  const value = logit - normalizer;
  if (Number.isNaN(value)) {
    return MIN_TOKEN_LOGPROB;
  }
  // Rounding can put the most likely token of a peaked row a hair above 0.
  return Math.min(0, Math.max(MIN_TOKEN_LOGPROB, value));
}

/** A reply's confidence figures: the mean and the smallest probability of its tokens. */
export interface TokenProbabilitySummary {
  /** Arithmetic mean of exp(logprob) over the tokens. */
  mean: number;
  /** exp of the smallest logprob: the least confident token. */
  min: number;
}

/** Mean and minimum token probability of a reply; null for a reply without tokens. */
export function summarizeTokenLogprobs(logprobs: readonly number[]): TokenProbabilitySummary | null {
  if (logprobs.length === 0) {
    return null;
  }
  let sum = 0;
  let min = 0;
  for (const logprob of logprobs) {
    sum += Math.exp(logprob);
    min = Math.min(min, logprob);
  }
  return { mean: sum / logprobs.length, min: Math.exp(min) };
}
