import { describe, expect, it } from "vitest";
import { pixelQuadHistogram } from "../../src/image/eulerNumber.js";
import { perimeter, perimeterCrofton } from "../../src/image/perimeter.js";
import { croppedRegion, loadRegionpropsCases, shape } from "../reference/regionprops_vectors.js";

function measured(rows: string[]): { perimeter: number; crofton: number } {
  const s = shape(rows);
  return {
    perimeter: perimeter(s.image, s.width, s.height),
    crofton: perimeterCrofton(s.image, s.width, s.height),
  };
}

describe("perimeter (4-neighbourhood)", () => {
  it("weights border pixels by how they link to other border pixels", () => {
    // An isolated pixel and the ends of lines have one or no border neighbour: weight 0.
    expect(measured(["#"]).perimeter).toBe(0);
    expect(measured(["#####"]).perimeter).toBe(3);
    // Diagonal links weigh √2; the two ends weigh 0.
    expect(measured(["#....", ".#...", "..#..", "...#.", "....#"]).perimeter).toBeCloseTo(3 * Math.SQRT2, 14);
    // A 4×4 square: 12 border pixels, each linked to two others along the sides.
    expect(measured(["####", "####", "####", "####"]).perimeter).toBe(12);
    // A ring: every pixel is border, so the inner side does not add a second count.
    expect(measured(["###", "#.#", "###"]).perimeter).toBe(8);
  });

  it("adds the perimeters of two disjoint blobs treated as one region", () => {
    expect(measured(["##....", "##....", "....##", "....##"]).perimeter).toBe(
      2 * measured(["##", "##"]).perimeter,
    );
  });

  it("gives 0 for an empty image", () => {
    expect(measured(["...", "..."])).toEqual({ perimeter: 0, crofton: 0 });
  });
});

describe("perimeterCrofton (4 directions)", () => {
  it("is the same for a shape and its reflections", () => {
    const l = measured(["#..", "#..", "###"]).crofton;
    expect(measured(["..#", "..#", "###"]).crofton).toBeCloseTo(l, 14);
    expect(measured(["###", "#..", "#.."]).crofton).toBeCloseTo(l, 14);
  });

  it("reuses a precomputed 2×2 configuration histogram", () => {
    const s = shape(["##.", ".##", "..#"]);
    const histogram = pixelQuadHistogram(s.image, s.width, s.height);
    expect(perimeterCrofton(s.image, s.width, s.height, histogram)).toBe(
      perimeterCrofton(s.image, s.width, s.height),
    );
  });
});

describe("perimeter and perimeterCrofton against scikit-image", () => {
  it("match every golden case", () => {
    const cases = loadRegionpropsCases();
    for (const c of cases) {
      const { image, width, height } = croppedRegion(c);
      // Sums of a few dozen products of √2 and π terms: only the summation order can differ.
      expect(perimeter(image, width, height), c.name).toBeCloseTo(c.perimeter, 12);
      expect(perimeterCrofton(image, width, height), c.name).toBeCloseTo(c.perimeter_crofton, 12);
    }
    console.log(`perimeter, perimeterCrofton: ${2 * cases.length} golden values compared`);
  });
});
