import { MIN_TOKEN_LOGPROB, logSumExp, summarizeTokenLogprobs, tokenLogprob } from './token-probability';

describe('token probabilities', () => {
  it('should normalize a row of logits without overflowing', () => {
    const logits = Float32Array.from([1000, 1000, 1000 - Math.log(2)]);
    const normalizer = logSumExp(logits);
    expect(Math.exp(tokenLogprob(logits[0], normalizer))).toBeCloseTo(0.4, 4);
    expect(Math.exp(tokenLogprob(logits[2], normalizer))).toBeCloseTo(0.2, 4);
  });

  it('should leave out only logits far under the largest, within the stated error', () => {
    const vocab = 50257;
    // The worst case: every other token just past the cut.
    const logits = new Float32Array(vocab).fill(-17.001);
    logits[0] = 0;
    const exact = Math.log(1 + (vocab - 1) * Math.exp(-17.001));
    const error = exact - logSumExp(logits);
    expect(error).toBeGreaterThan(0);
    expect(error).toBeLessThan(vocab * Math.exp(-17));
    // A flat row loses nothing.
    expect(logSumExp(new Float32Array(vocab).fill(3))).toBeCloseTo(3 + Math.log(vocab), 9);
  });

  it('should keep a log-probability finite and at most 0', () => {
    expect(tokenLogprob(-Infinity, 3)).toBe(MIN_TOKEN_LOGPROB);
    expect(tokenLogprob(5 + 1e-9, 5)).toBe(0);
    expect(tokenLogprob(NaN, 1)).toBe(MIN_TOKEN_LOGPROB);
    expect(logSumExp(Float32Array.from([-Infinity, -Infinity]))).toBe(-Infinity);
  });

  it('should summarize a reply by its mean and smallest token probability', () => {
    expect(summarizeTokenLogprobs([Math.log(0.9), Math.log(0.5), Math.log(0.1)])).toEqual({
      mean: expect.closeTo(0.5, 9) as number,
      min: expect.closeTo(0.1, 9) as number,
    });
    expect(summarizeTokenLogprobs([])).toBeNull();
  });
});
