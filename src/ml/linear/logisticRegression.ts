import type { Classifier, ClassifierState } from "../classifier.js";
import type { Matrix } from "../matrix.js";
import { type LbfgsStatus, minimizeLbfgs } from "./lbfgs.js";
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
import { minimizeOwlqn } from "./owlqn.js";
import { SoftmaxLoss } from "./softmaxLoss.js";

/** Hyper-parameters of {@link LogisticRegression} (scikit-learn's names in camelCase). */
export interface LogisticRegressionOptions {
  /** "l2" (default; scikit-learn's lbfgs solver), "l1" (the objective of its saga solver) or "none". */
  penalty?: "l2" | "l1" | "none";
  /** Inverse regularisation strength: the penalty is ‖W‖²/(2C) or ‖W‖₁/C (default 1). */
  C?: number;
  /** Largest number of solver iterations (default 100, as scikit-learn). */
  maxIter?: number;
  /** Stop when the largest |(pseudo-)gradient| entry is ≤ tol (default 1e-4, as scikit-learn's lbfgs). */
  tol?: number;
  /** Fit an unpenalised intercept per class (default true). */
  fitIntercept?: boolean;
  /**
   * "auto" (default, scikit-learn's): multinomial for 3+ classes, the binomial model for 2;
   * "multinomial": one parameter row per class even for 2 classes.
   */
  multiClass?: "auto" | "multinomial";
  /** Recorded for the Classifier contract; both solvers are deterministic and draw nothing (default 0). */
  seed?: number;
}

/** Relative objective reduction below which the L1 solver stops (twice in a row); far below saga's tolerance. */
const L1_RELATIVE_REDUCTION = 1e-12;

/**
 * Multinomial logistic regression as scikit-learn 1.2's `LogisticRegression`: minimises
 * Σᵢ −log softmax(W·xᵢ + b)[yᵢ] + penalty with an unpenalised intercept.
 *
 * - penalty "l2": ‖W‖²/(2C), solved by L-BFGS with the control flow and stopping rules of SciPy's
 *   L-BFGS-B as scikit-learn's default lbfgs solver calls it (maxiter = maxIter, gtol = tol), from zero.
 * - penalty "l1": ‖W‖₁/C, the objective scikit-learn's saga solver minimises, solved here
 *   deterministically by OWL-QN to a tight tolerance (saga is stochastic and stops loosely, so only
 *   the optimum is shared, not the path). `maxIter` counts OWL-QN iterations.
 * - Two classes with multiClass "auto": scikit-learn's binomial model (one weight row for class 1;
 *   class 0's logit fixed at 0) and probabilities [1 − σ(z), σ(z)], exactly what `LogisticRegression()`
 *   fits on binary labels. multiClass "multinomial" keeps two symmetric rows instead; that optimum
 *   differs from the binomial one, as in scikit-learn.
 *
 * Classes absent from the training rows get probability 0. NaN or ±∞ in X throws (impute first).
 */
export class LogisticRegression implements Classifier {
  readonly kind = "lr" as const;
  readonly options: Required<LogisticRegressionOptions>;
  /** Present classes (original indices, ascending); empty before fit. */
  classes: Int32Array = new Int32Array(0);
  classCount = 0;
  featureCount = 0;
  /** True when the model has one row for class 1 against class 0 (binary, multiClass "auto"). */
  binomial = false;
  /** Weights, parameter rows × features (row k belongs to classes[k], or to classes[1] when binomial). */
  coef: Float64Array = new Float64Array(0);
  /** Intercept per parameter row (zeros without fitIntercept). */
  intercept: Float64Array = new Float64Array(0);
  /** Solver iterations used by the last fit. */
  iterations = 0;
  /** Why the solver stopped ("max-iterations" is scikit-learn's ConvergenceWarning case). */
  status: LbfgsStatus | "" = "";
  /** The minimised objective (data term plus penalty) at the solution. */
  objectiveValue = Number.NaN;

  constructor(options: LogisticRegressionOptions = {}) {
    const filled: Required<LogisticRegressionOptions> = {
      penalty: options.penalty ?? "l2",
      C: options.C ?? 1,
      maxIter: options.maxIter ?? 100,
      tol: options.tol ?? 1e-4,
      fitIntercept: options.fitIntercept ?? true,
      multiClass: options.multiClass ?? "auto",
      seed: options.seed ?? 0,
    };
    if (!["l2", "l1", "none"].includes(filled.penalty))
      throw new RangeError(`penalty must be "l2", "l1" or "none", got ${JSON.stringify(filled.penalty)}`);
    if (!(filled.C > 0)) throw new RangeError(`C must be > 0, got ${filled.C}`);
    if (!(Number.isInteger(filled.maxIter) && filled.maxIter >= 1))
      throw new RangeError(`maxIter must be an integer ≥ 1, got ${filled.maxIter}`);
    if (!(filled.tol >= 0)) throw new RangeError(`tol must be ≥ 0, got ${filled.tol}`);
    if (filled.multiClass !== "auto" && filled.multiClass !== "multinomial")
      throw new RangeError(
        `multiClass must be "auto" or "multinomial", got ${JSON.stringify(filled.multiClass)}`,
      );
    this.options = filled;
  }

