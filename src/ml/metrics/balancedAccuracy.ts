import { pairwiseSum } from "../../image/statistics.js";
import { type ConfusionMatrix, confusionMatrix, trueTotals } from "./confusionMatrix.js";

/**
 * Mean recall over the classes present in yTrue (sklearn `balanced_accuracy_score`, not
 * adjusted); classes that are only predicted are left out, as sklearn does after its warning.
 * Throws on empty input.
 */
export function balancedAccuracy(yTrue: Int32Array, yPred: Int32Array): number {
  return balancedAccuracyFromConfusion(confusionMatrix(yTrue, yPred));
}

/** Balanced accuracy from a confusion matrix; NaN when no row has a true class (empty matrix). */
export function balancedAccuracyFromConfusion(matrix: ConfusionMatrix): number {
  const k = matrix.classCount;
  const support = trueTotals(matrix);
  const recalls = new Float64Array(k);
  let used = 0;
  for (let c = 0; c < k; c++) {
    if (support[c] > 0) recalls[used++] = matrix.counts[c * k + c] / support[c];
  }
  // np.mean: NumPy's pairwise sum, so that the last bits agree with sklearn.
  return used === 0 ? Number.NaN : pairwiseSum(recalls, used) / used;
}
