/**
 * The project's one seeded pseudo-random generator: xoshiro128** 1.1 (Blackman & Vigna, 2018),
 * a small, fast, well-tested 32-bit generator with 128 bits of state and period 2^128 − 1.
 * The state is filled from the seed with SplitMix64, as the xoshiro authors recommend, so that
 * nearby seeds (0, 1, 2, …) give unrelated streams. Same seed → same sequence on every platform.
 * Not for cryptography.
 */
export class SeededRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  // Box–Muller draws normals in pairs; the second one waits here for the next call.
  private spareNormal = Number.NaN;

  /** Seeds the generator from any safe integer (negative and fractional seeds are truncated/wrapped). */
  constructor(seed = 0) {
    if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
    let state = BigInt.asUintN(64, BigInt(Math.trunc(seed)));
    const words = new Uint32Array(4);
    for (let k = 0; k < 2; k++) {
      state = BigInt.asUintN(64, state + 0x9e3779b97f4a7c15n);
      let z = state;
      z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
      z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
      z = z ^ (z >> 31n);
      words[2 * k] = Number(z & 0xffffffffn);
      words[2 * k + 1] = Number(z >> 32n);
    }
    // An all-zero state would stay zero forever; SplitMix64 never yields two zero outputs in a row.
    this.s0 = words[0];
    this.s1 = words[1];
    this.s2 = words[2];
    this.s3 = words[3];
  }

  /** A generator with the given raw xoshiro128** state (four uint32 words, not all zero); for tests. */
  static fromState(state: ArrayLike<number>): SeededRandom {
    if (state.length !== 4 || Array.from(state).every((word) => word >>> 0 === 0))
      throw new RangeError("xoshiro128** needs four state words, not all zero");
    const random = new SeededRandom(0);
    random.s0 = state[0] >>> 0;
    random.s1 = state[1] >>> 0;
    random.s2 = state[2] >>> 0;
    random.s3 = state[3] >>> 0;
    return random;
  }

  /** The next 32 random bits as an unsigned integer in [0, 2^32). */
  nextUint32(): number {
    const s1 = this.s1;
    const product = Math.imul(s1, 5);
    const result = Math.imul((product << 7) | (product >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /** A uniform double in [0, 1) with 53 random bits (two 32-bit draws). */
  uniform(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** A uniform integer in [0, bound) without modulo bias; bound must be an integer in [1, 2^32]. */
  integer(bound: number): number {
    if (!Number.isInteger(bound) || bound < 1 || bound > 4294967296)
      throw new RangeError(`bound must be an integer in [1, 2^32], got ${bound}`);
    // Reject the top partial block of 2^32 so that every residue is equally likely.
    const limit = 4294967296 - (4294967296 % bound);
    for (;;) {
      const value = this.nextUint32();
      if (value < limit) return value % bound;
    }
  }

  /** A standard normal draw (mean 0, variance 1) by the Box–Muller transform. */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const spare = this.spareNormal;
      this.spareNormal = Number.NaN;
      return spare;
    }
    // 1 − u lies in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - this.uniform()));
    const angle = 2 * Math.PI * this.uniform();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** True with probability `p` (p ≤ 0 never, p ≥ 1 always). */
  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  /** Shuffles `values` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [index: number]: unknown }>(values: T): T {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.integer(i + 1);
      const swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
    return values;
  }

  /** `count` distinct indices drawn uniformly from [0, n), in the order drawn (count ≤ n). */
  sampleIndices(n: number, count: number): Uint32Array {
    if (!Number.isInteger(count) || count < 0 || count > n)
      throw new RangeError(`cannot draw ${count} distinct indices from ${n}`);
    const pool = new Uint32Array(n);
    for (let i = 0; i < n; i++) pool[i] = i;
    // Partial Fisher–Yates: only the first `count` positions need to be settled.
    for (let i = 0; i < count; i++) {
      const j = i + this.integer(n - i);
      const swap = pool[i];
      pool[i] = pool[j];
      pool[j] = swap;
    }
    return pool.slice(0, count);
  }
}

/** A seeded generator (see {@link SeededRandom}); the same seed always gives the same stream. */
export function createRandom(seed = 0): SeededRandom {
  return new SeededRandom(seed);
}
