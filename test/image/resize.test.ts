import { describe, expect, it } from "vitest";
import { resize } from "../../src/image/resize.js";
import {
  decodeFloats,
  differences,
  type EncodedFloat,
  formulaImage,
  loadVectors,
} from "../reference/loadVectors.js";

interface ResizeCase {
  name: string;
  height: number;
  width: number;
  outHeight: number;
  outWidth: number;
  image: EncodedFloat[] | null;
  resized: EncodedFloat[];
}

const vectors = loadVectors<{ resize: ResizeCase[] }>("filters_vectors").resize;

describe("resize", () => {
  it("keeps an image of the same size unchanged", () => {
    const plane = Float64Array.of(1, 5, 2, 8, 3, 9);
    expect(Array.from(resize(plane, 3, 2, 3, 2))).toEqual([1, 5, 2, 8, 3, 9]);
  });

  it("interpolates between pixel centres when doubling", () => {
    // Output centres of a 2 → 4 zoom sample input positions -0.25, 0.25, 0.75, 1.25; mirror mode
    // folds -0.25 to 0.25 and 1.25 to 0.75.
    const out = resize(Float64Array.of(0, 4), 2, 1, 4, 1);
    expect(Array.from(out)).toEqual([1, 1, 3, 3]);
  });

  it("clips to the input range and spreads NaN", () => {
    const out = resize(Float64Array.of(0, 10, 0, 10), 4, 1, 2, 1);
    for (const value of out) expect(value >= 0 && value <= 10).toBe(true);
    expect(Array.from(resize(Float64Array.of(1, Number.NaN), 2, 1, 3, 3)).every(Number.isNaN)).toBe(true);
  });

  for (const c of vectors) {
    it(`matches scikit-image resize: ${c.name}`, () => {
      const image = c.image ? decodeFloats(c.image) : formulaImage(c.height, c.width);
      const out = resize(image, c.width, c.height, c.outWidth, c.outHeight);
      const expected = decodeFloats(c.resized);
      const diff = differences(out, expected);
      if (diff.length > 0) {
        // Anti-aliasing kernels come from exp, which NumPy computes with its own SIMD routine
        // (last-bit differences from V8's Math.exp): allow a few units in the last place there.
        let worst = 0;
        for (let i = 0; i < out.length; i++) {
          worst = Math.max(worst, Math.abs(out[i] - expected[i]) / Math.max(Math.abs(expected[i]), 1e-300));
        }
        expect(worst, diff.join("; ")).toBeLessThanOrEqual(1e-15);
      }
    });
  }
});
