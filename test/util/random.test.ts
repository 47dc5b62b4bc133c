import { describe, expect, it } from "vitest";
import { createRandom, SeededRandom } from "../../src/util/random.js";

// Expected words come from a direct Python transcription of the reference C code of
// xoshiro128** 1.1 and SplitMix64 (Blackman & Vigna), independent of this implementation.
describe("SeededRandom", () => {
  it("reproduces the xoshiro128** reference output for state {1, 2, 3, 4}", () => {
    const random = SeededRandom.fromState([1, 2, 3, 4]);
    const words = Array.from({ length: 6 }, () => random.nextUint32());
    expect(words).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it("seeds the state with SplitMix64", () => {
    const draw = (seed: number, n: number) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: n }, () => random.nextUint32());
    };
    expect(draw(0, 6)).toEqual([3737715805, 2584255861, 2876756834, 3286328325, 1553311962, 1625202774]);
    expect(draw(42, 6)).toEqual([1776835114, 4165204688, 17111135, 2317295270, 2792088233, 2554630222]);
    expect(draw(-1, 3)).toEqual([477689756, 2493998634, 555695776]);
    expect(draw(2 ** 53 - 1, 3)).toEqual([1233166643, 1287031142, 661813442]);
  });

  it("builds 53-bit uniforms from two draws", () => {
    const random = new SeededRandom(7);
    expect(random.uniform()).toBe(0.4193505224726699);
    expect(random.uniform()).toBe(0.6968157502682852);
  });

  it("is deterministic per seed and differs between seeds", () => {
    const a = createRandom(123);
    const b = createRandom(123);
    const c = createRandom(124);
    const sa = Array.from({ length: 100 }, () => a.uniform());
    const sb = Array.from({ length: 100 }, () => b.uniform());
    const sc = Array.from({ length: 100 }, () => c.uniform());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
  });

  it("draws uniforms in [0, 1) with the right mean and integers without bias", () => {
    const random = new SeededRandom(1);
    let sum = 0;
    let outside = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const u = random.uniform();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
    }
    expect(outside).toBe(0);
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.005);
    const counts = new Float64Array(6);
    for (let i = 0; i < 60_000; i++) counts[random.integer(6)]++;
    // χ² with 5 degrees of freedom: 20.5 is the 0.999 quantile.
    const chiSquare = counts.reduce((acc, count) => acc + (count - 10_000) ** 2 / 10_000, 0);
    expect(chiSquare).toBeLessThan(20.5);
    expect(() => random.integer(0)).toThrow(RangeError);
    expect(() => random.integer(1.5)).toThrow(RangeError);
    expect(random.integer(1)).toBe(0);
  });

  it("draws standard normals", () => {
    const random = new SeededRandom(2);
    let sum = 0;
    let squares = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const z = random.normal();
      sum += z;
      squares += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.02);
    expect(Math.abs(squares / n - 1)).toBeLessThan(0.02);
  });

  it("shuffles into a permutation and samples distinct indices", () => {
    const random = new SeededRandom(3);
    const values = Int32Array.from({ length: 50 }, (_, i) => i);
    random.shuffle(values);
    expect(Array.from(values).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(values)).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    const sample = random.sampleIndices(20, 7);
    expect(sample.length).toBe(7);
    expect(new Set(sample).size).toBe(7);
    for (const index of sample) expect(index >= 0 && index < 20).toBe(true);
    expect(() => random.sampleIndices(3, 4)).toThrow(RangeError);
    expect(Array.from(random.sampleIndices(5, 5)).sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it("rejects unusable seeds and states", () => {
    expect(() => new SeededRandom(Number.NaN)).toThrow(RangeError);
    expect(() => SeededRandom.fromState([0, 0, 0, 0])).toThrow(RangeError);
  });
});
