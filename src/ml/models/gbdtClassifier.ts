import type { Classifier, ClassifierFitOptions, ClassifierState } from "../classifier.js";
import { GradientBoostedTrees, type GradientBoostedTreesOptions } from "../gbdt/gradientBoostedTrees.js";
import type { Matrix } from "../matrix.js";
import { parseXGBoostModel, stringifyXGBoostModel } from "../xgboost/xgboostModelJson.js";

/** GBDT hyper-parameters for classification (the objective follows the class count). */
export type GbdtClassifierOptions = Omit<
  GradientBoostedTreesOptions,
  "objective" | "numClass" | "featureNames"
>;

/**
 * Gradient-boosted trees as a Classifier, like XGBoost's XGBClassifier: binary:logistic for two
 * classes, multi:softprob otherwise. Uses the validation set for early stopping when
 * `earlyStoppingRounds` is set. The fitted model is stored in XGBoost's JSON format.
 */
export class GbdtClassifier implements Classifier {
  readonly kind = "gbdt";
  private model: GradientBoostedTrees | null = null;
  private classCount = 0;

  constructor(readonly options: GbdtClassifierOptions = {}) {}

  fit(X: Matrix, y: Int32Array, classCount: number, options: ClassifierFitOptions = {}): this {
    this.classCount = classCount;
    const binary = classCount === 2;
    this.model = new GradientBoostedTrees({
      ...this.options,
      objective: binary ? "binary:logistic" : "multi:softprob",
      numClass: binary ? undefined : classCount,
    });
    const validation =
      options.validation && this.options.earlyStoppingRounds ? options.validation : undefined;
    this.model.fit(
      X,
      Float64Array.from(y),
      validation ? { validation: { X: validation.X, y: Float64Array.from(validation.y) } } : {},
    );
    return this;
  }

  predict(X: Matrix): Int32Array {
    const probabilities = this.predictProba(X);
    const predicted = new Int32Array(X.rows);
    for (let r = 0; r < X.rows; r++) {
      let best = 0;
      for (let c = 1; c < this.classCount; c++) {
        if (probabilities[r * this.classCount + c] > probabilities[r * this.classCount + best]) best = c;
      }
      predicted[r] = best;
    }
    return predicted;
  }

  predictProba(X: Matrix): Float64Array {
    return this.fitted().predictProba(X);
  }

  /** The underlying booster (for TreeSHAP, gain importance, XGBoost export). */
  fitted(): GradientBoostedTrees {
    if (!this.model) throw new Error("GbdtClassifier: fit the model first");
    return this.model;
  }

  toJSON(): ClassifierState {
    return {
      kind: "gbdt",
      options: { ...this.options },
      fitted: {
        classCount: this.classCount,
        // Kept as XGBoost's own JSON text: re-serialising parsed JSON would print 1.0 as 1, which
        // XGBoost's loader rejects as an integer where it expects a number.
        xgboost: stringifyXGBoostModel(this.fitted().ensemble),
      },
    };
  }

  /** Rebuilds a fitted classifier from `toJSON` output. */
  static fromJSON(state: ClassifierState): GbdtClassifier {
    const classifier = new GbdtClassifier(state.options as GbdtClassifierOptions);
    classifier.classCount = Number(state.fitted.classCount);
    classifier.model = GradientBoostedTrees.fromEnsemble(parseXGBoostModel(state.fitted.xgboost as string));
    return classifier;
  }
}
