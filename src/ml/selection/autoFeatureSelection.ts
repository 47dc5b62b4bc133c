import { type Matrix, takeColumns } from "../matrix.js";
import { constantColumns, correlationFilter } from "./correlationFilter.js";
import { defaultFeatureRankers, type NamedFeatureRanker } from "./featureRankers.js";
import { cutIntoClusters, linkage } from "./hierarchicalClustering.js";
import { pearsonMatrix } from "./pearson.js";
import { spearmanMatrix } from "./spearman.js";

/** Hyper-parameters of {@link AutoFeatureSelection} (scifAI's names in camelCase). */
export interface AutoFeatureSelectionOptions {
  /** Number of features to select (default 20, as scifAI). */
  topK?: number;
  /** Correlation of the near-duplicate filter (default "spearman"). */
  correlationMethod?: "spearman" | "pearson";
  /** |correlation| at or above which a later column counts as a duplicate of an earlier one (default 0.95). */
  correlationThreshold?: number;
  /** Relevance measures (default {@link defaultFeatureRankers}: the paper's six). */
  rankers?: NamedFeatureRanker[];
  /** Seed handed to every ranker (default 0). */
  seed?: number;
}

/** The part of a selection that does not depend on top_k: filter, scores, ranks, correlations. */
export interface FeatureRelevance {
  /** Columns of the input. */
  featureCount: number;
  /** Columns that passed the correlation filter, ascending. */
  kept: Int32Array;
  /** Per input column: −1 kept, −2 constant, else the kept column it duplicates. */
  droppedBy: Int32Array;
  /** Ranker names, in order. */
  rankerNames: string[];
  /** Per ranker, its score of every kept column (aligned with `kept`). */
  scores: Float64Array[];
  /** Per ranker, positions in `kept` from most to least relevant (ties by column order). */
  orders: Int32Array[];
  /** Per kept column, its rank averaged over the rankers, normalised to [0, 1] (0 = most relevant). */
  meanNormalisedRank: Float64Array;
  /** Spearman correlations among the kept columns, kept × kept row-major. */
  spearman: Float64Array;
}

type ResolvedOptions = Required<Omit<AutoFeatureSelectionOptions, "rankers">>;

function resolveOptions(options: AutoFeatureSelectionOptions): ResolvedOptions {
  const resolved: ResolvedOptions = {
    topK: options.topK ?? 20,
    correlationMethod: options.correlationMethod ?? "spearman",
    correlationThreshold: options.correlationThreshold ?? 0.95,
    seed: options.seed ?? 0,
  };
  if (!Number.isInteger(resolved.topK) || resolved.topK < 1)
    throw new RangeError(`AutoFeatureSelection: topK must be an integer ≥ 1, got ${resolved.topK}`);
  if (resolved.correlationMethod !== "spearman" && resolved.correlationMethod !== "pearson")
    throw new RangeError(`AutoFeatureSelection: unknown correlationMethod '${resolved.correlationMethod}'`);
  if (!(resolved.correlationThreshold > 0 && resolved.correlationThreshold <= 1))
    throw new RangeError("AutoFeatureSelection: correlationThreshold must lie in (0, 1]");
  if (!Number.isFinite(resolved.seed)) throw new RangeError("AutoFeatureSelection: seed must be finite");
  return resolved;
}

function checkInputs(X: Matrix, y: Int32Array, classCount: number): void {
  if (y.length !== X.rows)
    throw new RangeError(`AutoFeatureSelection: X has ${X.rows} rows but y has ${y.length} labels`);
  if (X.rows < 2) throw new RangeError("AutoFeatureSelection: need at least 2 rows");
  if (!Number.isInteger(classCount) || classCount < 1)
    throw new RangeError(`AutoFeatureSelection: classCount must be an integer ≥ 1, got ${classCount}`);
  for (let i = 0; i < y.length; i++)
    if (!(y[i] >= 0 && y[i] < classCount))
      throw new RangeError(`AutoFeatureSelection: label ${y[i]} of row ${i} is outside [0, ${classCount})`);
  const data = X.data;
  for (let i = 0; i < data.length; i++)
    if (!Number.isFinite(data[i]))
      throw new RangeError(
        `AutoFeatureSelection: X has ${data[i]} at row ${Math.floor(i / X.cols)}, column ${i % X.cols}; ` +
          "impute missing values first (e.g. fillna(0))",
      );
}

// Positions 0…n−1 sorted by score, largest first; NaN scores last; ties by position.
function orderByScore(scores: Float64Array): Int32Array {
  const order = Array.from({ length: scores.length }, (_, i) => i);
  const key = (i: number) => (Number.isNaN(scores[i]) ? Number.NEGATIVE_INFINITY : scores[i]);
  order.sort((a, b) => key(b) - key(a) || a - b);
  return Int32Array.from(order);
}

