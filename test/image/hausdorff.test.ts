import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  directedSquaredHausdorff,
  hausdorffDistance,
  hausdorffFromTransforms,
  nonzeroPixels,
  squaredDistanceToNonzero,
} from "../../src/image/hausdorff.js";

interface HausdorffCase {
  name: string;
  height: number;
  width: number;
  a_index: number[];
  a_value: number[];
  b_index: number[];
  b_value: number[];
  hausdorff: number | string;
  b_squared_distance?: number[];
}

const golden: { cases: HausdorffCase[] } = JSON.parse(
  readFileSync(new URL("../reference/hausdorff_vectors.json", import.meta.url), "utf8"),
);

function scatter(length: number, indices: number[], values: number[]): Float64Array {
  const plane = new Float64Array(length);
  indices.forEach((index, i) => {
    plane[index] = values[i];
  });
  return plane;
}

/** Brute force over all point pairs: the definition, for cross-checking the transform. */
function bruteForce(a: Float64Array, b: Float64Array, width: number): number {
  const points = (p: Float64Array) =>
    Array.from(p.keys())
      .filter((i) => p[i] !== 0)
      .map((i) => [Math.floor(i / width), i % width]);
  const pa = points(a);
  const pb = points(b);
  if (pa.length === 0 || pb.length === 0) {
    return pa.length === 0 && pb.length === 0 ? 0 : Number.POSITIVE_INFINITY;
  }
  const directed = (from: number[][], to: number[][]) =>
    Math.max(...from.map(([r, c]) => Math.min(...to.map(([s, d]) => (r - s) ** 2 + (c - d) ** 2))));
  return Math.sqrt(Math.max(directed(pa, pb), directed(pb, pa)));
}

describe("hausdorffDistance: hand-checkable cases", () => {
  it("measures between single points and handles empty sets", () => {
    const a = new Float64Array(12);
    const b = new Float64Array(12);
    expect(hausdorffDistance(a, b, 4, 3)).toBe(0);
    a[0] = 1;
    expect(hausdorffDistance(a, b, 4, 3)).toBe(Number.POSITIVE_INFINITY);
    expect(hausdorffDistance(b, a, 4, 3)).toBe(Number.POSITIVE_INFINITY);
    b[11] = 2; // (2, 3): 3-4-5 triangle is too big here; distance sqrt(4 + 9)
    expect(hausdorffDistance(a, b, 4, 3)).toBe(Math.sqrt(13));
  });

  it("is the larger of the two directed distances", () => {
    // a = {(0,0)}, b = {(0,0), (0,5)}: a→b is 0, b→a is 5.
    const a = new Float64Array(6);
    const b = new Float64Array(6);
    a[0] = 1;
    b[0] = 1;
    b[5] = 1;
    expect(hausdorffDistance(a, b, 6, 1)).toBe(5);
    const bDistances = squaredDistanceToNonzero(b, 6, 1)!;
    expect(Array.from(bDistances)).toEqual([0, 1, 4, 4, 1, 0]);
    expect(Array.from(nonzeroPixels(b))).toEqual([0, 5]);
    expect(directedSquaredHausdorff(nonzeroPixels(a), bDistances)).toBe(0);
    expect(directedSquaredHausdorff(nonzeroPixels(b), squaredDistanceToNonzero(a, 6, 1)!)).toBe(25);
    expect(
      hausdorffFromTransforms(
        nonzeroPixels(a),
        squaredDistanceToNonzero(a, 6, 1),
        nonzeroPixels(b),
        bDistances,
      ),
    ).toBe(5);
  });

  it("computes the transform inside a box holding every nonzero pixel", () => {
    const width = 9;
    const height = 8;
    const plane = new Float64Array(width * height);
    plane[2 * width + 3] = 1;
    plane[5 * width + 6] = 4;
    const full = squaredDistanceToNonzero(plane, width, height)!;
    const boxed = squaredDistanceToNonzero(plane, width, height, new Float64Array(width * height).fill(-1), {
      top: 1,
      bottom: 6,
      left: 2,
      right: 7,
    })!;
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        const inside = r >= 1 && r <= 6 && c >= 2 && c <= 7;
        expect(boxed[r * width + c]).toBe(inside ? full[r * width + c] : -1);
      }
    }
    expect(full[0]).toBe(2 * 2 + 3 * 3);
  });

  it("writes exactly the needed columns, skipping rows whose needed columns lie in one run of the plane", () => {
    let seed = 777;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let trial = 0; trial < 60; trial++) {
      const width = 1 + Math.floor(random() * 30);
      const height = 1 + Math.floor(random() * 30);
      // Blobs of full runs (as cells make them), now and then a hole.
      const plane = new Float64Array(width * height);
      const top = Math.floor(random() * height);
      const bottom = Math.min(height - 1, top + Math.floor(random() * 15));
      for (let r = top; r <= bottom; r++) {
        const first = Math.floor(random() * width);
        const last = Math.min(width - 1, first + Math.floor(random() * 12));
        for (let c = first; c <= last; c++) plane[r * width + c] = random() < 0.03 ? 0 : 1;
      }
      const full = squaredDistanceToNonzero(plane, width, height);
      const needed = new Int32Array(2 * height);
      for (let r = 0; r < height; r++) {
        const first = Math.floor(random() * (width + 2)) - 1;
        needed[2 * r] = first;
        needed[2 * r + 1] = random() < 0.2 ? first - 1 : first + Math.floor(random() * width);
      }
      const limited = squaredDistanceToNonzero(
        plane,
        width,
        height,
        new Float64Array(width * height).fill(-1),
        { top: 0, bottom: height - 1, left: 0, right: width - 1 },
        needed,
      );
      if (!full || !limited) {
        expect(limited).toBe(full);
        continue;
      }
      for (let r = 0; r < height; r++) {
        for (let c = Math.max(0, needed[2 * r]); c <= Math.min(width - 1, needed[2 * r + 1]); c++) {
          expect(Object.is(limited[r * width + c], full[r * width + c])).toBe(true);
        }
      }
    }
  });

  it("counts NaN pixels as nonzero, as np.nonzero does", () => {
    const a = new Float64Array(9);
    const b = new Float64Array(9);
    a[0] = Number.NaN;
    b[8] = 1;
    expect(hausdorffDistance(a, b, 3, 3)).toBe(Math.sqrt(8));
  });

  it("agrees with brute force on random planes", () => {
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let trial = 0; trial < 40; trial++) {
      const width = 1 + Math.floor(random() * 25);
      const height = 1 + Math.floor(random() * 25);
      const density = random() * 0.3;
      const a = Float64Array.from({ length: width * height }, () => (random() < density ? 1 : 0));
      const b = Float64Array.from({ length: width * height }, () => (random() < density / 3 ? 1 : 0));
      expect(hausdorffDistance(a, b, width, height)).toBe(bruteForce(a, b, width));
    }
  });
});

describe("hausdorffDistance: golden vectors from scikit-image", () => {
  for (const c of golden.cases) {
    it(c.name, () => {
      const length = c.width * c.height;
      const a = scatter(length, c.a_index, c.a_value);
      const b = scatter(length, c.b_index, c.b_value);
      expect(hausdorffDistance(a, b, c.width, c.height)).toBe(Number(c.hausdorff));
      if (c.b_squared_distance) {
        expect(Array.from(squaredDistanceToNonzero(b, c.width, c.height)!)).toEqual(c.b_squared_distance);
      }
    });
  }
});
