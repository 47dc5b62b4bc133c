import { describe, expect, it } from "vitest";
import { labelComponents, removeSmallObjects } from "../../src/image/connectedComponents.js";
import { loadVectors } from "../reference/loadVectors.js";

interface LabellingCase {
  name: string;
  height: number;
  width: number;
  connectivity: 1 | 2;
  mask: number[];
  labels: number[];
  count: number;
}
interface SmallObjectsCase {
  name: string;
  height: number;
  width: number;
  connectivity: 1 | 2;
  minSize: number;
  mask: number[];
  kept: number[];
}

const vectors = loadVectors<{ labelling: LabellingCase[]; removeSmallObjects: SmallObjectsCase[] }>(
  "morphology_vectors",
);

function grid(rows: string[]): { data: Uint8Array; width: number; height: number } {
  return {
    data: Uint8Array.from(rows.join(""), (ch) => (ch === "#" ? 1 : 0)),
    width: rows[0].length,
    height: rows.length,
  };
}

describe("labelComponents", () => {
  const diagonal = grid(["#..", ".#.", "..#"]);

  it("keeps diagonal neighbours apart with connectivity 1 and joins them with 2", () => {
    const four = labelComponents(diagonal.data, diagonal.width, diagonal.height, 1);
    expect(four.count).toBe(3);
    expect(Array.from(four.labels)).toEqual([1, 0, 0, 0, 2, 0, 0, 0, 3]);
    const eight = labelComponents(diagonal.data, diagonal.width, diagonal.height, 2);
    expect(eight.count).toBe(1);
    expect(Array.from(eight.sizes)).toEqual([6, 3]);
  });

  it("numbers components in raster order of their first pixel", () => {
    const g = grid(["..#", "#.#", "#.."]);
    expect(Array.from(labelComponents(g.data, g.width, g.height).labels)).toEqual([
      0, 0, 1, 2, 0, 1, 2, 0, 0,
    ]);
  });

  it("gives no component for an empty plane and rejects other connectivities", () => {
    expect(labelComponents(new Uint8Array(4), 2, 2).count).toBe(0);
    expect(() => labelComponents(new Uint8Array(4), 2, 2, 3 as 1)).toThrow(RangeError);
  });

  for (const c of vectors.labelling) {
    it(`matches scipy.ndimage.label: ${c.name}`, () => {
      const result = labelComponents(Uint8Array.from(c.mask), c.width, c.height, c.connectivity);
      expect(result.count).toBe(c.count);
      expect(Array.from(result.labels)).toEqual(c.labels);
    });
  }
});

describe("removeSmallObjects", () => {
  it("removes components below the minimum size only", () => {
    const g = grid(["##..#", "##...", "....#", "...##"]);
    const kept = removeSmallObjects(g.data, g.width, g.height, 3);
    expect(Array.from(kept)).toEqual(Array.from(grid(["##...", "##...", "....#", "...##"]).data));
  });

  it("keeps everything for a minimum size of 0", () => {
    const g = grid(["#.", ".#"]);
    expect(Array.from(removeSmallObjects(g.data, 2, 2, 0))).toEqual([1, 0, 0, 1]);
  });

  for (const c of vectors.removeSmallObjects) {
    it(`matches skimage remove_small_objects: ${c.name}`, () => {
      const kept = removeSmallObjects(Uint8Array.from(c.mask), c.width, c.height, c.minSize, c.connectivity);
      expect(Array.from(kept)).toEqual(c.kept);
    });
  }
});