// Normalised rank of each position for one ranker: tied scores share their average rank.
function normalisedRanks(scores: Float64Array, order: Int32Array): Float64Array {
  const n = scores.length;
  const out = new Float64Array(n);
  const key = (i: number) => (Number.isNaN(scores[i]) ? Number.NEGATIVE_INFINITY : scores[i]);
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && key(order[end]) === key(order[start])) end++;
    const averageRank = (start + end - 1) / 2;
    for (let i = start; i < end; i++) out[order[i]] = n > 1 ? averageRank / (n - 1) : 0;
    start = end;
  }
  return out;
}

/**
 * Everything of an AutoFeatureSelection fit that does not depend on top_k: constant columns and
 * near-duplicates removed (|correlation| ≥ threshold, the first in column order kept), every ranker
 * run once on the kept columns, ranks and Spearman correlations. Throws on NaN/∞ (impute first).
 */
export function computeFeatureRelevance(
  X: Matrix,
  y: Int32Array,
  classCount: number,
  options: AutoFeatureSelectionOptions = {},
): FeatureRelevance {
  const o = resolveOptions(options);
  const rankers = options.rankers ?? defaultFeatureRankers();
  if (rankers.length === 0) throw new RangeError("AutoFeatureSelection: at least one ranker is needed");
  checkInputs(X, y, classCount);
  const constant = constantColumns(X);
  const variable: number[] = [];
  for (let f = 0; f < X.cols; f++) if (!constant[f]) variable.push(f);
  const variableX = takeColumns(X, variable);
  const spearmanAll = spearmanMatrix(variableX);
  const filterCorrelation = o.correlationMethod === "spearman" ? spearmanAll : pearsonMatrix(variableX);
  const filtered = correlationFilter(filterCorrelation, variable.length, o.correlationThreshold);
  const droppedBy = new Int32Array(X.cols).fill(-2);
  for (let j = 0; j < variable.length; j++) {
    const by = filtered.droppedBy[j];
    droppedBy[variable[j]] = by < 0 ? by : variable[by];
  }
  const kept = Int32Array.from(filtered.kept, (j) => variable[j]);
  const m = kept.length;
  const spearman = new Float64Array(m * m);
  for (let a = 0; a < m; a++)
    for (let b = 0; b < m; b++)
      spearman[a * m + b] = spearmanAll[filtered.kept[a] * variable.length + filtered.kept[b]];

  const keptX = takeColumns(X, kept);
  const scores: Float64Array[] = [];
  const orders: Int32Array[] = [];
  const meanNormalisedRank = new Float64Array(m);
  for (const ranker of rankers) {
    const score = m > 0 ? ranker.rank(keptX, y, classCount, o.seed) : new Float64Array(0);
    if (score.length !== m)
      throw new RangeError(
        `AutoFeatureSelection: ranker '${ranker.name}' returned ${score.length} scores for ${m} features`,
      );
    const order = orderByScore(score);
    const ranks = normalisedRanks(score, order);
    for (let i = 0; i < m; i++) meanNormalisedRank[i] += ranks[i] / rankers.length;
    scores.push(Float64Array.from(score));
    orders.push(order);
  }
  return {
    featureCount: X.cols,
    kept,
    droppedBy,
    rankerNames: rankers.map((r) => r.name),
    scores,
    orders,
    meanNormalisedRank,
    spearman,
  };
}

/**
 * The top_k selection from a relevance: the union of every ranker's top_k kept columns, clustered
 * by average linkage on 1 − Spearman² into exactly top_k clusters, one representative per cluster
 * (lowest mean normalised rank, then lowest column). Returns input column indices, ascending;
 * all kept columns when fewer than top_k remain.
 */
export function selectFromRelevance(relevance: FeatureRelevance, topK: number): Int32Array {
  if (!Number.isInteger(topK) || topK < 1) throw new RangeError(`topK must be an integer ≥ 1, got ${topK}`);
  const { kept, orders, meanNormalisedRank, spearman } = relevance;
  const m = kept.length;
  const k = Math.min(topK, m);
  if (k === m) return kept.slice();
  const inPool = new Uint8Array(m);
  for (const order of orders) for (let i = 0; i < k; i++) inPool[order[i]] = 1;
  const pool: number[] = [];
  for (let i = 0; i < m; i++) if (inPool[i]) pool.push(i);
  let chosen: number[];
  if (pool.length === k) chosen = pool;
  else {
    const size = pool.length;
    const condensed = new Float64Array((size * (size - 1)) / 2);
    let at = 0;
    for (let a = 0; a < size; a++)
      for (let b = a + 1; b < size; b++) {
        const rho = spearman[pool[a] * m + pool[b]];
        // NaN (undefined correlation) counts as unrelated; rounding may push ρ² a hair above 1.
        condensed[at++] = Number.isNaN(rho) ? 1 : Math.max(0, 1 - rho * rho);
      }
    const labels = cutIntoClusters(linkage(condensed, "average"), k);
    const representative = new Int32Array(k).fill(-1);
    for (let a = 0; a < size; a++) {
      const cluster = labels[a];
      const current = representative[cluster];
      // Pool positions ascend, so on equal rank the earlier column stays.
      if (current < 0 || meanNormalisedRank[pool[a]] < meanNormalisedRank[pool[current]])
        representative[cluster] = a;
    }
    chosen = Array.from(representative, (a) => pool[a]);
  }
  return Int32Array.from(chosen, (i) => kept[i]).sort();
}

