import type { Classifier, ClassifierKind, ClassifierState } from "../classifier.js";
import { RandomForest } from "../forest/randomForest.js";
import { LinearDiscriminantAnalysis } from "../linear/lda.js";
import { LinearSVC } from "../linear/linearSvc.js";
import { LogisticRegression } from "../linear/logisticRegression.js";
import { GbdtClassifier } from "./gbdtClassifier.js";

/** The classifier kinds of `scifai train --model`, with what they are. */
export const CLASSIFIER_KINDS: Readonly<Record<ClassifierKind, string>> = {
  gbdt: "gradient-boosted trees (XGBoost semantics; the paper's best model)",
  lr: "multinomial logistic regression (L2; penalty l1 with --model-options)",
  rf: "random forest",
  svm: "linear support-vector machine (LinearSVC)",
  lda: "linear discriminant analysis",
};

/** A new, unfitted classifier of `kind` with hyper-parameters `options` (model defaults otherwise). */
export function createClassifier(
  kind: ClassifierKind,
  options: Record<string, unknown> = {},
  seed = 0,
): Classifier {
  switch (kind) {
    case "gbdt":
      return new GbdtClassifier({ seed, ...options });
    case "lr":
      return new LogisticRegression({ seed, ...options });
    case "rf":
      return new RandomForest({ seed, ...options });
    case "svm":
      return new LinearSVC({ seed, ...options });
    case "lda":
      return new LinearDiscriminantAnalysis(options);
  }
}

/** Rebuilds a fitted classifier from the `model` entry of a model file. */
export function classifierFromState(state: ClassifierState): Classifier {
  switch (state.kind) {
    case "gbdt":
      return GbdtClassifier.fromJSON(state);
    case "lr":
      return LogisticRegression.fromJSON(state);
    case "rf":
      return RandomForest.fromJSON(state);
    case "svm":
      return LinearSVC.fromJSON(state);
    case "lda":
      return LinearDiscriminantAnalysis.fromJSON(state);
    default:
      throw new Error(`unknown classifier kind '${String((state as { kind: unknown }).kind)}'`);
  }
}

/** Checks a `--model` value. */
export function isClassifierKind(kind: string): kind is ClassifierKind {
  return kind in CLASSIFIER_KINDS;
}
