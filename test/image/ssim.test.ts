import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  ssimStatistics,
  structuralSimilarity,
  structuralSimilarityOf,
  uniformFilter,
} from "../../src/image/ssim.js";
import { pairwiseSum } from "../../src/image/statistics.js";

interface FilterCase {
  name: string;
  height: number;
  width: number;
  image: (number | string)[];
  filtered: (number | string)[];
}

interface PairCase {
  name: string;
  height: number;
  width: number;
  a: (number | string)[];
  b: (number | string)[];
  ssim: number | string;
  ssim_swapped: number | string;
}

const golden: { filters: FilterCase[]; pairs: PairCase[] } = JSON.parse(
  readFileSync(new URL("../reference/ssim_vectors.json", import.meta.url), "utf8"),
);
const plane = (values: (number | string)[]): Float64Array => Float64Array.from(values, Number);

/** SciPy's algorithm without any skipping: running sums over every line, axis 0 then axis 1. */
function fullRunningSumFilter(
  input: Float64Array,
  width: number,
  height: number,
  size: number,
): Float64Array {
  const reflect = (i: number, n: number) => {
    const m = ((i % (2 * n)) + 2 * n) % (2 * n);
    return m < n ? m : 2 * n - 1 - m;
  };
  const before = Math.floor(size / 2);
  const after = size - before - 1;
  const filterLine = (get: (i: number) => number, set: (i: number, v: number) => void, n: number) => {
    let sum = 0;
    for (let l = 0; l < size; l++) sum += get(reflect(l - before, n));
    set(0, sum / size);
    for (let i = 1; i < n; i++) {
      sum += get(reflect(i + after, n)) - get(reflect(i - 1 - before, n));
      set(i, sum / size);
    }
  };
  const vertical = new Float64Array(width * height);
  for (let c = 0; c < width; c++) {
    filterLine(
      (r) => input[r * width + c],
      (r, v) => {
        vertical[r * width + c] = v;
      },
      height,
    );
  }
  const out = new Float64Array(width * height);
  for (let r = 0; r < height; r++) {
    filterLine(
      (c) => vertical[r * width + c],
      (c, v) => {
        out[r * width + c] = v;
      },
      width,
    );
  }
  return out;
}

/** scikit-image's SSIM written out plainly over the full filters, nothing skipped. */
function plainSsim(a: Float64Array, b: Float64Array, width: number, height: number): number {
  const filter = (x: Float64Array) => fullRunningSumFilter(x, width, height, 7);
  const product = (x: Float64Array, y: Float64Array) => x.map((v, i) => v * y[i]);
  const ux = filter(a);
  const uy = filter(b);
  const uxx = filter(product(a, a));
  const uyy = filter(product(b, b));
  const uxy = filter(product(a, b));
  const norm = 49 / 48;
  const c1 = 0.02 * 0.02;
  const c2 = 0.06 * 0.06;
  const map: number[] = [];
  for (let r = 3; r < height - 3; r++) {
    for (let c = 3; c < width - 3; c++) {
      const i = r * width + c;
      const vx = norm * (uxx[i] - ux[i] * ux[i]);
      const vy = norm * (uyy[i] - uy[i] * uy[i]);
      const vxy = norm * (uxy[i] - ux[i] * uy[i]);
      const numerator = (2 * ux[i] * uy[i] + c1) * (2 * vxy + c2);
      const denominator = (ux[i] ** 2 + uy[i] ** 2 + c1) * (vx + vy + c2);
      map.push(numerator / denominator);
    }
  }
  return pairwiseSum(Float64Array.from(map)) / map.length;
}