/** What {@link AutoFeatureSelection.toJSON} returns. */
export interface AutoFeatureSelectionState {
  kind: "autoFeatureSelection";
  options: ResolvedOptions & { rankers: string[] };
  fitted: { featureCount: number; selectedIndices: number[]; selectedNames: string[] } | null;
}

/**
 * scifAI's AutoFeatureSelection made sound: (1) constant columns and near-duplicates go
 * (|Spearman or Pearson| ≥ threshold, the first in column order stays); (2) the union of the top_k
 * columns of every relevance measure (by default mutual information, linear SVM, random forest,
 * L1/L2 logistic regression, gradient-boosting gain); (3) average-linkage clustering of that union
 * on 1 − Spearman² into exactly top_k clusters, keeping the most relevant column of each (by mean
 * normalised rank). Deterministic for a seed; every fit starts afresh (no state carried over).
 */
export class AutoFeatureSelection {
  readonly options: ResolvedOptions;
  readonly rankers: NamedFeatureRanker[];
  /** Selected input columns, ascending; empty before fit. */
  selectedIndices: Int32Array = new Int32Array(0);
  /** Names of the selected columns (from fit's featureNames, else "feature_<index>"). */
  selectedNames: string[] = [];
  /** The last fit's filter, scores and ranks (null before fit or after fromJSON). */
  relevance: FeatureRelevance | null = null;
  private featureCount = -1;

  /** Validates and stores the options; throws a RangeError on an invalid one. */
  constructor(options: AutoFeatureSelectionOptions = {}) {
    this.options = resolveOptions(options);
    this.rankers = options.rankers ?? defaultFeatureRankers();
    if (this.rankers.length === 0)
      throw new RangeError("AutoFeatureSelection: at least one ranker is needed");
  }

  /** Restores a fitted selection; `rankers` (default: the defaults) are only needed to fit again. */
  static fromJSON(state: AutoFeatureSelectionState, rankers?: NamedFeatureRanker[]): AutoFeatureSelection {
    if (state.kind !== "autoFeatureSelection")
      throw new Error(
        `AutoFeatureSelection.fromJSON: expected kind "autoFeatureSelection", got "${state.kind}"`,
      );
    const { rankers: _names, ...options } = state.options;
    const selection = new AutoFeatureSelection({ ...options, rankers });
    if (state.fitted) {
      selection.featureCount = state.fitted.featureCount;
      selection.selectedIndices = Int32Array.from(state.fitted.selectedIndices);
      selection.selectedNames = [...state.fitted.selectedNames];
    }
    return selection;
  }

  /**
   * Selects topK columns of X (rows × features, finite values) for classes y in [0, classCount);
   * `featureNames` (one per column) name the result. Returns this.
   */
  fit(X: Matrix, y: Int32Array, classCount: number, featureNames?: readonly string[]): this {
    if (featureNames && featureNames.length !== X.cols)
      throw new RangeError(
        `AutoFeatureSelection: ${featureNames.length} feature names for ${X.cols} columns`,
      );
    const relevance = computeFeatureRelevance(X, y, classCount, { ...this.options, rankers: this.rankers });
    this.relevance = relevance;
    this.featureCount = X.cols;
    this.selectedIndices = selectFromRelevance(relevance, this.options.topK);
    this.selectedNames = Array.from(this.selectedIndices, (f) => featureNames?.[f] ?? `feature_${f}`);
    return this;
  }

  /** The selected columns of X, in ascending column order; throws before fit or on a wrong width. */
  transform(X: Matrix): Matrix {
    if (this.featureCount < 0) throw new Error("AutoFeatureSelection: call fit() first");
    if (X.cols !== this.featureCount)
      throw new RangeError(`AutoFeatureSelection: fitted on ${this.featureCount} columns, X has ${X.cols}`);
    return takeColumns(X, this.selectedIndices);
  }

  /** fit then transform. */
  fitTransform(X: Matrix, y: Int32Array, classCount: number, featureNames?: readonly string[]): Matrix {
    return this.fit(X, y, classCount, featureNames).transform(X);
  }

  /** Options (with ranker names) and the selected columns as plain JSON data. */
  toJSON(): AutoFeatureSelectionState {
    return {
      kind: "autoFeatureSelection",
      options: { ...this.options, rankers: this.rankers.map((r) => r.name) },
      fitted:
        this.featureCount < 0
          ? null
          : {
              featureCount: this.featureCount,
              selectedIndices: Array.from(this.selectedIndices),
              selectedNames: [...this.selectedNames],
            },
    };
  }
}
