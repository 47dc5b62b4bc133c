import { singularValueDecomposition } from "../../ml/linear/denseAlgebra.js";
import type { Matrix } from "../../ml/matrix.js";
import { StandardScaler } from "../../ml/preprocessing/standardScaler.js";
import { centredCrossProduct } from "./centredCrossProduct.js";

/** Options of {@link PCA} / {@link pca}. */
export interface PcaOptions {
  /** Number of principal components to keep (default 2, at most min(rows, columns)). */
  components?: number;
  /** Subtract the column means first (default true; false treats the data as already centred). */
  center?: boolean;
  /** Divide each column by its standard deviation first, as scikit-learn's `StandardScaler` (default false). */
  scale?: boolean;
}

/**
 * Up to this many matrix entries the SVD runs on the centred data itself (most accurate); above
 * it on the p × p cross-product matrix, so a million cells never need a second copy of the table.
 */
const DIRECT_SVD_LIMIT = 4_000_000;

/**
 * Principal component analysis as scikit-learn 1.2's `PCA(svd_solver="full")`: components,
 * scores, explained variance (divisor n − 1) and its ratio, singular values and the probabilistic
 * PCA noise variance, with scikit-learn's `svd_flip` sign convention (the largest |score| of each
 * component is positive), so results agree with scikit-learn to ~1e-10. The data must be free of
 * NaN (scikit-learn raises too).
 */
export class PCA {
  readonly componentCount: number;
  readonly center: boolean;
  readonly scale: boolean;
  /** k × p: row c is the unit-length direction of component c (scikit-learn's `components_`). */
  components: Matrix | null = null;
  /** Variance along each component (S² / (n − 1)), largest first. */
  explainedVariance: Float64Array | null = null;
  /** Share of the total variance each component explains. */
  explainedVarianceRatio: Float64Array | null = null;
  /** Singular values of the centred (and scaled) data for the kept components. */
  singularValues: Float64Array | null = null;
  /** Column means subtracted before projecting, of the scaled columns when `scale` (zeros when `center` is false). */
  mean: Float64Array | null = null;
  /** Column divisors applied before projecting (null unless `scale`). */
  columnScale: Float64Array | null = null;
  /** Mean variance of the discarded components (0 when none are discarded). */
  noiseVariance = Number.NaN;

  constructor(options: PcaOptions = {}) {
    this.componentCount = options.components ?? 2;
    this.center = options.center ?? true;
    this.scale = options.scale ?? false;
    if (!Number.isInteger(this.componentCount) || this.componentCount < 1)
      throw new RangeError(`components must be a whole number ≥ 1, got ${this.componentCount}`);
  }

  /** Fits the components to X (rows = samples) and returns this; throws on NaN or too few rows/columns. */
  fit(X: Matrix): this {
    this.fitScores(X);
    return this;
  }

  /** Fits and returns the n × k scores of X (scikit-learn's `fit_transform`). */
  fitTransform(X: Matrix): Matrix {
    return this.fitScores(X);
  }

  /** Projects new rows onto the fitted components: (x / columnScale − mean) · componentsᵀ, n × k. */
  transform(X: Matrix): Matrix {
    const components = this.components;
    const mean = this.mean;
    if (components === null || mean === null) throw new Error("PCA.transform called before fit");
    if (X.cols !== components.cols)
      throw new RangeError(`PCA was fitted on ${components.cols} columns, got ${X.cols}`);
    const prepared = this.prepare(X, false);
    return project(prepared, mean, components);
  }

  private prepare(X: Matrix, fitting: boolean): Matrix {
    for (let i = 0; i < X.data.length; i++)
      if (!Number.isFinite(X.data[i])) throw new RangeError("PCA input contains NaN or infinite values");
    if (!this.scale) return X;
    if (fitting) {
      const scaler = new StandardScaler({ withMean: false, withStd: true }).fit(X);
      this.columnScale = scaler.scale;
    }
    const divisors = this.columnScale!;
    const data = new Float64Array(X.data);
    for (let r = 0; r < X.rows; r++) for (let j = 0; j < X.cols; j++) data[r * X.cols + j] /= divisors[j];
    return { data, rows: X.rows, cols: X.cols };
  }

