import type { Classifier } from "../ml/classifier.js";
import { outputGroupsOf, predictEnsembleMargins, type TreeEnsemble } from "../ml/gbdt/treeEnsemble.js";
import type { Matrix } from "../ml/matrix.js";
import type { TrainedModel } from "../ml/modelFile.js";
import type { GbdtClassifier } from "../ml/models/gbdtClassifier.js";
import { TreeShapExplainer } from "./treeShap.js";

/**
 * What the SHAP values add up to, per class:
 * - "margin (log-odds)": two classes; class k's value is log(p_k / (1 − p_k)). The model has one
 *   margin m for the second class; the first class gets −m (its own log-odds), so both blocks add up.
 * - "margin (softmax logit)": several classes; probabilities are softmax of the class margins.
 * - "decision value": a linear SVM's one-vs-rest decision values (two classes: −d and d), scores
 *   that rank classes rather than calibrated log-odds.
 */
export type ShapOutputSpace = "margin (log-odds)" | "margin (softmax logit)" | "decision value";

/** How the values were computed. */
export type ShapMethod = "tree" | "linear";

/**
 * SHAP values of some rows for every class: value (r, k, j) of row r, class k, feature j sits at
 * `values[(r * classes.length + k) * featureNames.length + j]`; `bias[r * classes.length + k]` is
 * the expected output, so that bias + Σ_j values = the model's margin of class k for row r.
 * A class the model never saw (absent from its training rows) has values 0 and bias −∞
 * (probability 0).
 */
export interface ShapResult {
  values: Float64Array;
  bias: Float64Array;
  rows: number;
  classes: string[];
  featureNames: string[];
  outputSpace: ShapOutputSpace;
  method: ShapMethod;
}

/** Options of {@link ShapExplainer} and {@link shapValues}. */
export interface ShapOptions {
  /**
   * Linear models: raw background rows (the model's feature order, before fill and scaling) whose
   * mean is the reference point; default: the rows being explained. Ignored by trees.
   */
  background?: Matrix;
  /** Linear models: the reference point directly, in prepared (filled, scaled) space; wins over `background`. */
  backgroundMean?: Float64Array;
  /** Trees: use only the first trees (default all). */
  treeLimit?: number;
}

interface LinearParameters {
  coef: Float64Array;
  intercept: Float64Array;
  parameterRows: number;
  /** Present classes, original indices ascending. */
  present: Int32Array;
  classCount: number;
  featureCount: number;
  outputSpace: ShapOutputSpace;
}

/**
 * SHAP values of a trained model, prepared once and applied to any number of row blocks:
 * - gradient-boosted trees: exact path-dependent TreeSHAP (XGBoost's `pred_contribs`) on the
 *   model's own inputs (filled and scaled as in prediction), in margin space;
 * - linear models (lr, svm, lda): exact linear SHAP for independent features,
 *   φ_kj = w_kj · (x_j − μ_j) with μ the mean of the background rows (in prepared space) and bias
 *   w_k · μ + b_k, the margin at the background mean (= the background's mean margin, since the
 *   margin is linear). Per feature the scaling is affine, so φ is the same in raw units;
 * - random forests: not supported (throws); use permutation importance.
 */
export class ShapExplainer {
  readonly classes: string[];
  readonly featureNames: string[];
  readonly outputSpace: ShapOutputSpace;
  readonly method: ShapMethod;
  private readonly tree: { explainer: TreeShapExplainer; groups: number } | null = null;
  private readonly linear: LinearParameters | null = null;
  private readonly fixedMean: Float64Array | null = null;

  /** Prepares `model`; throws for random forests and unknown kinds. */
  constructor(
    readonly model: TrainedModel,
    options: ShapOptions = {},
  ) {
    this.classes = [...model.file.classes];
    this.featureNames = [...model.file.featureNames];
    const classifier = model.classifier;
    if (classifier.kind === "gbdt") {
      const ensemble = gbdtEnsembleOf(classifier);
      if (ensemble.numFeature > this.featureNames.length)
        throw new RangeError(
          `the booster reads ${ensemble.numFeature} features, the model file names ${this.featureNames.length}`,
        );
      const groups = outputGroupsOf(ensemble);
      this.checkGroups(groups);
      this.tree = { explainer: new TreeShapExplainer(ensemble, { treeLimit: options.treeLimit }), groups };
      this.outputSpace = groups === 1 ? "margin (log-odds)" : "margin (softmax logit)";
      this.method = "tree";
    } else if (classifier.kind === "lr" || classifier.kind === "svm" || classifier.kind === "lda") {
      this.linear = linearParametersOf(classifier);
      if (this.linear.classCount !== this.classes.length)
        throw new RangeError(
          `the ${classifier.kind} model has ${this.linear.classCount} classes, the model file names ${this.classes.length}`,
        );
      this.outputSpace = this.linear.outputSpace;
      this.method = "linear";
      if (options.backgroundMean) {
        if (options.backgroundMean.length !== this.linear.featureCount)
          throw new RangeError(
            `backgroundMean has ${options.backgroundMean.length} values for ${this.linear.featureCount} features`,
          );
        this.fixedMean = Float64Array.from(options.backgroundMean);
      } else if (options.background) {
        this.fixedMean = preparedColumnMeans(model, options.background);
      }
    } else if (classifier.kind === "rf") {
      throw new Error(
        "SHAP values are not available for random forests (kind rf) in scifai; use permutationImportance " +
          "(model-agnostic) to explain this model",
      );
    } else {
      throw new Error(`SHAP values are not available for models of kind '${String(classifier.kind)}'`);
    }
  }

