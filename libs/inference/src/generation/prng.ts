import { randomFillSync } from 'node:crypto';

/** A seeded uniform source on [0, 1). */
export interface RandomSource {
  next(): number;
}

const TWO_POW_32 = 2 ** 32;

/**
 * xoshiro128** (Blackman & Vigna): small, fast and good enough for sampling; the same seed gives the
 * same sequence on every platform because it only uses 32-bit integer arithmetic.
 */
export class Xoshiro128 implements RandomSource {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** @param seed a non-negative safe integer; all 53 bits take part. */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new RangeError(`seed must be a non-negative safe integer, got ${seed}`);
    }
    // Distinct seeds give distinct states (s0, s1 hold the seed's bits, s2 and s3 are nonzero constants
    // so the state is never all zero); the warm-up decorrelates neighbouring seeds.
    this.s0 = seed >>> 0;
    this.s1 = Math.floor(seed / TWO_POW_32) >>> 0;
    this.s2 = 0x9e3779b9;
    this.s3 = 0x243f6a88;
    for (let i = 0; i < 16; i++) {
      this.nextUint32();
    }
  }

  /** A seed drawn from the operating system's cryptographic randomness. */
  static randomSeed(): number {
    const words = randomFillSync(new Uint32Array(2));
    return (words[0] & 0x1fffff) * TWO_POW_32 + words[1];
  }

  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