  /** Number of weight rows: 1 for the binomial model, else one per present class. */
  get parameterRows(): number {
    return this.binomial ? 1 : this.classes.length;
  }

  /** Fits the weights on `X` (finite values) and classes `y` in [0, classCount); returns this. */
  fit(X: Matrix, y: Int32Array, classCount: number): this {
    checkFiniteMatrix("LogisticRegression.fit", X);
    const present = presentClasses("LogisticRegression", X, y, classCount);
    const { penalty, C, maxIter, tol, fitIntercept, multiClass } = this.options;
    const binomial = present.classes.length === 2 && multiClass === "auto";
    const loss = new SoftmaxLoss(X, present.encoded, present.classes.length, binomial, fitIntercept);
    const start = new Float64Array(loss.size);
    let result: ReturnType<typeof minimizeLbfgs>;
    if (penalty === "l1") {
      const l1 = new Float64Array(loss.size);
      for (let i = 0; i < l1.length; i++) l1[i] = loss.isWeight(i) ? 1 / C : 0;
      result = minimizeOwlqn((w, g) => loss.valueAndGradient(w, g), start, l1, {
        maxIterations: maxIter,
        gradientTolerance: tol,
        relativeReduction: L1_RELATIVE_REDUCTION,
      });
    } else {
      const strength = penalty === "l2" ? 1 / C : 0;
      result = minimizeLbfgs((w, g) => loss.valueAndGradient(w, g) + loss.addL2(w, g, strength), start, {
        maxIterations: maxIter,
        gradientTolerance: tol,
      });
    }
    this.classes = present.classes;
    this.classCount = classCount;
    this.featureCount = X.cols;
    this.binomial = binomial;
    const rows = loss.parameterRows;
    const cols = X.cols;
    this.coef = new Float64Array(rows * cols);
    this.intercept = new Float64Array(rows);
    for (let k = 0; k < rows; k++) {
      this.coef.set(result.x.subarray(k * loss.rowLength, k * loss.rowLength + cols), k * cols);
      if (fitIntercept) this.intercept[k] = result.x[k * loss.rowLength + cols];
    }
    this.iterations = result.iterations;
    this.status = result.status;
    this.objectiveValue = result.value;
    return this;
  }

  /** Decision values W·x + b, rows × parameter rows (one column for the binomial model). */
  decisionFunction(X: Matrix): Float64Array {
    this.checkFitted();
    checkFiniteMatrix("LogisticRegression.decisionFunction", X, this.featureCount);
    return linearDecision(X, this.coef, this.intercept, this.parameterRows);
  }

  /** The most probable class of each row (original class indices). */
  predict(X: Matrix): Int32Array {
    const scores = this.decisionFunction(X);
    if (!this.binomial) return argmaxClasses(scores, X.rows, this.classes);
    return Int32Array.from(scores, (z) => (z > 0 ? this.classes[1] : this.classes[0]));
  }

  /** Class probabilities, rows × classCount; 0 for classes absent from training. */
  predictProba(X: Matrix): Float64Array {
    const scores = this.decisionFunction(X);
    const width = this.classes.length;
    let present: Float64Array;
    if (this.binomial) {
      present = new Float64Array(X.rows * 2);
      for (let r = 0; r < X.rows; r++) {
        const p = expit(scores[r]);
        present[2 * r] = 1 - p;
        present[2 * r + 1] = p;
      }
    } else {
      present = scores;
      softmaxRowsInPlace(present, X.rows, width);
    }
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
              binomial: this.binomial,
              coef: rowsToJSON(this.coef, rows, this.featureCount),
              intercept: Array.from(this.intercept),
              iterations: this.iterations,
              status: this.status,
              objectiveValue: this.objectiveValue,
            },
    };
  }

  /** Rebuilds a model from `toJSON` output; throws on another kind or malformed fields. */
  static fromJSON(state: ClassifierState): LogisticRegression {
    if (state?.kind !== "lr") throw new RangeError(`expected a model state of kind "lr", got ${state?.kind}`);
    const model = new LogisticRegression(state.options as LogisticRegressionOptions);
    const fitted = state.fitted;
    if (fitted === undefined || fitted.classCount === undefined) return model;
    model.classCount = Number(fitted.classCount);
    model.featureCount = Number(fitted.featureCount);
    model.classes = Int32Array.from(fitted.classes as number[]);
    model.binomial = Boolean(fitted.binomial);
    const rows = model.parameterRows;
    model.coef = rowsFromJSON(fitted.coef, rows, model.featureCount, "coef");
    model.intercept = floatsFromJSON(fitted.intercept, rows, "intercept");
    model.iterations = Number(fitted.iterations ?? 0);
    model.status = (fitted.status as LbfgsStatus) ?? "";
    model.objectiveValue = Number(fitted.objectiveValue ?? Number.NaN);
    return model;
  }

  private checkFitted(): void {
    if (this.classCount === 0) throw new Error("LogisticRegression is not fitted yet: call fit first");
  }
}
