import { describe, expect, it } from "vitest";
import { regionProperties } from "../../src/image/regionProperties.js";
import { drawn, loadRegionpropsCases, orNaN, shape } from "../reference/regionprops_vectors.js";

function regionOf(rows: string[], intensity: number[]) {
  const s = shape(rows);
  return regionProperties(s.image, Float64Array.from(intensity), s.width, s.height);
}

describe("regionProperties", () => {
  it("returns null for an empty mask", () => {
    expect(regionOf(["...", "..."], [1, 2, 3, 4, 5, 6])).toBeNull();
  });

  it("describes a single pixel", () => {
    const region = regionOf(["...", "..#"], [0, 0, 0, 0, 0, 7])!;
    expect(region.area).toBe(1);
    expect([region.top, region.left, region.boxHeight, region.boxWidth]).toEqual([1, 2, 1, 1]);
    expect([region.centroidRow, region.centroidColumn]).toEqual([1, 2]);
    expect([region.weightedCentroidRow, region.weightedCentroidColumn]).toEqual([1, 2]);
    expect([region.minIntensity, region.maxIntensity, region.meanIntensity]).toEqual([7, 7, 7]);
    expect(region.centralMoments[0]).toBe(1);
    expect(Array.from(region.centralMoments.subarray(1)).every((v) => v === 0)).toBe(true);
  });

  it("treats two disjoint blobs as one region, cropped to their joint bounding box", () => {
    const region = regionOf(["#....", ".....", "...##"], [2, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 4, 6])!;
    expect(region.area).toBe(3);
    expect([region.top, region.left, region.boxHeight, region.boxWidth]).toEqual([0, 0, 3, 5]);
    expect(drawn(region.image, region.boxWidth)).toEqual(["#....", ".....", "...##"]);
    expect(region.centroidRow).toBeCloseTo(4 / 3, 15);
    expect(region.centroidColumn).toBeCloseTo(7 / 3, 15);
    // Weights 2, 4, 6: rows (0·2 + 2·4 + 2·6)/12, columns (0·2 + 3·4 + 4·6)/12; pixels outside
    // the mask (the 9s) do not count.
    expect(region.weightedCentroidRow).toBeCloseTo(20 / 12, 15);
    expect(region.weightedCentroidColumn).toBeCloseTo(36 / 12, 15);
    expect([region.minIntensity, region.maxIntensity, region.meanIntensity]).toEqual([2, 6, 4]);
  });

  it("reads a mask that is an unaligned view into a larger buffer", () => {
    const buffer = new Uint8Array(1 + 12);
    const mask = buffer.subarray(1);
    mask.set([0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1]);
    const region = regionProperties(
      mask,
      Float64Array.from({ length: 12 }, (_, i) => i),
      4,
      3,
    )!;
    expect(region.area).toBe(3);
    expect([region.top, region.left, region.boxHeight, region.boxWidth]).toEqual([1, 1, 2, 3]);
    expect(region.meanIntensity).toBe((5 + 6 + 11) / 3);
  });

  it("gives a NaN weighted centroid when the region's intensities sum to zero", () => {
    const region = regionOf(["##"], [0, 0])!;
    expect(region.weightedCentroidRow).toBeNaN();
    expect(region.weightedCentroidColumn).toBeNaN();
    expect(region.centroidColumn).toBe(0.5);
  });

  it("propagates NaN intensities of the region into min, max and mean", () => {
    const region = regionOf(["##."], [1, Number.NaN, 5])!;
    expect(region.minIntensity).toBeNaN();
    expect(region.maxIntensity).toBeNaN();
    expect(region.meanIntensity).toBeNaN();
  });

  it("matches scikit-image's area, bbox, centroids and intensity statistics for every golden case", () => {
    const cases = loadRegionpropsCases();
    for (const c of cases) {
      const region = regionProperties(c.maskPlane, c.intensityPlane, c.width, c.height)!;
      expect(region.area, c.name).toBe(c.area);
      expect(
        [region.top, region.left, region.top + region.boxHeight, region.left + region.boxWidth],
        c.name,
      ).toEqual(c.bbox);
      expect(region.boxHeight * region.boxWidth, c.name).toBe(c.bbox_area);
      // Integer sums divided once: exact.
      expect([region.centroidRow, region.centroidColumn], c.name).toEqual(c.centroid);
      // Weighted sums and the mean differ from NumPy only in summation order.
      expect(region.weightedCentroidRow, c.name).toBeCloseTo(orNaN(c.weighted_centroid[0]), 12);
      expect(region.weightedCentroidColumn, c.name).toBeCloseTo(orNaN(c.weighted_centroid[1]), 12);
      expect(region.minIntensity, c.name).toBe(c.min_intensity);
      expect(region.maxIntensity, c.name).toBe(c.max_intensity);
      expect(Math.abs(region.meanIntensity - c.mean_intensity), c.name).toBeLessThanOrEqual(
        1e-12 * c.mean_intensity,
      );
    }
    console.log(`regionProperties: ${cases.length} golden cases compared`);
  });
});