describe("uniformFilter", () => {
  it("averages a constant plane to itself and a 7-wide step by reflection", () => {
    const constant = new Float64Array(8 * 9).fill(3);
    expect(Array.from(uniformFilter(constant, 9, 8, 7)).every((v) => v === 3)).toBe(true);
    // One row of 7: reflect borders make the first output (v2 + v1 + v0 + v0 + v1 + v2 + v3) / 7.
    const row = Float64Array.from([0, 7, 14, 21, 28, 35, 42]);
    const filtered = uniformFilter(row, 7, 1, 7);
    expect(filtered[0]).toBeCloseTo((14 + 7 + 0 + 0 + 7 + 14 + 21) / 7, 12);
    expect(filtered[3]).toBeCloseTo(21, 12);
  });

  it("skips only what SciPy's running sums keep at exactly 0 (sparse non-integer planes)", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let trial = 0; trial < 60; trial++) {
      const width = 7 + Math.floor(random() * 20);
      const height = 7 + Math.floor(random() * 20);
      const input = new Float64Array(width * height);
      // A small patch of fractional values anywhere, borders included.
      const top = Math.floor(random() * height);
      const left = Math.floor(random() * width);
      for (let r = top; r < Math.min(height, top + 1 + Math.floor(random() * 5)); r++) {
        for (let c = left; c < Math.min(width, left + 1 + Math.floor(random() * 5)); c++) {
          input[r * width + c] = random() < 0.8 ? random() * 1000 - 300 : 0;
        }
      }
      expect(Array.from(uniformFilter(input, width, height, 7))).toEqual(
        Array.from(fullRunningSumFilter(input, width, height, 7)),
      );
    }
  });

  for (const c of golden.filters) {
    it(`is bit-identical to scipy.ndimage.uniform_filter: ${c.name}`, () => {
      const out = uniformFilter(plane(c.image), c.width, c.height, 7);
      expect(Array.from(out)).toEqual(Array.from(plane(c.filtered)));
    });
  }
});

