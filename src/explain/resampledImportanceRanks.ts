import type { Classifier, ClassifierKind } from "../ml/classifier.js";
import type { RandomForest } from "../ml/forest/randomForest.js";
import { type Matrix, takeColumns, takeRows } from "../ml/matrix.js";
import { prepareFeatures } from "../ml/modelFile.js";
import { createClassifier } from "../ml/models/classifierRegistry.js";
import type { GbdtClassifier } from "../ml/models/gbdtClassifier.js";
import { StandardScaler } from "../ml/preprocessing/standardScaler.js";
import {
  AutoFeatureSelection,
  type AutoFeatureSelectionOptions,
} from "../ml/selection/autoFeatureSelection.js";
import { coefficientNorms } from "../ml/selection/featureRankers.js";
import { createRandom } from "../util/random.js";
import { type TreeImportanceType, treeImportance } from "./treeImportance.js";

/** Importance of every column of X for a fitted classifier (larger = more important, ≥ 0). */
export type ImportanceFunction = (classifier: Classifier, X: Matrix, y: Int32Array) => Float64Array;

/** Options of {@link rankedImportanceOverResamples}. */
export interface ResampleRankingOptions {
  /** Number of fits (default 20; the paper used 100). */
  resamples?: number;
  /** "subsample" (without replacement, default) or "bootstrap" (with replacement). */
  sampling?: "subsample" | "bootstrap";
  /** Rows per fit as a fraction of all rows (default 0.8 for subsample, 1 for bootstrap). */
  sampleFraction?: number;
  /**
   * When set, each fit first runs AutoFeatureSelection with a top_k drawn uniformly from this
   * inclusive range (the paper: 30–200) on the resample's rows; unselected features get importance 0.
   */
  topKRange?: readonly [number, number];
  /** AutoFeatureSelection settings besides topK and seed (e.g. cheaper `rankers`). */
  selection?: Omit<AutoFeatureSelectionOptions, "topK" | "seed">;
  /** Model kind (default "gbdt") and its hyper-parameters. */
  model?: ClassifierKind;
  modelOptions?: Record<string, unknown>;
  /**
   * What ranks the features: an XGBoost importance type (gbdt only; default "gain") or a function.
   * Other models default to random-forest Gini importance or Σ|coefficients| (standardised inputs).
   */
  importance?: TreeImportanceType | ImportanceFunction;
  /** Scaler fitted on each resample (default "standard", as the training pipeline). */
  scaler?: "standard" | "none";
  /** Seed of the resamples, top_k draws and models (default 0). */
  seed?: number;
  /** Called after each fit with (fits done, fits in all). */
  onProgress?: (done: number, total: number) => void;
}

/** One feature's ranks over the fits (rank 1 = most important). */
export interface FeatureRankSummary {
  feature: string;
  /** Column of the input. */
  index: number;
  medianRank: number;
  /** 25th and 75th percentiles of the rank (NumPy's linear interpolation) and their difference. */
  q1: number;
  q3: number;
  iqr: number;
  /** Fraction of fits in which the feature had a positive importance. */
  usedFraction: number;
  /** Fraction of fits whose feature selection kept it (1 without selection). */
  selectedFraction: number;
  /** Mean over fits of its share of the fit's total importance. */
  meanImportance: number;
}

/** Ranks of every feature over resampled fits. */
export interface ResampleRanking {
  /** One entry per feature, by median rank, then Q3, then mean importance (descending), then column. */
  features: FeatureRankSummary[];
  /** resamples × features, row-major: each fit's ranks (ties share their average rank). */
  ranks: Float64Array;
  /** resamples × features: each fit's importances, normalised to sum 1 (zeros when none). */
  importances: Float64Array;
  /** top_k of each fit (empty without selection). */
  topK: Int32Array;
  resamples: number;
  rowsPerFit: number;
  seconds: number;
}

/**
 * The paper's feature ranking made reproducible: R seeded resamples of the rows (subsample or
 * bootstrap); on each, fillna(0), an optional scaler and optional AutoFeatureSelection with a
 * random top_k, then a fitted model whose importances rank all features (rank 1 = largest;
 * features with equal importance, e.g. the unused ones at 0, share their average rank). Reports
 * per feature the median rank, its IQR, and how often it was used. Throws on shape mismatches.
 */