  /** SHAP values of raw feature rows (the model's feature order, before fill and scaling). */
  explain(X: Matrix): ShapResult {
    return this.explainPrepared(this.model.prepare(X));
  }

  /** SHAP values of rows already filled and scaled by `model.prepare`. */
  explainPrepared(prepared: Matrix): ShapResult {
    if (prepared.cols !== this.featureNames.length)
      throw new RangeError(`the model reads ${this.featureNames.length} features, X has ${prepared.cols}`);
    if (this.tree) return this.treeValues(prepared);
    return this.linearValues(prepared);
  }

  /** The model's margins of prepared rows (rows × classes) in this explainer's output space. */
  marginsPrepared(prepared: Matrix): Float64Array {
    const classCount = this.classes.length;
    if (this.tree) {
      const ensemble = gbdtEnsembleOf(this.model.classifier);
      const raw = predictEnsembleMargins(ensemble, prepared, { float64Sums: true });
      if (this.tree.groups !== 1) return raw;
      const out = new Float64Array(prepared.rows * 2);
      for (let r = 0; r < prepared.rows; r++) {
        out[2 * r] = -raw[r];
        out[2 * r + 1] = raw[r];
      }
      return out;
    }
    const p = this.linear!;
    const out = new Float64Array(prepared.rows * classCount).fill(Number.NEGATIVE_INFINITY);
    const cols = prepared.cols;
    for (let r = 0; r < prepared.rows; r++) {
      for (let k = 0; k < p.parameterRows; k++) {
        let sum = p.intercept[k];
        for (let j = 0; j < cols; j++) sum += p.coef[k * cols + j] * prepared.data[r * cols + j];
        if (p.parameterRows === 1) {
          out[r * classCount + p.present[0]] = -sum;
          out[r * classCount + p.present[1]] = sum;
        } else {
          out[r * classCount + p.present[k]] = sum;
        }
      }
    }
    return out;
  }

  private checkGroups(groups: number): void {
    const expected = this.classes.length === 2 ? 1 : this.classes.length;
    if (groups !== expected)
      throw new RangeError(`the booster has ${groups} output groups for ${this.classes.length} classes`);
  }

  private treeValues(prepared: Matrix): ShapResult {
    const { explainer, groups } = this.tree!;
    const shap = explainer.explain(prepared);
    const features = this.featureNames.length;
    const classCount = this.classes.length;
    const rows = prepared.rows;
    const values = new Float64Array(rows * classCount * features);
    const bias = new Float64Array(rows * classCount);
    const columns = shap.columns;
    const used = columns - 1;
    for (let r = 0; r < rows; r++) {
      for (let g = 0; g < groups; g++) {
        const source = (r * groups + g) * columns;
        if (groups === 1) {
          // One margin m for class 1: class 1 gets φ, class 0 gets −φ (its log-odds is −m).
          const target0 = r * 2 * features;
          const target1 = (r * 2 + 1) * features;
          for (let j = 0; j < used; j++) {
            const v = shap.values[source + j];
            values[target1 + j] = v;
            values[target0 + j] = -v;
          }
          bias[r * 2 + 1] = shap.values[source + used];
          bias[r * 2] = -shap.values[source + used];
        } else {
          values.set(shap.values.subarray(source, source + used), (r * classCount + g) * features);
          bias[r * classCount + g] = shap.values[source + used];
        }
      }
    }
    return this.result(values, bias, rows);
  }

  private linearValues(prepared: Matrix): ShapResult {
    const p = this.linear!;
    const mean = this.fixedMean ?? columnMeans(prepared);
    const features = prepared.cols;
    const classCount = this.classes.length;
    const rows = prepared.rows;
    const values = new Float64Array(rows * classCount * features);
    const bias = new Float64Array(rows * classCount).fill(Number.NEGATIVE_INFINITY);
    const expected = new Float64Array(p.parameterRows);
    for (let k = 0; k < p.parameterRows; k++) {
      let sum = p.intercept[k];
      for (let j = 0; j < features; j++) sum += p.coef[k * features + j] * mean[j];
      expected[k] = sum;
    }
    const data = prepared.data;
    for (let r = 0; r < rows; r++) {
      const x = r * features;
      for (let k = 0; k < p.parameterRows; k++) {
        const w = k * features;
        if (p.parameterRows === 1) {
          const negative = (r * classCount + p.present[0]) * features;
          const positive = (r * classCount + p.present[1]) * features;
          for (let j = 0; j < features; j++) {
            const v = p.coef[w + j] * (data[x + j] - mean[j]);
            values[positive + j] = v;
            values[negative + j] = -v;
          }
          bias[r * classCount + p.present[1]] = expected[0];
          bias[r * classCount + p.present[0]] = -expected[0];
        } else {
          const target = (r * classCount + p.present[k]) * features;
          for (let j = 0; j < features; j++) values[target + j] = p.coef[w + j] * (data[x + j] - mean[j]);
          bias[r * classCount + p.present[k]] = expected[k];
        }
      }
    }
    return this.result(values, bias, rows);
  }

