import { describe, expect, it } from "vitest";
import { filledArea } from "../../src/image/filledArea.js";
import { fillHoles } from "../../src/image/fillHoles.js";
import { croppedRegion, loadRegionpropsCases, shape } from "../reference/regionprops_vectors.js";

function filled(rows: string[]): number {
  const s = shape(rows);
  return filledArea(s.image, s.width, s.height);
}

describe("filledArea (regionprops' filled_area)", () => {
  it("fills enclosed holes", () => {
    expect(filled(["###", "#.#", "###"])).toBe(9);
    expect(filled(["#######", "#.#.#.#", "#######"])).toBe(21);
  });

  it("leaves a hole open when the background leaks out diagonally (full 3×3 structure)", () => {
    const leaky = [".....", ".##..", ".#.#.", "..##.", "....."];
    expect(filled(leaky)).toBe(6);
    // SciPy's default structure (fillHoles) floods 4-connected and does fill it.
    const s = shape(leaky);
    expect(fillHoles(s.image, s.width, s.height).reduce((a, b) => a + b, 0)).toBe(7);
  });

  it("counts single pixels, lines and disjoint blobs as they are", () => {
    expect(filled(["#"])).toBe(1);
    expect(filled(["#####"])).toBe(5);
    expect(filled(["##...", "##...", "...##"])).toBe(6);
  });

  it("gives 0 for an empty image", () => {
    expect(filled(["...", "..."])).toBe(0);
  });

  it("matches scikit-image's filled_area for every golden case", () => {
    const cases = loadRegionpropsCases();
    for (const c of cases) {
      const { image, width, height } = croppedRegion(c);
      expect(filledArea(image, width, height), c.name).toBe(c.filled_area);
    }
    console.log(`filledArea: ${cases.length} golden values compared exactly`);
  });
});
