import { createRandom, type SeededRandom } from "../../util/random.js";
import type { Classifier, ClassifierState } from "../classifier.js";
import type { Matrix } from "../matrix.js";
import { dotRange } from "./denseAlgebra.js";
import {
  argmaxClasses,
  checkFiniteMatrix,
  expandProbabilities,
  floatsFromJSON,
  linearDecision,
  presentClasses,
  rowsFromJSON,
  rowsToJSON,
  softmaxRowsInPlace,
} from "./linearModelSupport.js";

/** Hyper-parameters of {@link LinearSVC} (scikit-learn's names in camelCase; only its defaults' loss). */
export interface LinearSVCOptions {
  /** Inverse regularisation strength (default 1). */
  C?: number;
  /** Stop when the projected-gradient spread of a pass is ≤ tol (default 1e-4, liblinear's eps). */
  tol?: number;
  /** Largest number of passes over the rows per class (default 1000, as scikit-learn). */
  maxIter?: number;
  /** Append a constant feature of this value whose (regularised) weight is the intercept (default true). */
  fitIntercept?: boolean;
  /** The constant feature's value (default 1, as scikit-learn). */
  interceptScaling?: number;
  /** Seed of the row order of each pass (default 0). */
  seed?: number;
}

/** How one one-vs-rest problem ended. */
export interface LinearSVCClassReport {
  passes: number;
  converged: boolean;
}

/**
 * Linear support-vector classifier as scikit-learn 1.2's `LinearSVC()` defaults: squared hinge loss,
 * L2 penalty, one-vs-rest, solved in the dual by liblinear's coordinate descent with shrinking
 * (solver L2R_L2LOSS_SVC_DUAL). For each class k it minimises
 * ½‖w̃‖² + C Σᵢ max(0, 1 − yᵢ w̃·x̃ᵢ)² with yᵢ = ±1 (class k or not) and x̃ = (x, interceptScaling):
 * the intercept is the weight of an extra constant feature and is regularised, as in liblinear.
 *
 * Rows are visited in a random order each pass, like liblinear, but drawn from the project's seeded
 * generator (liblinear uses its own, unseeded in scikit-learn's default), so fits are reproducible
 * and weights agree with scikit-learn's to the solver tolerance, not bit for bit. `predictProba`
 * returns softmax(decision values): scores that rank classes, not calibrated probabilities
 * (scikit-learn's LinearSVC has no predict_proba; for two classes it is softmax(−d, d)).
 */
export class LinearSVC implements Classifier {
  readonly kind = "svm" as const;
  readonly options: Required<LinearSVCOptions>;
  classes: Int32Array = new Int32Array(0);
  classCount = 0;
  featureCount = 0;
  /** Weights, one row per one-vs-rest problem (one row for class 1 against class 0 with two classes). */
  coef: Float64Array = new Float64Array(0);
  /** interceptScaling × the constant feature's weight, per row (zeros without fitIntercept). */
  intercept: Float64Array = new Float64Array(0);
  /** Passes and convergence per one-vs-rest problem. */
  reports: LinearSVCClassReport[] = [];

  constructor(options: LinearSVCOptions = {}) {
    const filled: Required<LinearSVCOptions> = {
      C: options.C ?? 1,
      tol: options.tol ?? 1e-4,
      maxIter: options.maxIter ?? 1000,
      fitIntercept: options.fitIntercept ?? true,
      interceptScaling: options.interceptScaling ?? 1,
      seed: options.seed ?? 0,
    };
    if (!(filled.C > 0)) throw new RangeError(`C must be > 0, got ${filled.C}`);
    if (!(filled.tol > 0)) throw new RangeError(`tol must be > 0, got ${filled.tol}`);
    if (!(Number.isInteger(filled.maxIter) && filled.maxIter >= 1))
      throw new RangeError(`maxIter must be an integer ≥ 1, got ${filled.maxIter}`);
    if (!(filled.interceptScaling > 0))
      throw new RangeError(`interceptScaling must be > 0, got ${filled.interceptScaling}`);
    this.options = filled;
  }