  private result(values: Float64Array, bias: Float64Array, rows: number): ShapResult {
    return {
      values,
      bias,
      rows,
      classes: this.classes,
      featureNames: this.featureNames,
      outputSpace: this.outputSpace,
      method: this.method,
    };
  }
}

/** SHAP values of raw feature rows for every class (see {@link ShapExplainer} for the methods). */
export function shapValues(model: TrainedModel, X: Matrix, options: ShapOptions = {}): ShapResult {
  return new ShapExplainer(model, options).explain(X);
}

/** The model's margins of raw rows (rows × classes) in the output space its SHAP values add up to. */
export function modelMargins(model: TrainedModel, X: Matrix): Float64Array {
  const explainer = new ShapExplainer(model, {
    backgroundMean: new Float64Array(model.file.featureNames.length),
  });
  return explainer.marginsPrepared(model.prepare(X));
}

/** bias + Σ_j values per row and class (rows × classes): what the SHAP values say the margins are. */
export function shapMargins(shap: ShapResult): Float64Array {
  const blocks = shap.rows * shap.classes.length;
  const features = shap.featureNames.length;
  const out = new Float64Array(blocks);
  for (let b = 0; b < blocks; b++) {
    let sum = shap.bias[b];
    for (let j = 0; j < features; j++) sum += shap.values[b * features + j];
    out[b] = sum;
  }
  return out;
}

/**
 * Largest |bias + Σ values − margin| over rows and classes (0 for no rows); a class with margin
 * −∞ counts as exact when its bias is −∞ too, otherwise the error is ∞. Throws on a length mismatch.
 */
export function additivityError(shap: ShapResult, margins: ArrayLike<number>): number {
  const sums = shapMargins(shap);
  if (margins.length !== sums.length)
    throw new RangeError(`${margins.length} margins for ${shap.rows} rows × ${shap.classes.length} classes`);
  let worst = 0;
  for (let b = 0; b < sums.length; b++) {
    const expected = margins[b];
    if (expected === sums[b]) continue;
    const error = Math.abs(sums[b] - expected);
    if (!(error <= worst)) worst = Number.isNaN(error) ? Number.POSITIVE_INFINITY : error;
  }
  return worst;
}

/** Column means of raw rows after the model's fill and scaling, in blocks (no full copy); zeros for 0 rows. */
export function preparedColumnMeans(model: TrainedModel, X: Matrix, blockRows = 4096): Float64Array {
  const sums = new Float64Array(X.cols);
  for (let start = 0; start < X.rows; start += blockRows) {
    const count = Math.min(blockRows, X.rows - start);
    const block = model.prepare({
      data: X.data.subarray(start * X.cols, (start + count) * X.cols),
      rows: count,
      cols: X.cols,
    });
    for (let r = 0; r < count; r++) for (let j = 0; j < X.cols; j++) sums[j] += block.data[r * X.cols + j];
  }
  if (X.rows > 0) for (let j = 0; j < X.cols; j++) sums[j] /= X.rows;
  return sums;
}

function columnMeans(X: Matrix): Float64Array {
  const out = new Float64Array(X.cols);
  for (let r = 0; r < X.rows; r++) for (let j = 0; j < X.cols; j++) out[j] += X.data[r * X.cols + j];
  if (X.rows > 0) for (let j = 0; j < X.cols; j++) out[j] /= X.rows;
  return out;
}

function gbdtEnsembleOf(classifier: Classifier): TreeEnsemble {
  return (classifier as GbdtClassifier).fitted().ensemble;
}

interface LinearClassifierFields {
  kind: "lr" | "svm" | "lda";
  coef: Float64Array;
  intercept: Float64Array;
  classes: Int32Array;
  classCount: number;
  featureCount: number;
  parameterRows: number;
  binomial?: boolean;
}

function linearParametersOf(classifier: Classifier): LinearParameters {
  const model = classifier as unknown as LinearClassifierFields;
  if (model.classCount === 0) throw new Error(`the ${model.kind} model is not fitted`);
  const rows = model.parameterRows;
  // One row = two classes (σ of the margin); several rows, also LR's "multinomial" pair: softmax.
  const outputSpace: ShapOutputSpace =
    model.kind === "svm" ? "decision value" : rows === 1 ? "margin (log-odds)" : "margin (softmax logit)";
  return {
    coef: model.coef,
    intercept: model.intercept,
    parameterRows: rows,
    present: model.classes,
    classCount: model.classCount,
    featureCount: model.featureCount,
    outputSpace,
  };
}
