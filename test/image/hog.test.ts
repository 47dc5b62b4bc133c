import { describe, expect, it } from "vitest";
import { type HogBlockNorm, hog, hogLength, hypot } from "../../src/image/hog.js";
import { differences, loadVectors } from "../reference/loadVectors.js";

interface HogCase {
  name: string;
  height: number;
  width: number;
  orientations: number;
  pixelsPerCell: [number, number];
  cellsPerBlock: [number, number];
  blockNorm: HogBlockNorm;
  image: number[];
  hog: number[];
}
interface GradientSamples {
  x: number[];
  y: number[];
  hypot: number[];
}

const vectors = loadVectors<{ hog: HogCase[]; gradients: GradientSamples }>("hog_vectors");
const scifai = { orientations: 8, pixelsPerCell: [12, 12], cellsPerBlock: [1, 1] } as const;

describe("hog", () => {
  it("gives 200 values for a 64×64 image with scifAI's parameters", () => {
    expect(hogLength(64, 64, scifai)).toBe(200);
    expect(hog(new Float64Array(64 * 64), 64, 64, scifai).length).toBe(200);
  });

  it("puts a horizontal ramp's gradient into bin 0 of every cell", () => {
    // Columns increase by 1: g_col = 2 inside, 0 on the first and last column; g_row = 0.
    // Orientation 0° → bin 0; cell (0, 0) holds 11 columns of magnitude 2 (column 0 has none)
    // in 12 rows: 264 / 144. After L2-Hys on a one-hot block the value is 1.
    const plane = new Float64Array(24 * 24);
    for (let r = 0; r < 24; r++) for (let c = 0; c < 24; c++) plane[r * 24 + c] = c;
    const descriptor = hog(plane, 24, 24, scifai);
    for (let cell = 0; cell < 4; cell++) {
      expect(descriptor[cell * 8]).toBeCloseTo(1, 4);
      for (let bin = 1; bin < 8; bin++) expect(descriptor[cell * 8 + bin]).toBe(0);
    }
  });

  it("is all zero on a constant image and empty when smaller than a block", () => {
    expect(Array.from(hog(new Float64Array(144).fill(5), 12, 12, scifai))).toEqual(new Array(8).fill(0));
    expect(hog(new Float64Array(11 * 11), 11, 11, scifai).length).toBe(0);
  });

  it("rejects non-positive parameters", () => {
    expect(() => hog(new Float64Array(4), 2, 2, { orientations: 0 })).toThrow(RangeError);
  });

  it("computes hypot exactly as glibc does (NumPy's np.hypot)", () => {
    const { x, y, hypot: expected } = vectors.gradients;
    const actual = x.map((value, i) => hypot(value, y[i]));
    expect(differences(actual, expected)).toEqual([]);
    expect(hypot(3, 4)).toBe(5);
    expect(hypot(Number.NEGATIVE_INFINITY, Number.NaN)).toBe(Number.POSITIVE_INFINITY);
  });

  for (const c of vectors.hog) {
    it(`matches scikit-image hog bit for bit: ${c.name}`, () => {
      const options = {
        orientations: c.orientations,
        pixelsPerCell: c.pixelsPerCell,
        cellsPerBlock: c.cellsPerBlock,
        blockNorm: c.blockNorm,
      };
      const descriptor = hog(Float64Array.from(c.image), c.width, c.height, options);
      expect(descriptor.length).toBe(hogLength(c.width, c.height, options));
      expect(differences(descriptor, c.hog)).toEqual([]);
    });
  }
});
