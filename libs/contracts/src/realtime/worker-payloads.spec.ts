import { jobDeltaSchema, jobDoneSchema } from './worker-payloads';

const jobId = '0b0e4f5e-7c1a-4d2b-9b6e-2f1d3c4b5a69';
const stats = {
  promptTokens: 12,
  completionTokens: 3,
  queueMs: 1,
  timeToFirstTokenMs: 5,
  totalMs: 20,
  finishReason: 'eos',
};

describe('worker payloads: confidence figures', () => {
  it('should take deltas with and without log-probabilities (older workers send none)', () => {
    expect(jobDeltaSchema.safeParse({ jobId, attempt: 1, index: 0, text: 'Hi', logprobs: [-0.1, 0] }).success).toBe(
      true,
    );
    expect(jobDeltaSchema.safeParse({ jobId, attempt: 1, index: 0, text: 'Hi' }).success).toBe(true);
  });

  it('should refuse log-probabilities that are positive, not finite or too many', () => {
    for (const logprobs of [[0.5], [Number.NEGATIVE_INFINITY], [Number.NaN], [-1001], Array(1025).fill(-1)]) {
      expect(jobDeltaSchema.safeParse({ jobId, attempt: 1, index: 0, text: 'Hi', logprobs }).success).toBe(false);
    }
  });

  it('should take done figures with probabilities in [0, 1], null or absent, and refuse others', () => {
    const done = (extra: object) =>
      jobDoneSchema.safeParse({ jobId, attempt: 1, text: 'Hi', stats: { ...stats, ...extra } });
    expect(done({ meanTokenProbability: 0.8, minTokenProbability: 0.1 }).success).toBe(true);
    expect(done({ meanTokenProbability: null, minTokenProbability: null }).success).toBe(true);
    expect(done({}).success).toBe(true);
    expect(done({ meanTokenProbability: 1.2 }).success).toBe(false);
    expect(done({ minTokenProbability: -0.1 }).success).toBe(false);
  });
});
