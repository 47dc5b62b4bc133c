import { describe, expect, it } from "vitest";
import { sobel, sobelRootMeanSquare } from "../../src/image/sobel.js";
import { pairwiseSum } from "../../src/image/statistics.js";
import {
  decodeFloats,
  differences,
  type EncodedFloat,
  formulaImage,
  loadVectors,
} from "../reference/loadVectors.js";

interface SobelCase {
  name: string;
  height: number;
  width: number;
  image: EncodedFloat[] | null;
  sobel: EncodedFloat[] | null;
  rms: number;
}

const vectors = loadVectors<{ sobel: SobelCase[] }>("filters_vectors").sobel;

describe("sobel", () => {
  it("is zero on a constant image", () => {
    expect(Array.from(sobel(new Float64Array(12).fill(5), 4, 3))).toEqual(new Array(12).fill(0));
  });

  it("gives the hand-computed magnitude of a vertical step", () => {
    // Columns 0-1 are 0, columns 2-3 are 4. At column 1 the column response is
    // (4 - 0) · (1/4 + 2/4 + 1/4) = 4 and the row response 0, so the magnitude is 4 / sqrt(2).
    const plane = Float64Array.from([0, 0, 4, 4, 0, 0, 4, 4, 0, 0, 4, 4]);
    const edges = sobel(plane, 4, 3);
    expect(edges[1]).toBe(4 / Math.sqrt(2));
    expect(edges[2]).toBe(4 / Math.sqrt(2));
    // Reflect padding repeats the edge column, so the outer columns see no step.
    expect(edges[0]).toBe(0);
    expect(edges[3]).toBe(0);
  });

  it("handles a single pixel and a single row", () => {
    expect(Array.from(sobel(Float64Array.of(3), 1, 1))).toEqual([0]);
    const row = sobel(Float64Array.of(0, 2, 6), 3, 1);
    // Column response at the middle: (6 - 0) · (1/4 + 2/4 + 1/4) = 6, the three reflected rows
    // being identical; the row response is 0.
    expect(row[1]).toBe(6 / Math.sqrt(2));
  });

  it("gives NaN root mean square for an empty plane", () => {
    expect(sobelRootMeanSquare(new Float64Array(0), 0, 0)).toBeNaN();
  });

  it("takes the integer shortcut with the general path's exact value", () => {
    // Integer planes (up to the 2^31 limit, negatives, a reflected border) and planes that leave
    // the shortcut midway (a fraction or NaN in the last row) must give sqrt(mean(sobel²)) with
    // NumPy's pairwise mean of the squared magnitudes, which the general pass computes.
    const width = 37;
    const height = 23;
    const general = (plane: Float64Array) => {
      const squared = sobel(plane, width, height).map((m) => m * m);
      return Math.sqrt(pairwiseSum(squared, squared.length) / squared.length);
    };
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    for (const scale of [1, 4095, 2 ** 31 - 1]) {
      const plane = Float64Array.from({ length: width * height }, () => (next() % (2 * scale + 1)) - scale);
      expect(sobelRootMeanSquare(plane, width, height)).toBe(general(plane));
      for (const odd of [0.5, Number.NaN, 2 ** 31]) {
        const changed = plane.slice();
        changed[width * height - 2] = odd;
        expect(sobelRootMeanSquare(changed, width, height)).toBe(general(changed));
      }
    }
  });

  for (const c of vectors) {
    it(`matches scikit-image bit for bit: ${c.name}`, () => {
      const image = c.image ? decodeFloats(c.image) : formulaImage(c.height, c.width);
      if (c.sobel) expect(differences(sobel(image, c.width, c.height), decodeFloats(c.sobel))).toEqual([]);
      expect(sobelRootMeanSquare(image, c.width, c.height)).toBe(c.rms);
    });
  }
});