  private fitScores(X: Matrix): Matrix {
    const { rows: n, cols: p } = X;
    const k = this.componentCount;
    if (k > Math.min(n, p))
      throw new RangeError(`components = ${k} must be ≤ min(rows, columns) = ${Math.min(n, p)}`);
    if (n < 2) throw new RangeError("PCA needs at least two rows");
    this.columnScale = null;
    const Z = this.prepare(X, true);
    const mean = new Float64Array(p);
    if (this.center) {
      for (let r = 0; r < n; r++) for (let j = 0; j < p; j++) mean[j] += Z.data[r * p + j];
      for (let j = 0; j < p; j++) mean[j] /= n;
    }
    const { values, vectors } = principalAxes(Z, mean);
    const rank = values.length;
    // Components as rows (k × p), taken from the p × rank column layout of the SVD kernel.
    const components = new Float64Array(k * p);
    for (let c = 0; c < k; c++) for (let j = 0; j < p; j++) components[c * p + j] = vectors[j * rank + c];
    const componentMatrix: Matrix = { data: components, rows: k, cols: p };
    const scores = project(Z, mean, componentMatrix);
    // svd_flip (u-based): the entry of largest magnitude in each score column becomes positive.
    for (let c = 0; c < k; c++) {
      let best = 0;
      let bestIndex = 0;
      for (let r = 0; r < n; r++) {
        const magnitude = Math.abs(scores.data[r * k + c]);
        if (magnitude > best) {
          best = magnitude;
          bestIndex = r;
        }
      }
      if (scores.data[bestIndex * k + c] < 0) {
        for (let r = 0; r < n; r++) scores.data[r * k + c] = -scores.data[r * k + c];
        for (let j = 0; j < p; j++) components[c * p + j] = -components[c * p + j];
      }
    }
    const allVariances = Float64Array.from(values, (s) => (s * s) / (n - 1));
    let total = 0;
    for (const v of allVariances) total += v;
    this.components = componentMatrix;
    this.mean = mean;
    this.singularValues = values.slice(0, k);
    this.explainedVariance = allVariances.slice(0, k);
    this.explainedVarianceRatio = Float64Array.from(this.explainedVariance, (v) => v / total);
    // scikit-learn averages over min(n, p) variances; the SVD here returns exactly that many.
    let noise = 0;
    for (let c = k; c < rank; c++) noise += allVariances[c];
    this.noiseVariance = k < rank ? noise / (rank - k) : 0;
    return scores;
  }
}

/**
 * Singular values (descending, min(n, p) of them) and right singular vectors (p × min(n, p),
 * column c for value c) of the centred matrix Z − mean.
 */
function principalAxes(Z: Matrix, mean: Float64Array): { values: Float64Array; vectors: Float64Array } {
  const { rows: n, cols: p } = Z;
  if (n * p <= DIRECT_SVD_LIMIT || n < p) {
    const centred = new Float64Array(n * p);
    for (let r = 0; r < n; r++) for (let j = 0; j < p; j++) centred[r * p + j] = Z.data[r * p + j] - mean[j];
    const svd = singularValueDecomposition(centred, n, p);
    return { values: svd.values, vectors: svd.rightVectors };
  }
  // Tall data: the eigenvectors of the cross-product (Z − mean)ᵀ(Z − mean) are the right singular
  // vectors, its eigenvalues (= its singular values, being positive semi-definite) the squares.
  const cross = centredCrossProduct(Z, mean);
  const svd = singularValueDecomposition(cross, p, p);
  return { values: Float64Array.from(svd.values, Math.sqrt), vectors: svd.rightVectors };
}

/** n × k scores ((x − mean) · componentsᵀ) of the rows of Z. */
function project(Z: Matrix, mean: Float64Array, components: Matrix): Matrix {
  const { rows: n, cols: p } = Z;
  const k = components.rows;
  const scores = new Float64Array(n * k);
  const row = new Float64Array(p);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < p; j++) row[j] = Z.data[r * p + j] - mean[j];
    for (let c = 0; c < k; c++) {
      let sum = 0;
      const offset = c * p;
      for (let j = 0; j < p; j++) sum += row[j] * components.data[offset + j];
      scores[r * k + c] = sum;
    }
  }
  return { data: scores, rows: n, cols: k };
}

/** Result of {@link pca}: the fitted model and the scores of the fitted rows. */
export interface PcaResult {
  model: PCA;
  /** n × k principal component scores. */
  scores: Matrix;
}

/** Fits a {@link PCA} to X and returns it with the scores (a one-call form of `new PCA(options).fitTransform(X)`). */
export function pca(X: Matrix, options: PcaOptions = {}): PcaResult {
  const model = new PCA(options);
  const scores = model.fitTransform(X);
  return { model, scores };
}
