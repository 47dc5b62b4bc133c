import type { Classifier, ClassifierState } from "../classifier.js";
import type { Matrix } from "../matrix.js";
import { multiply, singularValueDecomposition } from "./denseAlgebra.js";
import {
  argmaxClasses,
  checkFiniteMatrix,
  expandProbabilities,
  expit,
  floatsFromJSON,
  linearDecision,
  presentClasses,
  rowsFromJSON,
  rowsToJSON,
  softmaxRowsInPlace,
} from "./linearModelSupport.js";

/** Hyper-parameters of {@link LinearDiscriminantAnalysis} (scikit-learn's "svd" solver). */
export interface LinearDiscriminantAnalysisOptions {
  /** Singular values ≤ tol (of the scaled within-class data) are treated as zero (default 1e-4). */
  tol?: number;
  /** Class priors over the present classes in ascending class order (default: class frequencies). */
  priors?: number[] | null;
}

/**
 * Linear discriminant analysis as scikit-learn 1.2's `LinearDiscriminantAnalysis()` (solver "svd"):
 * class means, within-class data scaled per feature by its standard deviation, an SVD whose singular
 * values above `tol` span the within-class space, a second SVD of the prior-weighted class centres
 * in that space, then coefficients coef = (μ − x̄)·S·Sᵀ and intercepts −½‖(μ − x̄)S‖² + log prior − x̄·coef.
 * Probabilities are softmax of the decision values (σ(d) for two classes, with one coefficient row
 * class 1 − class 0, as scikit-learn). The SVDs are one-sided Jacobi (after Householder QR), so results
 * match SciPy's LAPACK to rounding. Classes absent from the training rows get probability 0.
 */
export class LinearDiscriminantAnalysis implements Classifier {
  readonly kind = "lda" as const;
  readonly options: { tol: number; priors: number[] | null };
  classes: Int32Array = new Int32Array(0);
  classCount = 0;
  featureCount = 0;
  /** Priors of the present classes. */
  priors: Float64Array = new Float64Array(0);
  /** Class means, present classes × features. */
  means: Float64Array = new Float64Array(0);
  /** Overall mean Σ prior·mean. */
  overallMean: Float64Array = new Float64Array(0);
  /** Projection onto the discriminant directions, features × components (scikit-learn's scalings_). */
  scalings: Float64Array = new Float64Array(0);
  components = 0;
  /** Share of between-class variance per discriminant direction (first min(classes − 1, features)). */
  explainedVarianceRatio: Float64Array = new Float64Array(0);
  /** Weights, rows × features: one row per present class, or class 1 − class 0 for two classes. */
  coef: Float64Array = new Float64Array(0);
  intercept: Float64Array = new Float64Array(0);

  constructor(options: LinearDiscriminantAnalysisOptions = {}) {
    const tol = options.tol ?? 1e-4;
    if (!(tol >= 0)) throw new RangeError(`tol must be ≥ 0, got ${tol}`);
    this.options = { tol, priors: options.priors ? [...options.priors] : null };
  }

  /** Number of weight rows: 1 for two classes, else one per present class. */
  get parameterRows(): number {
    return this.classes.length === 2 ? 1 : this.classes.length;
  }

  /** Fits on finite `X` and classes `y` in [0, classCount); throws when rows ≤ present classes. */
  fit(X: Matrix, y: Int32Array, classCount: number): this {
    checkFiniteMatrix("LinearDiscriminantAnalysis.fit", X);
    const present = presentClasses("LinearDiscriminantAnalysis", X, y, classCount);
    const { rows: n, cols: p, data } = X;
    const g = present.classes.length;
    if (n === g) throw new RangeError("LinearDiscriminantAnalysis needs more rows than classes");
    const priors = this.resolvePriors(present.counts, n);

    // Class means: sums in row order divided by counts, as scikit-learn's np.add.at / bincount.
    const means = new Float64Array(g * p);
    for (let i = 0; i < n; i++) {
      const k = present.encoded[i];
      for (let j = 0; j < p; j++) means[k * p + j] += data[i * p + j];
    }
    for (let k = 0; k < g; k++) for (let j = 0; j < p; j++) means[k * p + j] /= present.counts[k];
    const overallMean = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      let sum = 0;
      for (let k = 0; k < g; k++) sum += priors[k] * means[k * p + j];
      overallMean[j] = sum;
    }

