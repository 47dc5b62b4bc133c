import { describe, expect, it } from "vitest";
import { beeswarmOffsets, maxAbsOffset } from "../../../src/report/svg/beeswarm.js";
import { createRandom } from "../../../src/util/random.js";

function overlapping(x: ArrayLike<number>, y: ArrayLike<number>, radius: number): number {
  let count = 0;
  for (let i = 0; i < x.length; i++)
    for (let j = i + 1; j < x.length; j++)
      if (Math.hypot(x[i] - x[j], y[i] - y[j]) < 2 * radius - 1e-9) count++;
  return count;
}

describe("beeswarmOffsets", () => {
  it("leaves isolated points on the centre line", () => {
    expect(Array.from(beeswarmOffsets([0, 10, 20], 2))).toEqual([0, 0, 0]);
  });

  it("stacks equal values alternately above and below, touching", () => {
    const offsets = Array.from(beeswarmOffsets([5, 5, 5, 5, 5], 2));
    expect(offsets).toEqual([0, 4, -4, 8, -8]);
  });

  it("never overlaps, keeps x, and is deterministic", () => {
    const random = createRandom(5);
    const x = Float64Array.from({ length: 600 }, () => 200 + 40 * random.normal());
    const first = beeswarmOffsets(x, 2.5);
    const second = beeswarmOffsets(Float64Array.from(x), 2.5);
    expect(Array.from(first)).toEqual(Array.from(second));
    expect(overlapping(x, first, 2.5)).toBe(0);
    // A dense swarm spreads out, but less than stacking every point would.
    expect(maxAbsOffset(first)).toBeGreaterThan(5);
    expect(maxAbsOffset(first)).toBeLessThan(600 * 2.5);
  });

  it("places each point at the free offset nearest the centre", () => {
    // Second point 3 px right of the first (radius 2): needs |dy| ≥ √(16 − 9) = √7.
    const offsets = beeswarmOffsets([0, 3], 2);
    expect(offsets[0]).toBe(0);
    expect(Math.abs(offsets[1])).toBeCloseTo(Math.sqrt(7), 12);
  });

  it("gives NaN to non-finite x and puts everything on the line for radius 0", () => {
    const offsets = beeswarmOffsets([1, Number.NaN, Number.POSITIVE_INFINITY, 1], 1);
    expect(offsets[1]).toBeNaN();
    expect(offsets[2]).toBeNaN();
    expect(Math.abs(offsets[3])).toBe(2);
    expect(Array.from(beeswarmOffsets([1, 1], 0))).toEqual([0, 0]);
    expect(beeswarmOffsets([], 2)).toHaveLength(0);
    expect(maxAbsOffset([Number.NaN])).toBe(0);
  });
});
