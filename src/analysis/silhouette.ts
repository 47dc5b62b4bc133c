import type { Matrix } from "../ml/matrix.js";
import { categoryColumn } from "./cellTable.js";

/** Result of {@link silhouette}. */
export interface SilhouetteResult {
  /** Mean silhouette over all points (scikit-learn's `silhouette_score`), in [−1, 1]. */
  score: number;
  /** Silhouette of every point (scikit-learn's `silhouette_samples`); 0 for points alone in their label. */
  samples: Float64Array;
  /** Mean silhouette of the points of each label, in sorted label order. */
  perLabel: { label: string; size: number; mean: number }[];
}

/**
 * Silhouette of labelled points with Euclidean distances, as scikit-learn 1.2's
 * `silhouette_samples` / `silhouette_score`: s = (b − a) / max(a, b), a = mean distance to the other
 * points of the same label, b = the smallest mean distance to the points of another label; a point
 * alone in its label gets 0. Distances are computed directly (√Σ(x − y)², not scikit-learn's
 * expanded dot-product form), so values agree to ~1e-12. O(n²·columns) time, O(n·labels) memory.
 * Throws a RangeError unless 2 ≤ labels ≤ n − 1 (scikit-learn's condition), lengths match and
 * every value is finite.
 */
export function silhouette(X: Matrix, labels: readonly string[]): SilhouetteResult {
  const { rows: n, cols, data } = X;
  if (labels.length !== n) throw new RangeError(`X has ${n} rows but ${labels.length} labels were given`);
  for (let i = 0; i < data.length; i++)
    if (!Number.isFinite(data[i])) throw new RangeError("silhouette input contains NaN or infinite values");
  const { levels, codes } = categoryColumn(labels);
  const labelCount = levels.length;
  if (labelCount < 2 || labelCount > n - 1)
    throw new RangeError(`silhouette needs 2 ≤ labels ≤ n − 1, got ${labelCount} labels for ${n} points`);
  const sizes = new Float64Array(labelCount);
  for (let i = 0; i < n; i++) sizes[codes[i]]++;
  // distanceSums[i * labelCount + l]: Σ distance from point i to the points labelled l.
  const distanceSums = new Float64Array(n * labelCount);
  for (let i = 0; i < n; i++) {
    const rowI = i * cols;
    for (let j = i + 1; j < n; j++) {
      const rowJ = j * cols;
      let squared = 0;
      for (let c = 0; c < cols; c++) {
        const d = data[rowI + c] - data[rowJ + c];
        squared += d * d;
      }
      const distance = Math.sqrt(squared);
      distanceSums[i * labelCount + codes[j]] += distance;
      distanceSums[j * labelCount + codes[i]] += distance;
    }
  }
  const samples = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const own = codes[i];
    if (sizes[own] <= 1) continue;
    const a = distanceSums[i * labelCount + own] / (sizes[own] - 1);
    let b = Number.POSITIVE_INFINITY;
    for (let l = 0; l < labelCount; l++) {
      if (l === own) continue;
      b = Math.min(b, distanceSums[i * labelCount + l] / sizes[l]);
    }
    const denominator = Math.max(a, b);
    samples[i] = denominator > 0 ? (b - a) / denominator : 0;
  }
  let total = 0;
  const labelTotals = new Float64Array(labelCount);
  for (let i = 0; i < n; i++) {
    total += samples[i];
    labelTotals[codes[i]] += samples[i];
  }
  return {
    score: total / n,
    samples,
    perLabel: levels.map((label, l) => ({ label, size: sizes[l], mean: labelTotals[l] / sizes[l] })),
  };
}
