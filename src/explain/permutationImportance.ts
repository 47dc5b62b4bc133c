import { type Matrix, takeRows } from "../ml/matrix.js";
import { accuracy } from "../ml/metrics/accuracy.js";
import { balancedAccuracy } from "../ml/metrics/balancedAccuracy.js";
import { f1Score } from "../ml/metrics/precisionRecallF1.js";
import type { TrainedModel } from "../ml/modelFile.js";
import type { GbdtClassifier } from "../ml/models/gbdtClassifier.js";
import { createRandom } from "../util/random.js";
import { treePermutationPredictor } from "./treePermutationPredictor.js";

/** A score of predictions against true classes; larger is better. */
export type ScoreFunction = (yTrue: Int32Array, yPred: Int32Array) => number;

/**
 * What permutation importance queries: predictions of the rows, then of the same rows with one
 * column reordered. Models can answer the second faster than a full prediction (trees re-evaluate
 * only the trees that split on the column); see {@link functionPredictor} for any predict function.
 */
export interface PermutationPredictor {
  /** Starts on X (the rows scored; not modified) and returns their predicted classes. */
  begin(X: Matrix): Int32Array;
  /** Predicted classes of those rows when column `column` is reordered: row i gets row order[i]'s value. */
  predictPermuted(column: number, order: ArrayLike<number>): Int32Array;
}

/** A {@link PermutationPredictor} over any predict function: it predicts a copy with the column reordered. */
export function functionPredictor(predict: (X: Matrix) => Int32Array): PermutationPredictor {
  let work: Matrix | null = null;
  let original = new Float64Array(0);
  return {
    begin(X) {
      work = { data: X.data.slice(), rows: X.rows, cols: X.cols };
      original = new Float64Array(X.rows);
      return predict(work);
    },
    predictPermuted(column, order) {
      if (!work) throw new Error("call begin first");
      const { data, rows, cols } = work;
      for (let i = 0; i < rows; i++) original[i] = data[i * cols + column];
      for (let i = 0; i < rows; i++) data[i * cols + column] = original[order[i]];
      try {
        return predict(work);
      } finally {
        for (let i = 0; i < rows; i++) data[i * cols + column] = original[i];
      }
    },
  };
}

/** The built-in scores (scikit-learn's "accuracy", "f1_macro", "balanced_accuracy"). */
export type ClassificationMetric = "accuracy" | "macro_f1" | "balanced_accuracy";

const METRICS: Record<ClassificationMetric, ScoreFunction> = {
  accuracy,
  macro_f1: (yTrue, yPred) => f1Score(yTrue, yPred, "macro"),
  balanced_accuracy: balancedAccuracy,
};

/** Options of {@link permutationImportance}. */
export interface PermutationImportanceOptions {
  /** Score (default "accuracy", scikit-learn's default for classifiers). */
  metric?: ClassificationMetric | ScoreFunction;
  /** Permutations per feature (default 5, as scikit-learn). */
  nRepeats?: number;
  /** Seed of the row orders (default 0). */
  seed?: number;
  /** Score on a seeded subset of this many rows (default all). */
  maxSamples?: number;
  /**
   * Explicit row orders, one per repeat, each a permutation of 0…n−1 (n = rows scored): for paired
   * comparisons of models on the same permutations. Overrides `nRepeats`, `seed` and `maxSamples`.
   */
  rowOrders?: readonly ArrayLike<number>[];
  /** Called after each feature with (features done, features in all). */
  onProgress?: (done: number, total: number) => void;
}

/** Permutation importances of every feature. */
export interface PermutationImportanceResult {
  /** Name of the score ("custom" for a function). */
  metric: string;
  /** Score of the unpermuted rows. */
  baselineScore: number;
  nRepeats: number;
  /** Rows scored. */
  rows: number;
  /** features × repeats, row-major: baseline − score with the feature's column permuted. */
  importances: Float64Array;
  /** Mean over repeats per feature. */
  importancesMean: Float64Array;
  /** Population standard deviation (ddof 0, as NumPy's std) over repeats per feature. */
  importancesStd: Float64Array;
  /** Wall time in seconds. */
  seconds: number;
}

/**
 * `nRepeats` independent uniformly random permutations of 0…rows−1 from the project's PRNG; the
 * same seed gives the same orders. Every feature is permuted with these same orders (as
 * scikit-learn, whose columns share one seeded stream), which makes features' drops comparable.
 */
export function permutationRowOrders(rows: number, nRepeats: number, seed = 0): Uint32Array[] {
  if (!Number.isInteger(rows) || rows < 0) throw new RangeError(`rows must be an integer ≥ 0, got ${rows}`);
  if (!Number.isInteger(nRepeats) || nRepeats < 1)
    throw new RangeError(`nRepeats must be an integer ≥ 1, got ${nRepeats}`);
  const random = createRandom(seed);
  return Array.from({ length: nRepeats }, () => {
    const order = new Uint32Array(rows);
    for (let i = 0; i < rows; i++) order[i] = i;
    return random.shuffle(order);
  });
}

