import {
  type ConfusionMatrix,
  confusionMatrix,
  correctCount,
  predictedTotals,
  sampleCount,
  trueTotals,
} from "./confusionMatrix.js";

/**
 * Matthews correlation coefficient, multiclass form (Gorodkin's R_K, sklearn `matthews_corrcoef`),
 * in [−1, 1]; 0 when the predictions or the truth hold a single class. Throws on empty input.
 */
export function matthewsCorrelation(yTrue: Int32Array, yPred: Int32Array): number {
  return matthewsCorrelationFromConfusion(confusionMatrix(yTrue, yPred));
}

/** Matthews correlation coefficient from a confusion matrix (0 when undefined, as sklearn). */
export function matthewsCorrelationFromConfusion(matrix: ConfusionMatrix): number {
  const truth = trueTotals(matrix);
  const predicted = predictedTotals(matrix);
  const n = sampleCount(matrix);
  let truthDotPredicted = 0;
  let predictedDotPredicted = 0;
  let truthDotTruth = 0;
  for (let c = 0; c < matrix.classCount; c++) {
    truthDotPredicted += truth[c] * predicted[c];
    predictedDotPredicted += predicted[c] * predicted[c];
    truthDotTruth += truth[c] * truth[c];
  }
  // Integer-valued up to n² (exact below 9·10^15 rows); sklearn's int64 products agree.
  const covarianceTruthPredicted = correctCount(matrix) * n - truthDotPredicted;
  const covariancePredicted = n * n - predictedDotPredicted;
  const covarianceTruth = n * n - truthDotTruth;
  const product = covarianceTruth * covariancePredicted;
  return product === 0 ? 0 : covarianceTruthPredicted / Math.sqrt(product);
}
