import { describe, expect, it } from "vitest";
import {
  type BoundaryMode,
  extendIndex,
  gaussianFilter,
  gaussianKernel,
  gaussianRadius,
} from "../../src/image/gaussian.js";
import { decodeFloats, differences, type EncodedFloat, loadVectors } from "../reference/loadVectors.js";

interface KernelCase {
  sigma: number;
  radius: number;
  weights: EncodedFloat[];
}
interface FilterCase {
  name: string;
  height: number;
  width: number;
  sigma: [number, number];
  mode: BoundaryMode;
  image: EncodedFloat[];
  filtered: EncodedFloat[];
}

const vectors = loadVectors<{ gaussianKernel: KernelCase[]; gaussian: FilterCase[] }>("filters_vectors");

/** Largest relative difference between two arrays. */
function worstRelative(actual: Float64Array, expected: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const scale = Math.max(Math.abs(actual[i]), Math.abs(expected[i]));
    if (scale > 0) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / scale);
  }
  return worst;
}

// NumPy on x86-64 evaluates exp with its own SIMD (AVX-512) routine, which differs from V8's
// Math.exp in the last bit for some arguments; the kernel weights, and through them the filtered
// values, can therefore differ by a few units in the last place. Everything else is exact.
const EXP_ULPS = 1e-15;

describe("gaussian", () => {
  it("uses SciPy's radius int(4σ + 0.5)", () => {
    expect(gaussianRadius(0.125)).toBe(1);
    expect(gaussianRadius(0.1)).toBe(0);
    expect(gaussianRadius(1.84)).toBe(7);
  });

  it("extends lines as SciPy's mirror, reflect and nearest modes do", () => {
    const mirror = [-3, -2, -1, 0, 1, 2, 3, 4, 5, 6].map((i) => extendIndex(i, 4, "mirror"));
    expect(mirror).toEqual([3, 2, 1, 0, 1, 2, 3, 2, 1, 0]);
    const reflect = [-3, -2, -1, 0, 3, 4, 5].map((i) => extendIndex(i, 4, "reflect"));
    expect(reflect).toEqual([2, 1, 0, 0, 3, 3, 2]);
    expect([-2, 5].map((i) => extendIndex(i, 4, "nearest"))).toEqual([0, 3]);
    expect(extendIndex(-7, 1, "mirror")).toBe(0);
  });

  it("leaves an axis alone when its sigma is 0 and keeps a constant image constant", () => {
    const plane = Float64Array.of(1, 2, 3, 4, 5, 6);
    expect(Array.from(gaussianFilter(plane, 3, 2, 0, 0))).toEqual([1, 2, 3, 4, 5, 6]);
    const constant = gaussianFilter(new Float64Array(20).fill(3), 5, 4, 1, 1, "mirror");
    for (const value of constant) expect(value).toBeCloseTo(3, 14);
  });

  for (const c of vectors.gaussianKernel) {
    it(`builds SciPy's kernel for sigma ${c.sigma}`, () => {
      const weights = gaussianKernel(c.sigma, c.radius);
      expect(weights.length).toBe(c.weights.length);
      expect(worstRelative(weights, decodeFloats(c.weights))).toBeLessThanOrEqual(EXP_ULPS);
    });
  }

  for (const c of vectors.gaussian) {
    it(`matches SciPy gaussian_filter: ${c.name}`, () => {
      const filtered = gaussianFilter(
        decodeFloats(c.image),
        c.width,
        c.height,
        c.sigma[0],
        c.sigma[1],
        c.mode,
      );
      expect(worstRelative(filtered, decodeFloats(c.filtered))).toBeLessThanOrEqual(EXP_ULPS);
    });
  }

  it("reports how many kernels and filtered images are bit-identical", () => {
    let exact = 0;
    for (const c of vectors.gaussian) {
      const filtered = gaussianFilter(
        decodeFloats(c.image),
        c.width,
        c.height,
        c.sigma[0],
        c.sigma[1],
        c.mode,
      );
      if (differences(filtered, decodeFloats(c.filtered)).length === 0) exact++;
    }
    console.log(`gaussian: ${exact} of ${vectors.gaussian.length} filtered images bit-identical to SciPy`);
  });
});
