import { binomialUpperTail } from "./binomialTail.js";
import {
  type ConfusionMatrix,
  confusionMatrix,
  correctCount,
  sampleCount,
  trueTotals,
} from "./confusionMatrix.js";

/** Accuracy against the no-information rate, as caret's `confusionMatrix` reports it. */
export interface NoInformationTest {
  /** Share of rows predicted correctly. */
  accuracy: number;
  /** Share of the most frequent true class: the accuracy of always guessing it. */
  noInformationRate: number;
  /** One-sided exact binomial test of accuracy > NIR: P(X ≥ correct), X ~ Binomial(n, NIR). */
  pValue: number;
}

/** Share of the most frequent class in yTrue (caret's NIR), in (0, 1]. Throws on empty input. */
export function noInformationRate(yTrue: Int32Array): number {
  return noInformationTestFromConfusion(confusionMatrix(yTrue, yTrue)).noInformationRate;
}

/**
 * Accuracy, no-information rate and the exact binomial p-value of accuracy > NIR (caret's
 * "P-Value [Acc > NIR]", `binom.test(correct, n, NIR, alternative = "greater")`). Throws on empty input.
 */
export function noInformationTest(yTrue: Int32Array, yPred: Int32Array): NoInformationTest {
  return noInformationTestFromConfusion(confusionMatrix(yTrue, yPred));
}

/** {@link noInformationTest} from a confusion matrix (rows = true class); NaNs when empty. */
export function noInformationTestFromConfusion(matrix: ConfusionMatrix): NoInformationTest {
  const n = sampleCount(matrix);
  if (n === 0) return { accuracy: Number.NaN, noInformationRate: Number.NaN, pValue: Number.NaN };
  const truth = trueTotals(matrix);
  let largest = 0;
  for (let c = 0; c < truth.length; c++) if (truth[c] > largest) largest = truth[c];
  const correct = correctCount(matrix);
  const noInformation = largest / n;
  return {
    accuracy: correct / n,
    noInformationRate: noInformation,
    pValue: binomialUpperTail(correct, n, noInformation),
  };
}
