import { type Matrix, takeRows } from "../../ml/matrix.js";
import { StandardScaler } from "../../ml/preprocessing/standardScaler.js";
import { spearmanR } from "../statistics/correlation.js";
import { Lasso } from "./lasso.js";
import { r2Score } from "./r2Score.js";
import { Ridge } from "./ridge.js";

/** The penalised linear models the cross-validation can tune. */
export type PenalizedModelKind = "lasso" | "ridge";

/** Options of {@link leaveOneGroupOutCV}. */
export interface LeaveOneGroupOutOptions {
  /** Candidate penalties α (at least one, each ≥ 0). */
  alphas: ArrayLike<number>;
  /** "lasso" (default) or "ridge". */
  model?: PenalizedModelKind;
  /** Standardise the columns inside every fit (scaler fitted on that fit's rows only; default true). */
  standardize?: boolean;
  /** Lasso passes limit (default 1000). */
  maxIter?: number;
  /** Lasso tolerance (default 1e-4). */
  tol?: number;
}

/** Result of {@link leaveOneGroupOutCV}. */
export interface LeaveOneGroupOutResult {
  /** Prediction for every row from the model fitted without its group (outer fold). */
  predictions: Float64Array;
  /** The outer folds: distinct group labels, sorted (as `np.unique`). */
  groupLabels: string[];
  /** α chosen by the inner leave-one-group-out loop for each outer fold. */
  chosenAlphas: Float64Array;
  /** folds × alphas, row-major: mean over inner folds of the inner validation MSE. */
  innerMeanSquaredError: Float64Array;
  /** Spearman's ρ between y and the outer predictions (`scipy.stats.spearmanr`). */
  spearmanR: number;
  /** R² of the outer predictions (`sklearn.metrics.r2_score`). */
  r2: number;
}

function sortedLabels(labels: string[]): string[] {
  return Array.from(new Set(labels)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Nested leave-one-group-out cross-validation of a penalised linear model, the study's
 * leave-one-donor-out readout regression done cleanly: for each held-out group, α is chosen by an
 * inner leave-one-group-out loop over the remaining groups (lowest mean validation MSE; ties go to
 * the larger α), the model is refitted on all remaining groups with that α, and the held-out rows
 * are predicted. Standardisation is fitted inside every fit, so nothing leaks from validation rows.
 * (The study used LassoLars on a transformed target; this is plain Lasso or Ridge on standardised
 * inputs.) Groups may be strings or numbers (compared as text). Needs at least 3 groups; throws a
 * RangeError otherwise, on NaN/∞ input or mismatched lengths.
 */
export function leaveOneGroupOutCV(
  X: Matrix,
  y: ArrayLike<number>,
  groups: ArrayLike<string | number>,
  options: LeaveOneGroupOutOptions,
): LeaveOneGroupOutResult {
  const n = X.rows;
  if (y.length !== n || groups.length !== n)
    throw new RangeError(`X has ${n} rows, y ${y.length} values and groups ${groups.length} labels`);
  const alphas = Float64Array.from(options.alphas);
  if (alphas.length === 0 || !alphas.every((a) => a >= 0))
    throw new RangeError("alphas must be one or more values ≥ 0");
  const labelOf = Array.from({ length: n }, (_, i) => String(groups[i]));
  const labels = sortedLabels(labelOf);
  if (labels.length < 3)
    throw new RangeError(`nested leave-one-group-out needs ≥ 3 groups, got ${labels.length}`);
  const target = Float64Array.from(y);

  const fitPredict = (alpha: number, trainRows: number[], testRows: number[]): Float64Array => {
    let train = takeRows(X, trainRows);
    let test = takeRows(X, testRows);
    if (options.standardize ?? true) {
      const scaler = new StandardScaler().fit(train);
      train = scaler.transform(train);
      test = scaler.transform(test);
    }
    const trainTarget = Float64Array.from(trainRows, (r) => target[r]);
    const model =
      (options.model ?? "lasso") === "lasso"
        ? new Lasso({ alpha, maxIter: options.maxIter, tol: options.tol })
        : new Ridge({ alpha });
    return model.fit(train, trainTarget).predict(test);
  };
  const rowsWhere = (keep: (label: string) => boolean): number[] => {
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (keep(labelOf[i])) rows.push(i);
    return rows;
  };

  const predictions = new Float64Array(n).fill(Number.NaN);
  const chosenAlphas = new Float64Array(labels.length);
  const innerMeanSquaredError = new Float64Array(labels.length * alphas.length);
  labels.forEach((heldOut, fold) => {
    const innerLabels = labels.filter((label) => label !== heldOut);
    let best = -1;
    for (let a = 0; a < alphas.length; a++) {
      let sumOfFoldErrors = 0;
      for (const validation of innerLabels) {
        const fitRows = rowsWhere((label) => label !== heldOut && label !== validation);
        const validationRows = rowsWhere((label) => label === validation);
        const predicted = fitPredict(alphas[a], fitRows, validationRows);
        let squared = 0;
        for (let i = 0; i < validationRows.length; i++)
          squared += (target[validationRows[i]] - predicted[i]) ** 2;
        sumOfFoldErrors += squared / validationRows.length;
      }
      const meanError = sumOfFoldErrors / innerLabels.length;
      innerMeanSquaredError[fold * alphas.length + a] = meanError;
      const bestError =
        best < 0 ? Number.POSITIVE_INFINITY : innerMeanSquaredError[fold * alphas.length + best];
      if (best < 0 || meanError < bestError || (meanError === bestError && alphas[a] > alphas[best]))
        best = a;
    }
    chosenAlphas[fold] = alphas[best];
    const testRows = rowsWhere((label) => label === heldOut);
    const predicted = fitPredict(
      alphas[best],
      rowsWhere((label) => label !== heldOut),
      testRows,
    );
    for (let i = 0; i < testRows.length; i++) predictions[testRows[i]] = predicted[i];
  });
  return {
    predictions,
    groupLabels: labels,
    chosenAlphas,
    innerMeanSquaredError,
    spearmanR: spearmanR(target, predictions),
    r2: r2Score(target, predictions),
  };
}