    // Within-class centred rows, grouped by class as scikit-learn concatenates them.
    const centred = new Float64Array(n * p);
    let target = 0;
    for (let k = 0; k < g; k++) {
      for (let i = 0; i < n; i++) {
        if (present.encoded[i] !== k) continue;
        for (let j = 0; j < p; j++) centred[target * p + j] = data[i * p + j] - means[k * p + j];
        target++;
      }
    }
    const std = columnStd(centred, n, p);
    const within = Math.sqrt(1 / (n - g));
    for (let i = 0; i < n; i++)
      for (let j = 0; j < p; j++) centred[i * p + j] = within * (centred[i * p + j] / std[j]);
    const first = singularValueDecomposition(centred, n, p);
    const k1 = first.values.length;
    let rank = 0;
    while (rank < k1 && first.values[rank] > this.options.tol) rank++;
    // scalings = (V_r / std) / S_r: features × rank.
    const scalings = new Float64Array(p * rank);
    for (let j = 0; j < p; j++)
      for (let c = 0; c < rank; c++)
        scalings[j * rank + c] = first.rightVectors[j * k1 + c] / std[j] / first.values[c];

    // Between-class centres in the whitened space, weighted by √(n·prior/(g − 1)).
    const factor = g === 1 ? 1 : 1 / (g - 1);
    const centres = new Float64Array(g * p);
    for (let k = 0; k < g; k++) {
      const weight = Math.sqrt(n * priors[k] * factor);
      for (let j = 0; j < p; j++) centres[k * p + j] = weight * (means[k * p + j] - overallMean[j]);
    }
    const projected = multiply(centres, scalings, g, p, rank);
    const second = singularValueDecomposition(projected, g, rank);
    const k2 = second.values.length;
    let squares = 0;
    for (let c = 0; c < k2; c++) squares += second.values[c] ** 2;
    const maxComponents = Math.min(g - 1, p);
    this.explainedVarianceRatio = Float64Array.from(
      second.values.subarray(0, maxComponents),
      (s) => (s * s) / squares,
    );
    let components = 0;
    while (components < k2 && second.values[components] > this.options.tol * second.values[0]) components++;
    const rotation = new Float64Array(rank * components);
    for (let r = 0; r < rank; r++)
      for (let c = 0; c < components; c++) rotation[r * components + c] = second.rightVectors[r * k2 + c];
    const finalScalings = multiply(scalings, rotation, p, rank, components);

    const centredMeans = new Float64Array(g * p);
    for (let k = 0; k < g; k++)
      for (let j = 0; j < p; j++) centredMeans[k * p + j] = means[k * p + j] - overallMean[j];
    const projectedMeans = multiply(centredMeans, finalScalings, g, p, components);
    const transposed = new Float64Array(components * p);
    for (let j = 0; j < p; j++)
      for (let c = 0; c < components; c++) transposed[c * p + j] = finalScalings[j * components + c];
    let coef = multiply(projectedMeans, transposed, g, components, p);
    let intercept = new Float64Array(g);
    for (let k = 0; k < g; k++) {
      let squared = 0;
      for (let c = 0; c < components; c++) squared += projectedMeans[k * components + c] ** 2;
      let shift = 0;
      for (let j = 0; j < p; j++) shift += overallMean[j] * coef[k * p + j];
      intercept[k] = -0.5 * squared + Math.log(priors[k]) - shift;
    }
    if (g === 2) {
      const difference = new Float64Array(p);
      for (let j = 0; j < p; j++) difference[j] = coef[p + j] - coef[j];
      coef = difference;
      intercept = Float64Array.of(intercept[1] - intercept[0]);
    }

