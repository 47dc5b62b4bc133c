import type { Classifier } from "../classifier.js";
import { type Matrix, takeColumns } from "../matrix.js";
import { f1Score } from "../metrics/precisionRecallF1.js";
import {
  type AutoFeatureSelectionOptions,
  computeFeatureRelevance,
  selectFromRelevance,
} from "./autoFeatureSelection.js";

/** A validation metric: larger is better. */
export type SelectionMetric = (yTrue: Int32Array, yPred: Int32Array, classCount: number) => number;

/** Options of {@link chooseTopK}. */
export interface ChooseTopKOptions {
  /** Candidate numbers of features, e.g. 1, 6, 11, … 246 as the paper. */
  candidates: readonly number[];
  /** A fresh, unfitted model for each candidate (it receives k). */
  modelFactory: (k: number) => Classifier;
  /** Validation score (default macro F1 over the classes present in truth or prediction). */
  metric?: SelectionMetric;
  /** Selection options besides topK (rankers, correlation filter, seed). */
  selection?: Omit<AutoFeatureSelectionOptions, "topK">;
}

/** One point of the top_k curve. */
export interface TopKScore {
  k: number;
  /** Columns selected for this k (input indices, ascending; fewer than k when fewer remain). */
  selected: Int32Array;
  /** Validation score of the model fitted on those columns. */
  score: number;
}

/** Result of {@link chooseTopK}. */
export interface TopKChoice {
  /** The candidate with the best validation score (the smallest such k on ties). */
  bestK: number;
  bestScore: number;
  /** Every candidate in the order given. */
  curve: TopKScore[];
}

/** Macro-averaged F1 (scikit-learn's f1_score(average="macro")). */
export const macroF1: SelectionMetric = (yTrue, yPred) => f1Score(yTrue, yPred, "macro");

/**
 * Chooses top_k on a validation set as the paper did: the selection's rankers run once on the
 * training rows, then for each candidate k the selected columns train a fresh model whose
 * validation score is recorded. Throws on an empty or invalid candidate list.
 */
export function chooseTopK(
  train: { X: Matrix; y: Int32Array },
  validation: { X: Matrix; y: Int32Array },
  classCount: number,
  options: ChooseTopKOptions,
): TopKChoice {
  const { candidates, modelFactory } = options;
  const metric = options.metric ?? macroF1;
  if (candidates.length === 0) throw new RangeError("chooseTopK: no candidate k");
  for (const k of candidates)
    if (!Number.isInteger(k) || k < 1)
      throw new RangeError(`chooseTopK: candidate ${k} is not an integer ≥ 1`);
  if (validation.X.cols !== train.X.cols)
    throw new RangeError(`chooseTopK: validation has ${validation.X.cols} columns, training ${train.X.cols}`);
  if (validation.y.length !== validation.X.rows)
    throw new RangeError(
      `chooseTopK: validation X has ${validation.X.rows} rows but y has ${validation.y.length}`,
    );
  const relevance = computeFeatureRelevance(train.X, train.y, classCount, options.selection ?? {});
  const curve: TopKScore[] = [];
  let best: TopKScore | null = null;
  for (const k of candidates) {
    const selected = selectFromRelevance(relevance, k);
    const model = modelFactory(k);
    model.fit(takeColumns(train.X, selected), train.y, classCount);
    const score = metric(validation.y, model.predict(takeColumns(validation.X, selected)), classCount);
    const point = { k, selected, score };
    curve.push(point);
    if (!best || score > best.score || (score === best.score && k < best.k)) best = point;
  }
  return { bestK: best!.k, bestScore: best!.score, curve };
}
