import { createSampler, SamplerParams } from './sampler';

const GREEDY: SamplerParams = { temperature: 0, topK: 0, topP: 1, repetitionPenalty: 1 };

function sampling(overrides: Partial<SamplerParams>): SamplerParams {
  return { temperature: 1, topK: 0, topP: 1, repetitionPenalty: 1, seed: 1234, ...overrides };
}

/** Logits whose softmax is `probabilities`. */
function logitsOf(probabilities: readonly number[]): Float32Array {
  return Float32Array.from(probabilities, (p) => Math.log(p));
}

/** Draw counts per id over `draws` calls of one sampler (a fresh copy of the row each time). */
function histogram(params: SamplerParams, row: Float32Array, draws: number): number[] {
  const sut = createSampler(params);
  const counts = new Array<number>(row.length).fill(0);
  for (let i = 0; i < draws; i++) {
    counts[sut.next(row.slice(), [])]++;
  }
  return counts;
}

/** Deterministic pseudo-random logits for property checks. */
function randomRow(length: number, seed: number, scale = 4): Float32Array {
  let state = seed >>> 0;
  return Float32Array.from({ length }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state / 2 ** 32 - 0.5) * 2 * scale;
  });
}

/** Straightforward transformers semantics: temperature, top-k (ties kept), top-p over a full sort. */
function referenceCandidates(row: Float32Array, params: SamplerParams): Set<number> {
  const scaled = Array.from(row, (x, id) => ({ id, x: x / params.temperature }));
  let kept = scaled;
  if (params.topK > 0 && params.topK < row.length) {
    const kth = [...scaled].sort((a, b) => b.x - a.x)[params.topK - 1].x;
    kept = scaled.filter((entry) => entry.x >= kth);
  }
  if (params.topP < 1) {
    const max = Math.max(...kept.map((entry) => entry.x));
    const weighted = kept.map((entry) => ({ id: entry.id, w: Math.exp(entry.x - max) }));
    const total = weighted.reduce((sum, entry) => sum + entry.w, 0);
    weighted.sort((a, b) => b.w - a.w || a.id - b.id);
    const nucleus = new Set<number>();
    let cumulative = 0;
    for (const entry of weighted) {
      nucleus.add(entry.id);
      cumulative += entry.w / total;
      if (cumulative >= params.topP) {
        break;
      }
    }
    kept = kept.filter((entry) => nucleus.has(entry.id));
  }
  return new Set(kept.map((entry) => entry.id));
}

