import { describe, expect, it } from "vitest";
import { matrix, matrixFromRows } from "../../../src/ml/matrix.js";
import { digamma } from "../../../src/ml/selection/digamma.js";
import { mutualInfoClassif, pairwiseSum } from "../../../src/ml/selection/mutualInformation.js";
import { decodeFloats, type EncodedFloat, loadVectors } from "../../reference/loadVectors.js";

interface MiCase {
  name: string;
  rows: number;
  cols: number;
  X: EncodedFloat[];
  y: number[];
  noise_seed0: EncodedFloat[];
  mi_seed0: EncodedFloat[];
  mi_seeds: EncodedFloat[][];
  mi_seed0_k5: EncodedFloat[];
}

const vectors = loadVectors<{
  mutual_information: MiCase[];
  digamma: { x: number[]; digamma: EncodedFloat[] };
}>("forest_selection_vectors");

function caseData(c: MiCase) {
  return {
    X: matrix(decodeFloats(c.X), c.rows, c.cols),
    y: Int32Array.from(c.y),
    noise: decodeFloats(c.noise_seed0),
  };
}

describe("digamma", () => {
  it("matches scipy.special.digamma to 1e-15 relative", () => {
    const expected = decodeFloats(vectors.digamma.digamma);
    vectors.digamma.x.forEach((x, i) => {
      expect(Math.abs(digamma(x) - expected[i])).toBeLessThanOrEqual(
        1e-15 * Math.max(1, Math.abs(expected[i])),
      );
    });
    expect(digamma(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(digamma(-1)).toBeNaN();
  });
});

describe("mutualInfoClassif against scikit-learn 1.2.1", () => {
  // Given NumPy's own jitter draws, every step is sklearn's: the values agree to rounding.
  it("equals sklearn's values when given NumPy's jitter (1e-12 absolute)", () => {
    for (const c of vectors.mutual_information) {
      const { X, y, noise } = caseData(c);
      const mi = mutualInfoClassif(X, y, { noise });
      decodeFloats(c.mi_seed0).forEach((value, f) => {
        expect(Math.abs(mi[f] - value), `${c.name} column ${f}`).toBeLessThanOrEqual(1e-12);
      });
      const mi5 = mutualInfoClassif(X, y, { noise, nNeighbors: 5 });
      decodeFloats(c.mi_seed0_k5).forEach((value, f) => {
        expect(Math.abs(mi5[f] - value), `${c.name} k=5 column ${f}`).toBeLessThanOrEqual(1e-12);
      });
    }
  });

  // With our generator's jitter the estimate moves as much as sklearn's own moves between seeds:
  // the jitter decides the order of tied values and whether a k-th neighbour lying exactly on the
  // radius is counted. Tolerance: sklearn's range over 20 seeds, widened by half its width + 1e-9.
  it("stays within the spread of sklearn's estimates over 20 seeds with our own jitter", () => {
    for (const c of vectors.mutual_information) {
      const { X, y } = caseData(c);
      const runs = c.mi_seeds.map(decodeFloats);
      for (const seed of [0, 1]) {
        const mi = mutualInfoClassif(X, y, { seed });
        for (let f = 0; f < c.cols; f++) {
          const values = runs.map((run) => run[f]);
          const low = Math.min(...values);
          const high = Math.max(...values);
          const margin = 0.5 * (high - low) + 1e-9;
          expect(mi[f], `${c.name} column ${f}`).toBeGreaterThanOrEqual(low - margin);
          expect(mi[f], `${c.name} column ${f}`).toBeLessThanOrEqual(high + margin);
        }
      }
    }
  });

  it("is deterministic for a seed", () => {
    const c = vectors.mutual_information.find((entry) => entry.name === "ties")!;
    const { X, y } = caseData(c);
    expect(Array.from(mutualInfoClassif(X, y, { seed: 3 }))).toEqual(
      Array.from(mutualInfoClassif(X, y, { seed: 3 })),
    );
    expect(Array.from(mutualInfoClassif(X, y, { seed: 3 }))).not.toEqual(
      Array.from(mutualInfoClassif(X, y, { seed: 4 })),
    );
  });

  it("ignores singleton classes, returns 0 without any class of two, and rejects bad input", () => {
    const X = matrixFromRows([[1], [2], [3]]);
    expect(Array.from(mutualInfoClassif(X, Int32Array.from([0, 1, 2])))).toEqual([0]);
    expect(mutualInfoClassif(matrix(new Float64Array(0), 0, 2), new Int32Array(0)).length).toBe(2);
    expect(() => mutualInfoClassif(matrixFromRows([[Number.NaN]]), Int32Array.from([0]))).toThrow(/NaN/);
    expect(() => mutualInfoClassif(X, Int32Array.from([0, 1]))).toThrow(/labels/);
    expect(() => mutualInfoClassif(X, Int32Array.from([0, 1, 1]), { nNeighbors: 0 })).toThrow(/nNeighbors/);
  });
});

describe("pairwiseSum", () => {
  it("adds in NumPy's pairwise order", () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => 1 / (i + 1) + (i % 7) * 1e-3);
    let naive = 0;
    for (const v of values) naive += v;
    // Same value up to rounding, and exactly NumPy's blocks for a small case worked by hand.
    expect(Math.abs(pairwiseSum(values, 0, values.length) - naive)).toBeLessThan(1e-12);
    const nine = Float64Array.from([1e16, 1, 1, 1, 1, 1, 1, 1, -1e16]);
    // ((1e16+1)+(1+1)) + ((1+1)+(1+1)) = 1e16 + 6 (the first 1 is lost), then + (−1e16) = 6.
    expect(pairwiseSum(nine, 0, 9)).toBe(6);
  });
});
