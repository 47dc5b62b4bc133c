import { describe, expect, it } from "vitest";
import { umap } from "../../../src/analysis/embedding/umap.js";
import { type Matrix, matrix } from "../../../src/ml/matrix.js";
import { createRandom } from "../../../src/util/random.js";

/** Three well-separated Gaussian clusters of `perCluster` points in 6 dimensions. */
function clusters(perCluster: number, seed: number): { X: Matrix; labels: Int32Array } {
  const random = createRandom(seed);
  const cols = 6;
  const centres = [
    [10, 0, 0, 0, 0, 0],
    [0, 10, 0, 0, 0, 0],
    [0, 0, 10, 0, 0, 10],
  ];
  const rows = perCluster * centres.length;
  const data = new Float64Array(rows * cols);
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const label = r % centres.length;
    labels[r] = label;
    for (let j = 0; j < cols; j++) data[r * cols + j] = centres[label][j] + random.normal() * 0.5;
  }
  return { X: matrix(data, rows, cols), labels };
}

describe("umap (umap-js with the project PRNG)", () => {
  const { X, labels } = clusters(40, 3);

  it("gives identical output for the same seed and different output for another seed", () => {
    const first = umap(X, { seed: 11, nEpochs: 100 });
    const second = umap(X, { seed: 11, nEpochs: 100 });
    const other = umap(X, { seed: 12, nEpochs: 100 });
    expect(first.rows).toBe(X.rows);
    expect(first.cols).toBe(2);
    expect(Array.from(second.data)).toEqual(Array.from(first.data));
    expect(Array.from(other.data)).not.toEqual(Array.from(first.data));
    expect(first.data.every(Number.isFinite)).toBe(true);
  });

  it("keeps well-separated clusters separated", () => {
    const embedding = umap(X, { seed: 5, nEpochs: 200 });
    // Every point's nearest embedded neighbour belongs to its own cluster, and cluster centroids
    // are further apart than the clusters are wide.
    const k = embedding.cols;
    const distance = (a: number, b: number) => {
      let sum = 0;
      for (let c = 0; c < k; c++) sum += (embedding.data[a * k + c] - embedding.data[b * k + c]) ** 2;
      return Math.sqrt(sum);
    };
    for (let a = 0; a < embedding.rows; a++) {
      let nearest = -1;
      let best = Number.POSITIVE_INFINITY;
      for (let b = 0; b < embedding.rows; b++) {
        if (a === b) continue;
        const d = distance(a, b);
        if (d < best) {
          best = d;
          nearest = b;
        }
      }
      expect(labels[nearest], `point ${a}`).toBe(labels[a]);
    }
    const centroid = (label: number) => {
      const sum = new Float64Array(k);
      let count = 0;
      for (let r = 0; r < embedding.rows; r++) {
        if (labels[r] !== label) continue;
        count++;
        for (let c = 0; c < k; c++) sum[c] += embedding.data[r * k + c];
      }
      return sum.map((v) => v / count);
    };
    const spread = (label: number, centre: Float64Array) => {
      let worst = 0;
      for (let r = 0; r < embedding.rows; r++) {
        if (labels[r] !== label) continue;
        let sum = 0;
        for (let c = 0; c < k; c++) sum += (embedding.data[r * k + c] - centre[c]) ** 2;
        worst = Math.max(worst, Math.sqrt(sum));
      }
      return worst;
    };
    const centres = [0, 1, 2].map(centroid);
    for (let a = 0; a < 3; a++) {
      for (let b = a + 1; b < 3; b++) {
        let gap = 0;
        for (let c = 0; c < k; c++) gap += (centres[a][c] - centres[b][c]) ** 2;
        expect(Math.sqrt(gap)).toBeGreaterThan(spread(a, centres[a]) + spread(b, centres[b]));
      }
    }
  });

  it("handles few rows and refuses NaN", () => {
    const small = clusters(2, 1).X; // 6 rows: nNeighbors is lowered to 5
    expect(umap(small, { seed: 1, nEpochs: 20 }).rows).toBe(6);
    expect(() => umap(matrix(Float64Array.of(1, 2, Number.NaN, 4, 5, 6), 3, 2))).toThrow(RangeError);
    expect(() => umap(matrix(Float64Array.of(1, 2, 3, 4), 2, 2))).toThrow(RangeError);
  });
});