describe(createSampler.name, () => {
  describe('greedy (temperature 0)', () => {
    it('should pick the largest logit', () => {
      const sut = createSampler(GREEDY);

      expect(sut.next(Float32Array.from([0.5, -1, 7.25, 3, 7]), [])).toBe(2);
    });

    it('should break ties by the lowest id, as torch.argmax', () => {
      const sut = createSampler(GREEDY);

      expect(sut.next(Float32Array.from([1, 5, 3, 5, 5]), [])).toBe(1);
    });

    it('should ignore the seed', () => {
      const row = randomRow(100, 7);
      const picks = [1, 2, 3].map((seed) => createSampler({ ...GREEDY, seed }).next(row.slice(), []));

      expect(new Set(picks).size).toBe(1);
    });
  });

  describe('repetition penalty', () => {
    it('should divide positive and multiply negative logits of each distinct history id, once', () => {
      const sut = createSampler({ ...GREEDY, repetitionPenalty: 2 });
      const row = Float32Array.from([2, -1, 0.5, 3, -4]);

      sut.next(row, [0, 1, 1, 4, 0, 4]);

      // Hand computation: 2/2, -1*2, untouched, untouched, -4*2 — repeats do not compound.
      expect(Array.from(row)).toEqual([1, -2, 0.5, 3, -8]);
    });

    it('should change the greedy pick when the penalty pushes the leader below the runner-up', () => {
      const sut = createSampler({ ...GREEDY, repetitionPenalty: 1.5 });

      expect(sut.next(Float32Array.from([2, 1.5]), [0])).toBe(1); // 2 / 1.5 = 1.33 < 1.5
      expect(sut.next(Float32Array.from([-1, -1.2]), [0])).toBe(1); // -1 * 1.5 = -1.5 < -1.2

      const once = createSampler({ ...GREEDY, repetitionPenalty: 1.2 });
      expect(once.next(Float32Array.from([4, 3]), [0, 0, 0])).toBe(0); // once: 3.33 > 3; twice would be 2.78
    });

    it('should leave the row alone with penalty 1', () => {
      const sut = createSampler(GREEDY);
      const row = Float32Array.from([2, -1]);

      sut.next(row, [0, 1]);

      expect(Array.from(row)).toEqual([2, -1]);
    });

    it('should reject a history id outside the vocabulary', () => {
      const sut = createSampler({ ...GREEDY, repetitionPenalty: 1.1 });

      expect(() => sut.next(new Float32Array(4), [1, 4])).toThrow('history[1] = 4');
    });
  });

  describe('sampling', () => {
    it('should equal greedy with top-k 1, whatever the temperature and seed', () => {
      for (let seed = 0; seed < 50; seed++) {
        const row = randomRow(1000, seed);
        const sut = createSampler(sampling({ topK: 1, temperature: 1.7, seed }));

        expect(sut.next(row.slice(), [])).toBe(createSampler(GREEDY).next(row.slice(), []));
      }
    });

    it('should draw in proportion to softmax(logits) without filters', () => {
      const counts = histogram(sampling({}), logitsOf([0.1, 0.2, 0.3, 0.4]), 10_000);

      expect(counts.map((count) => count / 10_000)).toEqual([
        expect.closeTo(0.1, 1),
        expect.closeTo(0.2, 1),
        expect.closeTo(0.3, 1),
        expect.closeTo(0.4, 1),
      ]);
      expect(Math.abs(counts[0] / 10_000 - 0.1)).toBeLessThan(0.015);
      expect(Math.abs(counts[3] / 10_000 - 0.4)).toBeLessThan(0.015);
    });

    it('should flatten the distribution with a high temperature and sharpen it with a low one', () => {
      const row = Float32Array.from([2, 1, 0]);
      const draws = 8000;
      // softmax([2,1,0] / T): T=1 [0.665, 0.245, 0.090]; T=2 [0.506, 0.307, 0.186].
      const atOne = histogram(sampling({ temperature: 1 }), row, draws).map((c) => c / draws);
      const atTwo = histogram(sampling({ temperature: 2 }), row, draws).map((c) => c / draws);
      const atTenth = histogram(sampling({ temperature: 0.1 }), row, draws).map((c) => c / draws);

      expect(Math.abs(atOne[0] - 0.665)).toBeLessThan(0.02);
      expect(Math.abs(atOne[2] - 0.09)).toBeLessThan(0.02);
      expect(Math.abs(atTwo[0] - 0.506)).toBeLessThan(0.02);
      expect(Math.abs(atTwo[2] - 0.186)).toBeLessThan(0.02);
      expect(atTenth[0]).toBeGreaterThan(0.999); // e^-10 ≈ 4.5e-5 for the runner-up
    });

    it('should keep exactly the top-k tokens, plus ties with the k-th', () => {
      const counts = histogram(sampling({ topK: 2 }), Float32Array.from([1, 3, 2, 2, 0.5]), 3000);

      expect(counts[0]).toBe(0);
      expect(counts[4]).toBe(0);
      expect(counts[1]).toBeGreaterThan(0);
      expect(counts[2]).toBeGreaterThan(0);
      expect(counts[3]).toBeGreaterThan(0); // tied with the 2nd, kept as transformers does
    });

    it.each([
      [0.45, [0]],
      [0.75, [0, 1]],
      [0.85, [0, 1, 2]],
      [1, [0, 1, 2, 3]],
    ])('should keep the smallest set reaching top-p %p', (topP, expected) => {
      const probabilities = [0.5, 0.3, 0.15, 0.05];
      const counts = histogram(sampling({ topP }), logitsOf(probabilities), 4000);
      const kept = counts.flatMap((count, id) => (count > 0 ? [id] : []));

      expect(kept).toEqual(expected);
      // Renormalized over the kept set.
      const mass = expected.reduce((sum, id) => sum + probabilities[id], 0);
      for (const id of expected) {
        expect(Math.abs(counts[id] / 4000 - probabilities[id] / mass)).toBeLessThan(0.03);
      }
    });

    it('should apply top-p to the top-k survivors', () => {
      // Top-k 3 leaves [0.5, 0.3, 0.15] renormalized to [0.526, 0.316, 0.158]: top-p 0.8 keeps two.
      const counts = histogram(sampling({ topK: 3, topP: 0.8 }), logitsOf([0.5, 0.3, 0.15, 0.05]), 2000);

      expect(counts[0]).toBeGreaterThan(0);
      expect(counts[1]).toBeGreaterThan(0);
      expect(counts[2] + counts[3]).toBe(0);
    });

    it.each([
      ['top-p alone', { topP: 0.9 }],
      ['top-p with a low temperature', { topP: 0.5, temperature: 0.3 }],
      ['top-k alone', { topK: 40 }],
      ['top-k and top-p', { topK: 50, topP: 0.7, temperature: 1.3 }],
    ])('should only draw tokens the reference %s keeps on a 50257-token row', (_name, overrides) => {
      for (let seed = 0; seed < 6; seed++) {
        const params = sampling({ ...overrides, seed });
        const row = randomRow(50257, seed + 100, 6);
        const allowed = referenceCandidates(row, params);

        expect(allowed.has(createSampler(params).next(row.slice(), []))).toBe(true);
      }
    });

    it('should find the nucleus when it reaches deep into a flat tail', () => {
      // Three strong tokens hold ~15% of the mass; the nucleus needs thousands of tail tokens.
      const row = new Float32Array(50257);
      row[7] = 8;
      row[100] = 7;
      row[40000] = 6.5;
      const params = sampling({ topP: 0.5 });
      const allowed = referenceCandidates(row, params);
      const picks = new Set<number>();
      const sut = createSampler(params);
      for (let i = 0; i < 100; i++) {
        picks.add(sut.next(row.slice(), []));
      }

      expect(allowed.size).toBeGreaterThan(1000);
      expect(allowed.size).toBeLessThan(50257);
      expect([...picks].every((id) => allowed.has(id))).toBe(true);
      expect(picks.size).toBeGreaterThan(50);
    });
  });

  describe('seeding', () => {
    const row = randomRow(64, 3, 1);
    const run = (seed: number): number[] => {
      const sut = createSampler(sampling({ seed }));
      return Array.from({ length: 40 }, () => sut.next(row.slice(), []));
    };

    it('should repeat the same tokens for the same seed', () => {
      expect(run(42)).toEqual(run(42));
    });

    it('should give different tokens for different seeds, the high bits included', () => {
      expect(run(42)).not.toEqual(run(43));
      expect(run(1)).not.toEqual(run(2 ** 32 + 1));
    });

    it('should report the given seed, or a drawn one when none is given', () => {
      expect(createSampler(sampling({ seed: 99 })).seed).toBe(99);
      const drawn = [createSampler(GREEDY).seed, createSampler(GREEDY).seed];

      expect(drawn.every((seed) => Number.isSafeInteger(seed) && seed >= 0)).toBe(true);
      expect(drawn[0]).not.toBe(drawn[1]);
    });
  });
});
