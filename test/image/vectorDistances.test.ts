import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  centerVector,
  correlationDistance,
  correlationDistanceOfCentered,
  diceDissimilarity,
  euclideanDistance,
  euclideanDistanceOfIntegers,
  euclideanDistanceOfSparse,
  jaccardDissimilarity,
} from "../../src/image/vectorDistances.js";

interface BinaryCase {
  name: string;
  u: number[];
  v: number[];
  dice: number | string;
  jaccard: number | string;
}

interface RealCase {
  name: string;
  u: (number | string)[];
  v: (number | string)[];
  correlation: number | string;
  euclidean: number | string;
}

const golden: { binary: BinaryCase[]; real: RealCase[] } = JSON.parse(
  readFileSync(new URL("../reference/vector_distances_vectors.json", import.meta.url), "utf8"),
);

describe("dice and jaccard dissimilarities", () => {
  it("count agreements of 0/1 vectors", () => {
    const u = Uint8Array.from([1, 1, 0, 0, 1]);
    const v = Uint8Array.from([1, 0, 1, 0, 0]);
    // n11 = 1, n10 = 2, n01 = 1.
    expect(diceDissimilarity(u, v)).toBe(3 / 5);
    expect(jaccardDissimilarity(u, v)).toBe(3 / 4);
    expect(diceDissimilarity(u, u)).toBe(0);
  });

  it("follow SciPy for two empty vectors: dice NaN, jaccard 0", () => {
    const empty = new Uint8Array(4);
    expect(diceDissimilarity(empty, empty)).toBeNaN();
    expect(jaccardDissimilarity(empty, empty)).toBe(0);
  });

  for (const c of golden.binary) {
    it(`match SciPy: ${c.name}`, () => {
      const u = Uint8Array.from(c.u);
      const v = Uint8Array.from(c.v);
      expect(diceDissimilarity(u, v)).toBe(Number(c.dice));
      expect(jaccardDissimilarity(u, v)).toBe(Number(c.jaccard));
    });
  }
});

describe("correlation and euclidean distances", () => {
  it("are 0 / 2 for (anti)proportional vectors and NaN for a constant one", () => {
    const u = Float64Array.from([1, 2, 3, 4]);
    expect(correlationDistance(u, Float64Array.from([2, 4, 6, 8]))).toBe(0);
    expect(correlationDistance(u, Float64Array.from([4, 3, 2, 1]))).toBe(2);
    expect(correlationDistance(u, Float64Array.from([5, 5, 5, 5]))).toBeNaN();
    expect(euclideanDistance(u, Float64Array.from([4, 6, 3, 4]))).toBe(5);
  });

  it("reuses centred vectors", () => {
    const u = centerVector(Float64Array.from([1, 2, 3, 6]));
    expect(Array.from(u.centered)).toEqual([-2, -1, 0, 3]);
    expect(u.meanSquare).toBe(14 / 4);
    expect(correlationDistanceOfCentered(u, u)).toBe(0);
  });

  for (const c of golden.real) {
    it(`match SciPy: ${c.name}`, () => {
      const u = Float64Array.from(c.u, Number);
      const v = Float64Array.from(c.v, Number);
      // NumPy's summation order is reproduced, so even 1 − r near 0 agrees to the last bit.
      expect(correlationDistance(u, v)).toBe(Number(c.correlation));
      // SciPy takes the norm through BLAS nrm2 (scaled sums): equal up to rounding.
      const expected = Number(c.euclidean);
      expect(Math.abs(euclideanDistance(u, v) - expected)).toBeLessThanOrEqual(1e-14 * expected);
      const nonzero = (x: Float64Array) => Int32Array.from(Array.from(x.keys()).filter((i) => x[i] !== 0));
      const sparse = euclideanDistanceOfSparse(u, nonzero(u), v, nonzero(v));
      expect(Math.abs(sparse - expected)).toBeLessThanOrEqual(1e-14 * expected);
    });
  }
});

describe("euclideanDistanceOfIntegers", () => {
  it("equals the sparse sum bit for bit on sparse integer vectors, negative entries included", () => {
    let seed = 5;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const nonzero = (x: Float64Array) => Int32Array.from(Array.from(x.keys()).filter((i) => x[i] !== 0));
    const sumOfSquares = (x: Float64Array) => x.reduce((s, value) => s + value * value, 0);
    for (let trial = 0; trial < 200; trial++) {
      const length = 1 + Math.floor(random() * 300);
      const sparse = () =>
        Float64Array.from({ length }, () => (random() < 0.6 ? 0 : Math.round((random() - 0.2) * 65535)));
      const u = sparse();
      const v = sparse();
      const expected = euclideanDistanceOfSparse(u, nonzero(u), v, nonzero(v));
      expect(euclideanDistanceOfIntegers(u, nonzero(u), sumOfSquares(u), v, sumOfSquares(v))).toBe(expected);
      expect(euclideanDistanceOfIntegers(v, nonzero(v), sumOfSquares(v), u, sumOfSquares(u))).toBe(expected);
      expect(expected).toBe(euclideanDistance(u, v));
    }
  });
});