/**
 * Permutation importance with scikit-learn's `permutation_importance` semantics: the baseline
 * score of the model's predictions on X (a predict function or a {@link PermutationPredictor}), then for every feature and repeat the score with that column's values
 * reordered by the repeat's row order; importance = baseline − permuted score, with mean and
 * population std over repeats. A feature the model ignores gets exactly 0. Each repeat applies an
 * independent permutation to the original column (scikit-learn composes its shuffles; both are
 * uniformly random). With `maxSamples`, the baseline is scored on the same subset (scikit-learn
 * 1.2 scores it on all rows). X is not modified. Throws on shape mismatches or 0 rows.
 */
export function permutationImportance(
  model: ((X: Matrix) => Int32Array) | PermutationPredictor,
  X: Matrix,
  y: Int32Array,
  options: PermutationImportanceOptions = {},
): PermutationImportanceResult {
  const started = performance.now();
  if (y.length !== X.rows) throw new RangeError(`X has ${X.rows} rows but y has ${y.length} labels`);
  if (X.rows === 0) throw new RangeError("permutation importance needs at least one row");
  const metric = options.metric ?? "accuracy";
  const score = typeof metric === "function" ? metric : METRICS[metric];
  if (!score)
    throw new RangeError(`unknown metric '${String(metric)}'; use ${Object.keys(METRICS).join(", ")}`);

  let rows: Uint32Array | null = null;
  if (!options.rowOrders && options.maxSamples !== undefined && options.maxSamples < X.rows) {
    if (!Number.isInteger(options.maxSamples) || options.maxSamples < 1)
      throw new RangeError(`maxSamples must be an integer ≥ 1, got ${options.maxSamples}`);
    // A seed distinct from the orders' so that the subset and the orders are independent.
    rows = createRandom((options.seed ?? 0) + 0x9e3779b9)
      .sampleIndices(X.rows, options.maxSamples)
      .sort();
  }
  const scored = rows ? takeRows(X, rows) : X;
  const labels = rows ? Int32Array.from(rows, (r) => y[r]) : y;
  const n = scored.rows;
  const cols = X.cols;
  const orders = options.rowOrders ?? permutationRowOrders(n, options.nRepeats ?? 5, options.seed ?? 0);
  const nRepeats = orders.length;
  if (nRepeats < 1) throw new RangeError("at least one row order is needed");
  for (const order of orders) checkPermutation(order, n);

  const predictor = typeof model === "function" ? functionPredictor(model) : model;
  const baselineScore = score(labels, predictor.begin(scored));
  const importances = new Float64Array(cols * nRepeats);
  const importancesMean = new Float64Array(cols);
  const importancesStd = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    for (let repeat = 0; repeat < nRepeats; repeat++)
      importances[j * nRepeats + repeat] =
        baselineScore - score(labels, predictor.predictPermuted(j, orders[repeat]));
    // NumPy's order of operations: the mean, then the mean of squared deviations.
    let sum = 0;
    for (let repeat = 0; repeat < nRepeats; repeat++) sum += importances[j * nRepeats + repeat];
    const mean = sum / nRepeats;
    let squares = 0;
    for (let repeat = 0; repeat < nRepeats; repeat++) {
      const d = importances[j * nRepeats + repeat] - mean;
      squares += d * d;
    }
    importancesMean[j] = mean;
    importancesStd[j] = Math.sqrt(squares / nRepeats);
    options.onProgress?.(j + 1, cols);
  }
  return {
    metric: typeof metric === "function" ? "custom" : metric,
    baselineScore,
    nRepeats,
    rows: n,
    importances,
    importancesMean,
    importancesStd,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * A {@link PermutationPredictor} for raw feature rows of a trained model: the rows are filled and
 * scaled once (both act column by column, so reordering a prepared column equals preparing a
 * reordered one); gradient-boosted trees then re-evaluate only the trees that split on the
 * permuted column, giving exactly the classes `model.classifier.predict` gives.
 */
export function trainedModelPredictor(model: TrainedModel): PermutationPredictor {
  const classifier = model.classifier;
  const inner =
    classifier.kind === "gbdt"
      ? treePermutationPredictor((classifier as GbdtClassifier).fitted().ensemble)
      : functionPredictor((X) => classifier.predict(X));
  return {
    begin: (X) => inner.begin(model.prepare(X)),
    predictPermuted: (column, order) => inner.predictPermuted(column, order),
  };
}

function checkPermutation(order: ArrayLike<number>, n: number): void {
  if (order.length !== n) throw new RangeError(`a row order has ${order.length} entries for ${n} rows`);
  const seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const row = order[i];
    if (!(Number.isInteger(row) && row >= 0 && row < n) || seen[row])
      throw new RangeError(`a row order is not a permutation of 0…${n - 1}`);
    seen[row] = 1;
  }
}
