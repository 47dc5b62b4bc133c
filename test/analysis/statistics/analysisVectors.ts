import { expect } from "vitest";
import { decodeFloat, decodeFloats, type EncodedFloat, loadVectors } from "../../reference/loadVectors.js";

/** The JSON written by test/reference/analysis_statistics_vectors.py (see that script). */
export interface AnalysisVectors {
  ndtr: { x: EncodedFloat[]; ndtr: EncodedFloat[] };
  mannwhitneyu: {
    name: string;
    x: EncodedFloat[];
    y: EncodedFloat[];
    alternative: "two-sided" | "less" | "greater";
    method: "auto" | "exact" | "asymptotic";
    use_continuity: boolean;
    statistic: EncodedFloat;
    pvalue: EncodedFloat;
  }[];
  mannwhitneyu_nan: { x: EncodedFloat[]; y: EncodedFloat[] };
  wilcoxon: {
    name: string;
    d: EncodedFloat[];
    alternative: "two-sided" | "less" | "greater";
    zero_method: "wilcox" | "pratt" | "zsplit";
    correction: boolean;
    method: "auto" | "exact" | "approx";
    statistic: EncodedFloat;
    pvalue: EncodedFloat;
    zstatistic: EncodedFloat;
  }[];
  wilcoxon_nan: { d: EncodedFloat[] };
  fdr_bh: { name: string; p: EncodedFloat[]; alpha: number; adjusted: EncodedFloat[]; reject: boolean[] }[];
  effect_sizes: {
    name: string;
    x: EncodedFloat[];
    y: EncodedFloat[];
    cliffs_delta: EncodedFloat;
    u: EncodedFloat;
    rank_biserial: EncodedFloat;
  }[];
  fold_change: {
    treatment: EncodedFloat[];
    control: EncodedFloat[];
    log2: EncodedFloat[];
    pseudocount: number;
    log2_pseudocount: EncodedFloat[];
  };
  median: { name: string; values: EncodedFloat[]; median: EncodedFloat }[];
  entropy: { rows: number; cols: number; probabilities: EncodedFloat[]; entropy: EncodedFloat[] };
  spearman: { name: string; x: EncodedFloat[]; y: EncodedFloat[]; spearman: EncodedFloat }[];
  r2: { name: string; y_true: EncodedFloat[]; y_pred: EncodedFloat[]; r2: EncodedFloat }[];
  pca: {
    name: string;
    rows: number;
    cols: number;
    X: EncodedFloat[];
    n_components: number;
    scale: boolean;
    mean: EncodedFloat[];
    components: EncodedFloat[];
    scores: EncodedFloat[];
    explained_variance: EncodedFloat[];
    explained_variance_ratio: EncodedFloat[];
    singular_values: EncodedFloat[];
    noise_variance: EncodedFloat;
  }[];
  regression_data: Record<string, { rows: number; cols: number; X: EncodedFloat[]; y: EncodedFloat[] }>;
  lasso: {
    name: string;
    data: string;
    alpha: number;
    fit_intercept: boolean;
    coef: EncodedFloat[];
    intercept: EncodedFloat;
    n_iter: number;
  }[];
  ridge: {
    name: string;
    data: string;
    alpha: number;
    fit_intercept: boolean;
    coef: EncodedFloat[];
    intercept: EncodedFloat;
  }[];
  logo: {
    rows: number;
    cols: number;
    X: EncodedFloat[];
    y: EncodedFloat[];
    groups: string[];
    alphas: number[];
    ridge_alphas: number[];
    lasso: LogoReference;
    ridge: LogoReference;
  };
}

/** Reference output of the leave-one-group-out CV in the vector script. */
export interface LogoReference {
  predictions: EncodedFloat[];
  chosen_alphas: EncodedFloat[];
  group_labels: string[];
  spearman: EncodedFloat;
  r2: EncodedFloat;
}

/** The parsed vectors (read once per test file). */
export const vectors: AnalysisVectors = loadVectors<AnalysisVectors>("analysis_statistics_vectors");

export { decodeFloat, decodeFloats };

/**
 * Asserts |actual − expected| ≤ relative·|expected| (+ absolute); NaN must match NaN and infinities
 * must be equal. relative = 0 and absolute = 0 demand identical values.
 */
export function expectClose(
  actual: number,
  expected: number,
  relative: number,
  label: string,
  absolute = 0,
): void {
  if (Number.isNaN(expected)) {
    expect(actual, label).toBeNaN();
    return;
  }
  if (!Number.isFinite(expected) || (relative === 0 && absolute === 0)) {
    expect(actual, label).toBe(expected);
    return;
  }
  expect(Math.abs(actual - expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    relative * Math.abs(expected) + absolute,
  );
}

/** {@link expectClose} over two arrays of the same length. */
export function expectAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  relative: number,
  label: string,
  absolute = 0,
): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++)
    expectClose(actual[i], expected[i], relative, `${label}[${i}]`, absolute);
}
