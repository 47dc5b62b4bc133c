import { describe, expect, it } from "vitest";
import { convexHullImage } from "../../src/image/convexHull.js";
import { feretDiameterMax } from "../../src/image/feretDiameter.js";
import { croppedRegion, loadRegionpropsCases, shape } from "../reference/regionprops_vectors.js";

function feret(rows: string[]): number {
  const s = shape(rows);
  return feretDiameterMax(s.image, s.width, s.height);
}

describe("feretDiameterMax", () => {
  it("measures between the pixel-edge midpoints of the contour", () => {
    // A pixel's contour vertices are its four edge midpoints: diameter 1.
    expect(feret(["#"])).toBe(1);
    // A 1×5 line: from the left end's left midpoint to the right end's right midpoint.
    expect(feret(["#####"])).toBe(5);
    // A 4×4 square: from (−0.5, 0) to (3.5, 3) → √(16 + 9).
    expect(feret(["####", "####", "####", "####"])).toBe(5);
    // A diagonal of 3: from (−0.5, 0) to (2.5, 2) → √13 (corners are cut by the contour).
    expect(feret(["#..", ".#.", "..#"])).toBe(Math.sqrt(13));
  });

  it("spans two disjoint blobs treated as one region", () => {
    expect(feret(["#.....#"])).toBe(7);
  });

  it("is NaN for an empty image (scikit-image raises)", () => {
    expect(feret(["...", "..."])).toBeNaN();
  });

  it("matches scikit-image's feret_diameter_max (on the convex hull image) for every golden case", () => {
    const cases = loadRegionpropsCases();
    for (const c of cases) {
      const { image, width, height } = croppedRegion(c);
      const hull = convexHullImage(image, width, height);
      // Half-integer points make every squared distance exact, so the roots agree to the bit.
      expect(feretDiameterMax(hull.image, width, height), c.name).toBe(c.feret_diameter_max);
    }
    console.log(`feretDiameterMax: ${cases.length} golden values compared exactly`);
  });
});
