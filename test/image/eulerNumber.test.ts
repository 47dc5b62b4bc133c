import { describe, expect, it } from "vitest";
import { eulerNumber, pixelQuadHistogram } from "../../src/image/eulerNumber.js";
import { croppedRegion, loadRegionpropsCases, shape } from "../reference/regionprops_vectors.js";

function euler(rows: string[]): number {
  const s = shape(rows);
  return eulerNumber(s.image, s.width, s.height);
}

describe("pixelQuadHistogram", () => {
  it("counts the four windows around a single pixel, one per corner position", () => {
    const s = shape(["#"]);
    const histogram = pixelQuadHistogram(s.image, s.width, s.height);
    // Bits: 1 bottom-right, 2 top-right, 4 bottom-left, 8 top-left; 3×3 windows in all.
    expect(Array.from(histogram)).toEqual([5, 1, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("sees a vertical pair as right-column and left-column windows", () => {
    const s = shape(["#", "#"]);
    const histogram = pixelQuadHistogram(s.image, s.width, s.height);
    expect(histogram[1]).toBe(1);
    expect(histogram[3]).toBe(1);
    expect(histogram[2]).toBe(1);
    expect(histogram[12]).toBe(1);
    expect(histogram.reduce((a, b) => a + b, 0)).toBe(4 * 3);
  });
});

describe("eulerNumber (8-connected foreground)", () => {
  it("counts objects minus holes", () => {
    expect(euler(["#"])).toBe(1);
    expect(euler(["###", "#.#", "###"])).toBe(0);
    expect(euler(["#######", "#.#.#.#", "#######"])).toBe(-2);
    expect(euler(["##...", "##...", "...##", "...##"])).toBe(2);
    expect(euler(["#...", "#...", "####"])).toBe(1);
  });

  it("joins diagonal neighbours into one object", () => {
    expect(euler(["#..", ".#.", "..#"])).toBe(1);
    // A diagonal gap does not open the ring: it still encloses its centre.
    expect(euler([".##.", "#..#", "#..#", ".##."])).toBe(0);
    expect(euler(["##.", "#.#", ".##"])).toBe(0);
  });

  it("gives 0 for an empty image", () => {
    expect(euler(["...", "..."])).toBe(0);
  });

  it("matches scikit-image's euler_number(connectivity=2) for every golden case", () => {
    const cases = loadRegionpropsCases();
    for (const c of cases) {
      const { image, width, height } = croppedRegion(c);
      expect(eulerNumber(image, width, height), c.name).toBe(c.euler_number);
    }
    console.log(`eulerNumber: ${cases.length} golden values compared exactly`);
  });
});
