import { describe, expect, it } from "vitest";
import { silhouette } from "../../src/analysis/silhouette.js";
import { decodeFloats, type EncodedFloat, loadVectors } from "../reference/loadVectors.js";

interface Vectors {
  silhouette: {
    name: string;
    rows: number;
    cols: number;
    X: EncodedFloat[];
    labels: string[];
    score: number;
    samples: EncodedFloat[];
  }[];
}
const vectors = loadVectors<Vectors>("analysis_qc_vectors");

describe("silhouette (sklearn.metrics parity)", () => {
  for (const c of vectors.silhouette) {
    it(`matches silhouette_score and silhouette_samples: ${c.name}`, () => {
      const result = silhouette({ data: decodeFloats(c.X), rows: c.rows, cols: c.cols }, c.labels);
      const expected = decodeFloats(c.samples);
      // 1e-9 relative (1e-12 absolute near 0): scikit-learn computes distances as
      // √(‖x‖² − 2x·y + ‖y‖²), we as √Σ(x − y)²; they differ in the last digits.
      expected.forEach((value, i) => {
        expect(Math.abs(result.samples[i] - value)).toBeLessThanOrEqual(1e-9 * Math.abs(value) + 1e-12);
      });
      expect(Math.abs(result.score - c.score)).toBeLessThanOrEqual(1e-9 * Math.abs(c.score) + 1e-12);
    });
  }

  it("computes a hand-checkable case and per-label means", () => {
    // Points 0, 1 (label a) and 10, 12 (label b) on a line.
    const result = silhouette({ data: Float64Array.of(0, 1, 10, 12), rows: 4, cols: 1 }, [
      "a",
      "a",
      "b",
      "b",
    ]);
    // Point 0: a = 1, b = (10 + 12)/2 = 11 → 10/11; point 10: a = 2, b = (10 + 9)/2 → 7.5/9.5;
    // point 12: a = 2, b = (12 + 11)/2 → 9.5/11.5.
    expect(result.samples[0]).toBeCloseTo(10 / 11, 15);
    expect(result.samples[1]).toBeCloseTo((10 - 1) / 10, 15);
    expect(result.samples[2]).toBeCloseTo(7.5 / 9.5, 15);
    expect(result.samples[3]).toBeCloseTo(9.5 / 11.5, 15);
    expect(result.perLabel.map((l) => l.label)).toEqual(["a", "b"]);
    expect(result.perLabel[0].mean).toBeCloseTo((10 / 11 + 0.9) / 2, 15);
  });

  it("refuses one label, one label per point, NaN and mismatched lengths", () => {
    const X = { data: Float64Array.of(0, 1, 2), rows: 3, cols: 1 };
    expect(() => silhouette(X, ["a", "a", "a"])).toThrow(RangeError);
    expect(() => silhouette(X, ["a", "b", "c"])).toThrow(RangeError);
    expect(() => silhouette(X, ["a", "b"])).toThrow(RangeError);
    expect(() =>
      silhouette({ data: Float64Array.of(0, Number.NaN, 2), rows: 3, cols: 1 }, ["a", "a", "b"]),
    ).toThrow(RangeError);
  });
});
