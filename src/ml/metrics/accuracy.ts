import { type ConfusionMatrix, checkLabelVectors, correctCount, sampleCount } from "./confusionMatrix.js";

/** Share of rows predicted correctly (sklearn `accuracy_score`); in [0, 1]. Throws on empty input. */
export function accuracy(yTrue: Int32Array, yPred: Int32Array): number {
  checkLabelVectors(yTrue, yPred);
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct++;
  return correct / yTrue.length;
}

/** Accuracy from a confusion matrix (trace / total); NaN for an empty matrix. */
export function accuracyFromConfusion(matrix: ConfusionMatrix): number {
  return correctCount(matrix) / sampleCount(matrix);
}
