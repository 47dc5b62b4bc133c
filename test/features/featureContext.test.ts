import { describe, expect, it } from "vitest";
import { FeatureContext } from "../../src/features/featureContext.js";
import type { MaskedCellImage } from "../../src/image/cellImage.js";
import { pairwiseSum } from "../../src/image/statistics.js";

function cellOf(image: number[], mask: number[]): MaskedCellImage {
  return {
    height: 2,
    width: image.length / 2,
    channels: 1,
    image: [Float64Array.from(image)],
    mask: [Uint8Array.from(mask)],
    label: null,
  } as MaskedCellImage;
}

describe("FeatureContext", () => {
  it("gives S, the mask pixels and an exact sum for small integers", () => {
    const context = new FeatureContext(cellOf([1, -2, 3, 4, 5, 6], [0, 1, 1, 0, 0, 1]));
    expect(Array.from(context.masked(0))).toEqual([0, -2, 3, 0, 0, 6]);
    expect(Array.from(context.maskPixels(0))).toEqual([1, 2, 5]);
    expect(Array.from(context.maskedSupport(0))).toEqual([1, 2, 5]);
    expect(context.maskedIsSmallIntegers(0)).toBe(true);
    expect(context.maskedSum(0)).toBe(7);
  });

  it("widens the support to every pixel when the image is not finite outside the mask", () => {
    const context = new FeatureContext(cellOf([Number.NaN, 2, 3, 4, 5, 6], [0, 1, 1, 0, 0, 1]));
    expect(Array.from(context.maskedSupport(0))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(context.maskedIsSmallIntegers(0)).toBe(false);
    expect(context.maskedSum(0)).toBeNaN();
  });

  it("sums fractions and zero sums pairwise, as NumPy", () => {
    const fractions = new FeatureContext(cellOf([0.1, 0.2, 0.3, 0, 0, 0], [1, 1, 1, 0, 0, 0]));
    expect(fractions.maskedIsSmallIntegers(0)).toBe(false);
    expect(fractions.maskedSum(0)).toBe(pairwiseSum(fractions.masked(0), 6));
    // S is all -0 here: the sign of a zero sum comes from pairwiseSum, as NumPy gives it.
    const zeros = new FeatureContext(cellOf([-1, -1, -1, -1, -1, -1], [0, 0, 0, 0, 0, 0]));
    expect(Object.is(zeros.maskedSum(0), pairwiseSum(zeros.masked(0), 6))).toBe(true);
  });
});