describe("structuralSimilarity", () => {
  it("is 1 for identical planes and NaN below 7 pixels on a side", () => {
    const a = Float64Array.from({ length: 100 }, (_, i) => (i * 37) % 11);
    expect(structuralSimilarity(a, a, 10, 10)).toBe(1);
    expect(structuralSimilarity(a.subarray(0, 60), a.subarray(0, 60), 10, 6)).toBeNaN();
    expect(structuralSimilarity(a.subarray(0, 12), a.subarray(0, 12), 4, 3)).toBeNaN();
    expect(ssimStatistics(a.subarray(0, 60), 6, 10)).toBeNull();
  });

  it("of a zero plane with itself is exactly 1 (C1·C2 / C1·C2)", () => {
    const zeros = new Float64Array(64);
    expect(structuralSimilarity(zeros, zeros, 8, 8)).toBe(1);
  });

  it("skips only windows that are exactly 1 (random sparse planes, compared with a plain evaluation)", () => {
    let seed = 99;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const patch = (width: number, height: number) => {
      const plane = new Float64Array(width * height);
      if (random() < 0.15) return plane;
      const top = Math.floor(random() * height);
      const left = Math.floor(random() * width);
      const fractional = random() < 0.5;
      for (let r = top; r < Math.min(height, top + 1 + Math.floor(random() * 8)); r++) {
        for (let c = left; c < Math.min(width, left + 1 + Math.floor(random() * 8)); c++) {
          const value = random() * 4000;
          plane[r * width + c] = fractional ? value : Math.round(value);
        }
      }
      return plane;
    };
    for (let trial = 0; trial < 80; trial++) {
      const width = 7 + Math.floor(random() * 25);
      const height = 7 + Math.floor(random() * 25);
      const a = patch(width, height);
      const b = patch(width, height);
      expect(structuralSimilarity(a, b, width, height)).toBe(plainSsim(a, b, width, height));
    }
  });

  it("equals a plain evaluation on planes of several patches, with residues past the boxes and inf pixels", () => {
    let seed = 4242;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const patches = (width: number, height: number) => {
      const plane = new Float64Array(width * height);
      const count = Math.floor(random() * 4);
      const fractional = random() < 0.4;
      for (let p = 0; p < count; p++) {
        const top = Math.floor(random() * height);
        const left = Math.floor(random() * width);
        for (let r = top; r < Math.min(height, top + 1 + Math.floor(random() * 10)); r++) {
          for (let c = left; c < Math.min(width, left + 1 + Math.floor(random() * 10)); c++) {
            const value = (random() - 0.3) * 5000;
            plane[r * width + c] = fractional ? value : Math.round(value);
          }
        }
      }
      if (count > 0 && random() < 0.05) plane[Math.floor(random() * plane.length)] = Number.POSITIVE_INFINITY;
      return plane;
    };
    for (let trial = 0; trial < 150; trial++) {
      const width = 7 + Math.floor(random() * 40);
      const height = 7 + Math.floor(random() * 40);
      const a = patches(width, height);
      const b = patches(width, height);
      const expected = plainSsim(a, b, width, height);
      expect(structuralSimilarity(a, b, width, height)).toBe(expected);
      expect(structuralSimilarity(b, a, width, height)).toBe(expected);
    }
  });

  it("narrows each row to the window bounds of integer planes (rowBounds) and still equals a plain evaluation", () => {
    let seed = 777;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const integerPlane = (width: number, height: number) => {
      const plane = new Float64Array(width * height);
      const count = Math.floor(random() * 4);
      for (let p = 0; p < count; p++) {
        const top = Math.floor(random() * height);
        const left = Math.floor(random() * width);
        for (let r = top; r < Math.min(height, top + 1 + Math.floor(random() * 12)); r++) {
          // Ragged rows, as a cell's outline makes them.
          const rowLeft = left + Math.floor(random() * 4);
          for (let c = rowLeft; c < Math.min(width, rowLeft + 1 + Math.floor(random() * 12)); c++) {
            plane[r * width + c] = Math.round((random() - 0.2) * 5000);
          }
        }
      }
      return plane;
    };
    const statistics = (plane: Float64Array, width: number, height: number) => {
      const rowBounds = new Int32Array(4 * height);
      let top = height;
      let bottom = -1;
      let left = width;
      let right = -1;
      for (let r = 0; r < height; r++) {
        let first = width;
        let last = -1;
        for (let c = 0; c < width; c++) {
          if (plane[r * width + c] !== 0) {
            if (first === width) first = c;
            last = c;
          }
        }
        rowBounds[2 * r] = first;
        rowBounds[2 * r + 1] = last;
        if (last < 0) continue;
        top = Math.min(top, r);
        bottom = r;
        left = Math.min(left, first);
        right = Math.max(right, last);
      }
      const box = bottom < 0 ? null : { top, bottom, left, right };
      return ssimStatistics(plane, width, height, undefined, { box, finite: true, rowBounds });
    };
    for (let trial = 0; trial < 150; trial++) {
      const width = 7 + Math.floor(random() * 40);
      const height = 7 + Math.floor(random() * 40);
      const a = integerPlane(width, height);
      const b = integerPlane(width, height);
      const expected = plainSsim(a, b, width, height);
      const statisticsA = statistics(a, width, height);
      const statisticsB = statistics(b, width, height);
      if (!statisticsA || !statisticsB) throw new Error("planes of at least 7×7");
      expect(structuralSimilarityOf(statisticsA, statisticsB)).toBe(expected);
      expect(structuralSimilarityOf(statisticsB, statisticsA)).toBe(expected);
    }
  });

  it("propagates NaN pixels as scikit-image does", () => {
    const a = Float64Array.from({ length: 100 }, (_, i) => i % 13);
    const b = Float64Array.from({ length: 100 }, (_, i) => i % 7);
    a[55] = Number.NaN;
    expect(structuralSimilarity(a, b, 10, 10)).toBeNaN();
    expect(plainSsim(a, b, 10, 10)).toBeNaN();
  });

  for (const c of golden.pairs) {
    it(`matches scikit-image 0.19.3: ${c.name}`, () => {
      const a = plane(c.a);
      const b = plane(c.b);
      const expected = Number(c.ssim);
      // The filters and the map are NumPy's operations in NumPy's order: expect the same bits.
      expect(structuralSimilarity(a, b, c.width, c.height)).toBe(expected);
      const statsA = ssimStatistics(a, c.width, c.height)!;
      const statsB = ssimStatistics(b, c.width, c.height)!;
      expect(structuralSimilarityOf(statsB, statsA)).toBe(Number(c.ssim_swapped));
    });
  }
});