  /** Number of weight rows: 1 for two classes, else one per present class. */
  get parameterRows(): number {
    return this.classes.length === 2 ? 1 : this.classes.length;
  }

  /** Fits one squared-hinge SVM per class (one in all for two classes) on finite `X`; returns this. */
  fit(X: Matrix, y: Int32Array, classCount: number): this {
    checkFiniteMatrix("LinearSVC.fit", X);
    const present = presentClasses("LinearSVC", X, y, classCount);
    const random = createRandom(this.options.seed);
    const binary = present.classes.length === 2;
    const rows = binary ? 1 : present.classes.length;
    const cols = X.cols;
    this.coef = new Float64Array(rows * cols);
    this.intercept = new Float64Array(rows);
    this.reports = [];
    const squaredNorms = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) {
      let sum = 0;
      for (let j = 0; j < cols; j++) sum += X.data[i * cols + j] ** 2;
      squaredNorms[i] = sum;
    }
    const signs = new Int8Array(X.rows);
    const weights = new Float64Array(cols + 1);
    for (let k = 0; k < rows; k++) {
      const positive = binary ? 1 : k;
      for (let i = 0; i < X.rows; i++) signs[i] = present.encoded[i] === positive ? 1 : -1;
      const report = this.solveDual(X, signs, squaredNorms, weights, random);
      this.reports.push(report);
      this.coef.set(weights.subarray(0, cols), k * cols);
      this.intercept[k] = this.options.fitIntercept ? weights[cols] * this.options.interceptScaling : 0;
    }
    this.classes = present.classes;
    this.classCount = classCount;
    this.featureCount = cols;
    return this;
  }

  /**
   * liblinear's dual coordinate descent for the L2-regularised squared hinge loss: minimises
   * ½αᵀ(Q + D)α − Σα over α ≥ 0 with Q = (y x̃)(y x̃)ᵀ and D = I/(2C), keeping w = Σ αᵢyᵢx̃ᵢ, with
   * liblinear's shrinking and its stopping rule (projected-gradient spread ≤ tol over the full set).
   * Writes w (features, then the constant feature's weight) into `weights`.
   */
  private solveDual(
    X: Matrix,
    signs: Int8Array,
    squaredNorms: Float64Array,
    weights: Float64Array,
    random: SeededRandom,
  ): LinearSVCClassReport {
    const { rows: l, cols, data } = X;
    const { C, tol, maxIter, fitIntercept, interceptScaling } = this.options;
    const bias = fitIntercept ? interceptScaling : 0;
    const diagonal = 0.5 / C;
    const alpha = new Float64Array(l);
    const qd = new Float64Array(l);
    const index = new Int32Array(l);
    weights.fill(0);
    for (let i = 0; i < l; i++) {
      qd[i] = diagonal + squaredNorms[i] + bias * bias;
      index[i] = i;
    }
    let activeSize = l;
    // The squared hinge has no upper bound on α, so only liblinear's lower-bound shrinking applies.
    let maxOld = Number.POSITIVE_INFINITY;
    let pass = 0;
    let converged = false;
    while (pass < maxIter) {
      let maxNew = Number.NEGATIVE_INFINITY;
      let minNew = Number.POSITIVE_INFINITY;
      for (let i = 0; i < activeSize; i++) {
        const j = i + random.integer(activeSize - i);
        const swap = index[i];
        index[i] = index[j];
        index[j] = swap;
      }
      for (let s = 0; s < activeSize; s++) {
        const i = index[s];
        const yi = signs[i];
        const offset = i * cols;
        const margin = bias * weights[cols] + dotRange(weights, 0, data, offset, cols);
        const gradient = yi * margin - 1 + alpha[i] * diagonal;
        let projected = 0;
        if (alpha[i] === 0) {
          if (gradient > maxOld) {
            // Shrink: at the bound with a gradient pointing outwards; revisit only at the final check.
            activeSize--;
            index[s] = index[activeSize];
            index[activeSize] = i;
            s--;
            continue;
          }
          if (gradient < 0) projected = gradient;
        } else {
          projected = gradient;
        }
        if (projected > maxNew) maxNew = projected;
        if (projected < minNew) minNew = projected;
        if (Math.abs(projected) > 1e-12) {
          const previous = alpha[i];
          alpha[i] = Math.max(previous - gradient / qd[i], 0);
          const change = (alpha[i] - previous) * yi;
          for (let j = 0; j < cols; j++) weights[j] += change * data[offset + j];
          weights[cols] += change * bias;
        }
      }
      pass++;
      if (maxNew - minNew <= tol) {
        if (activeSize === l) {
          converged = true;
          break;
        }
        // Converged on the shrunk set: check once more on all rows before stopping.
        activeSize = l;
        maxOld = Number.POSITIVE_INFINITY;
        continue;
      }
      maxOld = maxNew <= 0 ? Number.POSITIVE_INFINITY : maxNew;
    }
    return { passes: pass, converged };
  }

  /** Decision values W·x + b, rows × weight rows (one column for two classes). */
  decisionFunction(X: Matrix): Float64Array {
    if (this.classCount === 0) throw new Error("LinearSVC is not fitted yet: call fit first");
    checkFiniteMatrix("LinearSVC.decisionFunction", X, this.featureCount);
    return linearDecision(X, this.coef, this.intercept, this.parameterRows);
  }

  /** The class with the largest decision value (for two classes: class 1 when d > 0). */
  predict(X: Matrix): Int32Array {
    const scores = this.decisionFunction(X);
    if (this.classes.length !== 2) return argmaxClasses(scores, X.rows, this.classes);
    return Int32Array.from(scores, (d) => (d > 0 ? this.classes[1] : this.classes[0]));
  }

  /** softmax of the decision values, rows × classCount: ranking scores, not calibrated probabilities. */
  predictProba(X: Matrix): Float64Array {
    const scores = this.decisionFunction(X);
    let present = scores;
    if (this.classes.length === 2) {
      present = new Float64Array(X.rows * 2);
      for (let r = 0; r < X.rows; r++) {
        present[2 * r] = -scores[r];
        present[2 * r + 1] = scores[r];
      }
    }
    softmaxRowsInPlace(present, X.rows, this.classes.length);
    return expandProbabilities(present, X.rows, this.classes, this.classCount);
  }

  /** Options and fitted weights as plain JSON data. */
  toJSON(): ClassifierState {
    const rows = this.parameterRows;
    return {
      kind: this.kind,
      options: { ...this.options },
      fitted:
        this.classCount === 0
          ? {}
          : {
              classCount: this.classCount,
              featureCount: this.featureCount,
              classes: Array.from(this.classes),
              coef: rowsToJSON(this.coef, rows, this.featureCount),
              intercept: Array.from(this.intercept),
              reports: this.reports.map((report) => ({ ...report })),
            },
    };
  }

  /** Rebuilds a model from `toJSON` output; throws on another kind or malformed fields. */
  static fromJSON(state: ClassifierState): LinearSVC {
    if (state?.kind !== "svm")
      throw new RangeError(`expected a model state of kind "svm", got ${state?.kind}`);
    const model = new LinearSVC(state.options as LinearSVCOptions);
    const fitted = state.fitted;
    if (fitted === undefined || fitted.classCount === undefined) return model;
    model.classCount = Number(fitted.classCount);
    model.featureCount = Number(fitted.featureCount);
    model.classes = Int32Array.from(fitted.classes as number[]);
    const rows = model.parameterRows;
    model.coef = rowsFromJSON(fitted.coef, rows, model.featureCount, "coef");
    model.intercept = floatsFromJSON(fitted.intercept, rows, "intercept");
    model.reports = Array.isArray(fitted.reports) ? (fitted.reports as LinearSVCClassReport[]) : [];
    return model;
  }
}