    this.classes = present.classes;
    this.classCount = classCount;
    this.featureCount = p;
    this.priors = priors;
    this.means = means;
    this.overallMean = overallMean;
    this.scalings = finalScalings;
    this.components = components;
    this.coef = coef;
    this.intercept = intercept;
    return this;
  }

  private resolvePriors(counts: Float64Array, n: number): Float64Array {
    const given = this.options.priors;
    if (given === null) return Float64Array.from(counts, (count) => count / n);
    if (given.length !== counts.length)
      throw new RangeError(`priors has ${given.length} entries for ${counts.length} present classes`);
    if (given.some((prior) => prior < 0)) throw new RangeError("priors must be non-negative");
    const total = given.reduce((sum, prior) => sum + prior, 0);
    // scikit-learn renormalises (with a warning) when the priors do not sum to 1 within 1e-5.
    return Float64Array.from(given, (prior) => (Math.abs(total - 1) > 1e-5 ? prior / total : prior));
  }

  /** Decision values X·coefᵀ + intercept (one column for two classes). */
  decisionFunction(X: Matrix): Float64Array {
    if (this.classCount === 0)
      throw new Error("LinearDiscriminantAnalysis is not fitted yet: call fit first");
    checkFiniteMatrix("LinearDiscriminantAnalysis.decisionFunction", X, this.featureCount);
    return linearDecision(X, this.coef, this.intercept, this.parameterRows);
  }

  /** The most probable class of each row. */
  predict(X: Matrix): Int32Array {
    const scores = this.decisionFunction(X);
    if (this.classes.length !== 2) return argmaxClasses(scores, X.rows, this.classes);
    return Int32Array.from(scores, (d) => (d > 0 ? this.classes[1] : this.classes[0]));
  }

  /** Posterior class probabilities, rows × classCount (0 for classes absent from training). */
  predictProba(X: Matrix): Float64Array {
    const scores = this.decisionFunction(X);
    let present = scores;
    if (this.classes.length === 2) {
      present = new Float64Array(X.rows * 2);
      for (let r = 0; r < X.rows; r++) {
        const p = expit(scores[r]);
        present[2 * r] = 1 - p;
        present[2 * r + 1] = p;
      }
    } else {
      softmaxRowsInPlace(present, X.rows, this.classes.length);
    }
    return expandProbabilities(present, X.rows, this.classes, this.classCount);
  }

  /** Rows projected onto the discriminant directions: (X − x̄)·scalings, first min(classes − 1, features) columns. */
  transform(X: Matrix): Matrix {
    if (this.classCount === 0)
      throw new Error("LinearDiscriminantAnalysis is not fitted yet: call fit first");
    checkFiniteMatrix("LinearDiscriminantAnalysis.transform", X, this.featureCount);
    const p = this.featureCount;
    const width = Math.min(this.components, this.classes.length - 1, p);
    const out = new Float64Array(X.rows * width);
    for (let i = 0; i < X.rows; i++) {
      for (let c = 0; c < width; c++) {
        let sum = 0;
        for (let j = 0; j < p; j++)
          sum += (X.data[i * p + j] - this.overallMean[j]) * this.scalings[j * this.components + c];
        out[i * width + c] = sum;
      }
    }
    return { data: out, rows: X.rows, cols: width };
  }

  /** Options and fitted parameters as plain JSON data. */
  toJSON(): ClassifierState {
    const g = this.classes.length;
    return {
      kind: this.kind,
      options: { tol: this.options.tol, priors: this.options.priors },
      fitted:
        this.classCount === 0
          ? {}
          : {
              classCount: this.classCount,
              featureCount: this.featureCount,
              classes: Array.from(this.classes),
              priors: Array.from(this.priors),
              means: rowsToJSON(this.means, g, this.featureCount),
              overallMean: Array.from(this.overallMean),
              components: this.components,
              scalings: rowsToJSON(this.scalings, this.featureCount, this.components),
              explainedVarianceRatio: Array.from(this.explainedVarianceRatio),
              coef: rowsToJSON(this.coef, this.parameterRows, this.featureCount),
              intercept: Array.from(this.intercept),
            },
    };
  }

  /** Rebuilds a model from `toJSON` output; throws on another kind or malformed fields. */
  static fromJSON(state: ClassifierState): LinearDiscriminantAnalysis {
    if (state?.kind !== "lda")
      throw new RangeError(`expected a model state of kind "lda", got ${state?.kind}`);
    const model = new LinearDiscriminantAnalysis(state.options as LinearDiscriminantAnalysisOptions);
    const fitted = state.fitted;
    if (fitted === undefined || fitted.classCount === undefined) return model;
    model.classCount = Number(fitted.classCount);
    const p = Number(fitted.featureCount);
    model.featureCount = p;
    model.classes = Int32Array.from(fitted.classes as number[]);
    const g = model.classes.length;
    model.priors = floatsFromJSON(fitted.priors, g, "priors");
    model.means = rowsFromJSON(fitted.means, g, p, "means");
    model.overallMean = floatsFromJSON(fitted.overallMean, p, "overallMean");
    model.components = Number(fitted.components);
    model.scalings = rowsFromJSON(fitted.scalings, p, model.components, "scalings");
    model.explainedVarianceRatio = Float64Array.from((fitted.explainedVarianceRatio as number[]) ?? []);
    model.coef = rowsFromJSON(fitted.coef, model.parameterRows, p, "coef");
    model.intercept = floatsFromJSON(fitted.intercept, model.parameterRows, "intercept");
    return model;
  }
}

/** Population standard deviation per column of a row-major matrix (NumPy's two-pass std); 0 becomes 1. */
function columnStd(values: Float64Array, rows: number, cols: number): Float64Array {
  const mean = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j] += values[i * cols + j];
  for (let j = 0; j < cols; j++) mean[j] /= rows;
  const squares = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const deviation = values[i * cols + j] - mean[j];
      squares[j] += deviation * deviation;
    }
  }
  // Exactly zero only: scikit-learn replaces std == 0, not near-zero values.
  return Float64Array.from(squares, (sum) => {
    const std = Math.sqrt(sum / rows);
    return std === 0 ? 1 : std;
  });
}