export function rankedImportanceOverResamples(
  X: Matrix,
  y: Int32Array,
  classCount: number,
  featureNames: readonly string[],
  options: ResampleRankingOptions = {},
): ResampleRanking {
  const started = performance.now();
  if (y.length !== X.rows) throw new RangeError(`X has ${X.rows} rows but y has ${y.length} labels`);
  if (featureNames.length !== X.cols)
    throw new RangeError(`${featureNames.length} feature names for ${X.cols} columns`);
  if (X.rows < 2) throw new RangeError("resampled importance needs at least two rows");
  const resamples = options.resamples ?? 20;
  if (!Number.isInteger(resamples) || resamples < 1)
    throw new RangeError(`resamples must be an integer ≥ 1, got ${resamples}`);
  const sampling = options.sampling ?? "subsample";
  const fraction = options.sampleFraction ?? (sampling === "bootstrap" ? 1 : 0.8);
  if (!(fraction > 0 && (fraction <= 1 || sampling === "bootstrap")))
    throw new RangeError(`sampleFraction must lie in (0, 1], got ${fraction}`);
  const rowsPerFit = Math.max(2, Math.round(fraction * X.rows));
  const kind = options.model ?? "gbdt";
  const importance = importanceFunctionFor(kind, options.importance);
  const seed = options.seed ?? 0;
  const range = options.topKRange;
  if (
    range &&
    !(Number.isInteger(range[0]) && Number.isInteger(range[1]) && range[0] >= 1 && range[1] >= range[0])
  )
    throw new RangeError(`topKRange must be integers 1 ≤ low ≤ high, got ${range.join("–")}`);

  const filled = prepareFeatures(X, 0, null);
  const random = createRandom(seed);
  const p = X.cols;
  const ranks = new Float64Array(resamples * p);
  const importances = new Float64Array(resamples * p);
  const selectedCounts = new Float64Array(p);
  const topK = new Int32Array(range ? resamples : 0);
  for (let fit = 0; fit < resamples; fit++) {
    const rows =
      sampling === "bootstrap"
        ? Uint32Array.from({ length: rowsPerFit }, () => random.integer(X.rows))
        : random.sampleIndices(X.rows, Math.min(rowsPerFit, X.rows)).sort();
    let Xf = takeRows(filled, rows);
    const yf = Int32Array.from(rows, (r) => y[r]);
    if ((options.scaler ?? "standard") === "standard") Xf = new StandardScaler().fitTransform(Xf);
    let columns: Int32Array | null = null;
    if (range) {
      const k = range[0] + random.integer(range[1] - range[0] + 1);
      topK[fit] = k;
      columns = new AutoFeatureSelection({ ...options.selection, topK: k, seed: seed + fit }).fit(
        Xf,
        yf,
        classCount,
      ).selectedIndices;
      Xf = takeColumns(Xf, columns);
    }
    const classifier = createClassifier(kind, options.modelOptions, seed + fit).fit(Xf, yf, classCount);
    const scores = importance(classifier, Xf, yf);
    if (scores.length !== Xf.cols)
      throw new RangeError(`the importance gave ${scores.length} values for ${Xf.cols} features`);
    const full = importances.subarray(fit * p, (fit + 1) * p);
    let total = 0;
    for (let i = 0; i < scores.length; i++) {
      const column = columns ? columns[i] : i;
      // Negative (e.g. permutation) and NaN importances count as unused.
      const value = Number.isNaN(scores[i]) ? 0 : Math.max(scores[i], 0);
      full[column] = value;
      total += value;
      selectedCounts[column]++;
    }
    if (total > 0) for (let j = 0; j < p; j++) full[j] /= total;
    ranks.set(descendingAverageRanks(full), fit * p);
    options.onProgress?.(fit + 1, resamples);
  }

  const features: FeatureRankSummary[] = [];
  const column = new Float64Array(resamples);
  for (let j = 0; j < p; j++) {
    let used = 0;
    let importanceSum = 0;
    for (let fit = 0; fit < resamples; fit++) {
      column[fit] = ranks[fit * p + j];
      if (importances[fit * p + j] > 0) used++;
      importanceSum += importances[fit * p + j];
    }
    const sorted = column.slice().sort();
    const q1 = quantileSorted(sorted, 0.25);
    const q3 = quantileSorted(sorted, 0.75);
    features.push({
      feature: featureNames[j],
      index: j,
      medianRank: quantileSorted(sorted, 0.5),
      q1,
      q3,
      iqr: q3 - q1,
      usedFraction: used / resamples,
      selectedFraction: selectedCounts[j] / resamples,
      meanImportance: importanceSum / resamples,
    });
  }
  features.sort(
    (a, b) =>
      a.medianRank - b.medianRank || a.q3 - b.q3 || b.meanImportance - a.meanImportance || a.index - b.index,
  );
  return {
    features,
    ranks,
    importances,
    topK,
    resamples,
    rowsPerFit,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * Ranks 1…n by decreasing value, ties sharing their average rank (SciPy's `rankdata(−v, "average")`);
 * NaN counts as 0.
 */
export function descendingAverageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const key = (i: number) => (Number.isNaN(values[i]) ? 0 : values[i]);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => key(b) - key(a) || a - b);
  const out = new Float64Array(n);
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && key(order[end]) === key(order[start])) end++;
    const rank = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) out[order[i]] = rank;
    start = end;
  }
  return out;
}

/** Quantile q ∈ [0, 1] of ascending values with NumPy's default linear interpolation (NaN when empty). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const position = q * (n - 1);
  const low = Math.floor(position);
  const high = Math.min(low + 1, n - 1);
  const weight = position - low;
  const a = sorted[low];
  const b = sorted[high];
  // NumPy's _lerp: from the nearer end, so that the result never overshoots b.
  return weight >= 0.5 ? b - (b - a) * (1 - weight) : a + (b - a) * weight;
}

function importanceFunctionFor(
  kind: ClassifierKind,
  importance: TreeImportanceType | ImportanceFunction | undefined,
): ImportanceFunction {
  if (typeof importance === "function") return importance;
  if (kind === "gbdt") {
    const type = importance ?? "gain";
    return (classifier) => treeImportance((classifier as GbdtClassifier).fitted().ensemble, type);
  }
  if (importance !== undefined)
    throw new RangeError(
      `importance type '${importance}' needs gradient-boosted trees (model gbdt), not ${kind}`,
    );
  if (kind === "rf") return (classifier) => (classifier as unknown as RandomForest).featureImportances();
  return (classifier, X) => {
    const linear = classifier as unknown as { coef: Float64Array; parameterRows: number };
    return coefficientNorms(linear.coef, linear.parameterRows, X.cols);
  };
}
