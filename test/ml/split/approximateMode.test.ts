import { describe, expect, it } from "vitest";
import { approximateMode } from "../../../src/ml/split/approximateMode.js";
import { createRandom } from "../../../src/util/random.js";
import { allocationProblem, MODE_CASES } from "./splitVectors.js";

describe("approximateMode", () => {
  it("equals sklearn's _approximate_mode exactly when it has no tie, and a possible outcome when it has", () => {
    let tieFree = 0;
    let withTies = 0;
    for (const c of MODE_CASES) {
      const seen = new Set<string>();
      for (let seed = 0; seed < 20; seed++) {
        const counts = Array.from(approximateMode(c.counts, c.draws, createRandom(seed)));
        expect(
          counts.reduce((a, b) => a + b, 0),
          `${c.counts} draws ${c.draws}`,
        ).toBe(c.draws);
        expect(
          allocationProblem(counts, c.lower, c.tied, c.picks),
          `${c.counts} draws ${c.draws}`,
        ).toBeNull();
        seen.add(counts.join(","));
      }
      if (c.outcomes.length === 1) {
        tieFree++;
        expect([...seen]).toEqual([c.outcomes[0].join(",")]);
      } else {
        withTies++;
        // Ties are broken at random: more than one outcome over 20 seeds, as in sklearn.
        expect(seen.size).toBeGreaterThan(1);
      }
    }
    expect(tieFree).toBeGreaterThan(10);
    expect(withTies).toBeGreaterThan(5);
  });

  it("reproduces sklearn's documented examples where they are tie-free", () => {
    expect(Array.from(approximateMode([4, 2], 3, createRandom(0)))).toEqual([2, 1]);
    expect(Array.from(approximateMode([5, 2], 4, createRandom(0)))).toEqual([3, 1]);
    const tied = Array.from(approximateMode([2, 2, 2, 1], 2, createRandom(0)));
    expect(tied[3]).toBe(0);
    expect(tied.reduce((a, b) => a + b)).toBe(2);
  });

  it("rejects impossible draws", () => {
    expect(() => approximateMode([2, 3], 6, createRandom(0))).toThrow(/cannot draw/);
    expect(() => approximateMode([2, 3], -1, createRandom(0))).toThrow(/cannot draw/);
    expect(Array.from(approximateMode([2, 3], 0, createRandom(0)))).toEqual([0, 0]);
  });
});
