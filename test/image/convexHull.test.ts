import { describe, expect, it } from "vitest";
import { convexHullImage, convexHullOfSortedPoints } from "../../src/image/convexHull.js";
import { croppedRegion, drawn, loadRegionpropsCases, shape } from "../reference/regionprops_vectors.js";

function hullOf(rows: string[]): { rows: string[]; area: number } {
  const s = shape(rows);
  const hull = convexHullImage(s.image, s.width, s.height);
  return { rows: drawn(hull.image, s.width), area: hull.area };
}

describe("convexHullImage", () => {
  it("keeps a single pixel, a line and a full square as they are", () => {
    expect(hullOf(["#"])).toEqual({ rows: ["#"], area: 1 });
    expect(hullOf(["#####"])).toEqual({ rows: ["#####"], area: 5 });
    expect(hullOf(["##", "##"]).area).toBe(4);
  });

  it("fills the hole of a ring and the notch of an L", () => {
    expect(hullOf(["###", "#.#", "###"]).area).toBe(9);
    // The pixel-edge midpoints reach half a pixel out, so the L's hull covers the diagonal and
    // every centre on the hypotenuse: 13 of the 16 pixels.
    expect(hullOf(["#...", "#...", "#...", "####"]).rows).toEqual(["#...", "##..", "###.", "####"]);
  });

  it("joins two disjoint blobs treated as one region", () => {
    // The corners next to the blobs stay out: their centres lie just outside the hull's sides.
    expect(hullOf(["##.....", "##.....", ".......", ".....##", ".....##"]).rows).toEqual([
      "##.....",
      "####...",
      ".#####.",
      "...####",
      ".....##",
    ]);
  });

  it("adds nothing to a diagonal line, but counts centres on the hull boundary as inside", () => {
    // The hull's sides run half a pixel beside the diagonal's centres: no neighbour gets in.
    expect(hullOf(["#..", ".#.", "..#"]).rows).toEqual(["#..", ".#.", "..#"]);
    // Two pixels a knight's move apart: the hull sides (0, ∓0.5)–(2, ±0.5 + 1) pass exactly
    // through the centres (1, 0) and (1, 1), which scikit-image's closed point-in-polygon test
    // includes (checked against convex_hull_image).
    expect(hullOf(["#.", "..", ".#"]).rows).toEqual(["#.", "##", ".#"]);
  });

  it("leaves empty margins around the region empty", () => {
    expect(hullOf(["....", ".#..", "....", "..#.", "...."]).rows).toEqual([
      "....",
      ".#..",
      ".##.",
      "..#.",
      "....",
    ]);
  });

  it("gives an empty hull for an empty image", () => {
    expect(hullOf(["...", "..."])).toEqual({ rows: ["...", "..."], area: 0 });
  });

  it("matches scikit-image's convex_hull_image pixel by pixel on every golden case", () => {
    const cases = loadRegionpropsCases();
    for (const c of cases) {
      const { image, width, height } = croppedRegion(c);
      const hull = convexHullImage(image, width, height);
      expect(drawn(hull.image, width), c.name).toEqual(c.convex_image);
      expect(hull.area, c.name).toBe(c.convex_area);
    }
    console.log(`convexHullImage: ${cases.length} golden hulls compared pixel by pixel`);
  });
});

describe("convexHullOfSortedPoints", () => {
  it("drops interior and collinear points and lists the hull counter-clockwise", () => {
    // A 2×2 square with its edge midpoints and centre, sorted by row then column.
    const rows = Int32Array.from([0, 0, 0, 1, 1, 1, 2, 2, 2]);
    const columns = Int32Array.from([0, 1, 2, 0, 1, 2, 0, 1, 2]);
    const outRows = new Int32Array(10);
    const outColumns = new Int32Array(10);
    const count = convexHullOfSortedPoints(rows, columns, 9, outRows, outColumns);
    const points = Array.from({ length: count }, (_, i) => [outRows[i], outColumns[i]]);
    expect(points).toEqual([
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
    ]);
  });
});
