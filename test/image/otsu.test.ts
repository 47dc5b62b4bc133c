import { describe, expect, it } from "vitest";
import { histogramCounts, histogramEdges, otsuFromHistogram, thresholdOtsu } from "../../src/image/otsu.js";
import { decodeFloats, type EncodedFloat, loadVectors } from "../reference/loadVectors.js";

interface OtsuCase {
  name: string;
  values: EncodedFloat[];
  threshold: number;
}

const vectors = loadVectors<{ otsu: OtsuCase[] }>("filters_vectors").otsu;

describe("thresholdOtsu", () => {
  it("returns the value of a constant image, so that nothing is above it", () => {
    expect(thresholdOtsu(Float64Array.of(4, 4, 4))).toBe(4);
  });

  it("splits two values at the centre of the first bin", () => {
    // Range [3, 8] in 256 bins: every split between the two populations has the same variance,
    // and the first maximum is bin 0, whose centre is 3 + 5/512.
    expect(thresholdOtsu(Float64Array.of(3, 3, 3, 8, 8))).toBe(3 + 5 / 512);
  });

  it("returns NaN for empty input and for NaN or infinite values", () => {
    expect(thresholdOtsu(new Float64Array(0))).toBeNaN();
    expect(thresholdOtsu(Float64Array.of(1, Number.NaN, 2))).toBeNaN();
    expect(thresholdOtsu(Float64Array.of(1, Number.POSITIVE_INFINITY))).toBeNaN();
  });

  it("builds NumPy's edges and puts the maximum in the last (closed) bin", () => {
    const edges = histogramEdges(0, 1, 4);
    expect(Array.from(edges)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(Array.from(histogramCounts(Float64Array.of(0, 0.25, 0.7, 1), edges, 4))).toEqual([1, 1, 1, 1]);
  });

  it("takes the first maximum of the between-class variance", () => {
    expect(otsuFromHistogram(Float64Array.of(1, 0, 1), Float64Array.of(0, 1, 2))).toBe(0);
  });

  for (const c of vectors) {
    it(`matches scikit-image: ${c.name}`, () => {
      expect(thresholdOtsu(decodeFloats(c.values))).toBe(c.threshold);
    });
  }
});
