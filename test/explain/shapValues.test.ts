import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  additivityError,
  modelMargins,
  preparedColumnMeans,
  ShapExplainer,
  shapMargins,
  shapValues,
} from "../../src/explain/shapValues.js";
import { treeShap } from "../../src/explain/treeShap.js";
import type { LinearSVC } from "../../src/ml/linear/linearSvc.js";
import type { LogisticRegression } from "../../src/ml/linear/logisticRegression.js";
import { takeRows } from "../../src/ml/matrix.js";
import { MODEL_FORMAT_VERSION, type ModelFile, TrainedModel } from "../../src/ml/modelFile.js";
import { readXGBoostModelFile } from "../../src/ml/xgboost/xgboostModelJson.js";
import { readFixtureCsv, XGBOOST_FIXTURES } from "../ml/xgboostFixtures.js";
import { classificationData, fitTrainedModel } from "./explainFixtures.js";

/** A model file around one of XGBoost's fixture boosters (no scaler, fill 0). */
function fixtureModel(name: "multiclass" | "binary", classCount: number): TrainedModel {
  const file: ModelFile = {
    format: "scifai-model",
    formatVersion: MODEL_FORMAT_VERSION,
    labelColumn: "label",
    classes: Array.from({ length: classCount }, (_, k) => `class${k}`),
    featureNames: Array.from({ length: 10 }, (_, j) => `f${j}`),
    preprocessing: { fillValue: 0, scaler: null },
    model: {
      kind: "gbdt",
      options: {},
      fitted: { classCount, xgboost: readFileSync(`${XGBOOST_FIXTURES}${name}.model.json`, "utf8") },
    },
    training: {} as ModelFile["training"],
  };
  return new TrainedModel(file);
}

const X = readFixtureCsv("X.csv", true);
const completeRows = Array.from({ length: X.rows }, (_, r) => r).filter(
  (r) => !X.data.subarray(r * X.cols, (r + 1) * X.cols).some(Number.isNaN),
);

describe("shapValues of gradient-boosted trees", () => {
  it("multiclass: TreeSHAP of the prepared rows, XGBoost's pred_contribs on complete rows (1e-5)", () => {
    const model = fixtureModel("multiclass", 4);
    const shap = shapValues(model, X);
    expect(shap.method).toBe("tree");
    expect(shap.outputSpace).toBe("margin (softmax logit)");
    expect(shap.values.length).toBe(X.rows * 4 * 10);
    // Same numbers as treeShap on the filled rows, moved into the values/bias layout.
    const ensemble = readXGBoostModelFile(`${XGBOOST_FIXTURES}multiclass.model.json`);
    const raw = treeShap(ensemble, model.prepare(X));
    for (let r = 0; r < X.rows; r++)
      for (let k = 0; k < 4; k++) {
        for (let j = 0; j < 10; j++)
          expect(shap.values[(r * 4 + k) * 10 + j]).toBe(raw.values[(r * 4 + k) * 11 + j]);
        expect(shap.bias[r * 4 + k]).toBe(raw.values[(r * 4 + k) * 11 + 10]);
      }
    // Rows without missing values are unchanged by the fill: XGBoost's own contributions (float32).
    const contribs = readFixtureCsv("multiclass.contribs.csv", false);
    expect(completeRows.length).toBeGreaterThan(10);
    for (const r of completeRows)
      for (let k = 0; k < 4; k++)
        for (let j = 0; j < 10; j++)
          expect(
            Math.abs(shap.values[(r * 4 + k) * 10 + j] - contribs.data[r * 44 + k * 11 + j]),
          ).toBeLessThan(1e-5);
    // Additivity against float64 sums of the trees.
    expect(additivityError(shap, modelMargins(model, X))).toBeLessThan(1e-9);
    // softmax of the margins is the model's probability (float32 there).
    const margins = shapMargins(shap);
    const probabilities = model.predictProba(X);
    for (let r = 0; r < X.rows; r++) {
      const block = margins.subarray(r * 4, r * 4 + 4);
      const top = Math.max(...block);
      const sum = block.reduce((s, m) => s + Math.exp(m - top), 0);
      for (let k = 0; k < 4; k++)
        expect(Math.abs(Math.exp(block[k] - top) / sum - probabilities[r * 4 + k])).toBeLessThan(1e-6);
    }
  });

  it("binary: the positive class gets XGBoost's contributions, the other class their negation", () => {
    const model = fixtureModel("binary", 2);
    const shap = shapValues(model, X);
    expect(shap.outputSpace).toBe("margin (log-odds)");
    const contribs = readFixtureCsv("binary.contribs.csv", false);
    for (const r of completeRows) {
      for (let j = 0; j < 10; j++) {
        expect(Math.abs(shap.values[(r * 2 + 1) * 10 + j] - contribs.data[r * 11 + j])).toBeLessThan(1e-5);
        expect(shap.values[r * 2 * 10 + j]).toBe(-shap.values[(r * 2 + 1) * 10 + j]);
      }
      expect(shap.bias[r * 2]).toBe(-shap.bias[r * 2 + 1]);
    }
    expect(additivityError(shap, modelMargins(model, X))).toBeLessThan(1e-9);
    // Log-odds: σ(margin of class 1) is the probability of class 1.
    const margins = shapMargins(shap);
    const probabilities = model.predictProba(X);
    for (let r = 0; r < X.rows; r++)
      expect(Math.abs(1 / (1 + Math.exp(-margins[r * 2 + 1])) - probabilities[r * 2 + 1])).toBeLessThan(1e-6);
  });

  it("explains a model trained by scifai through its scaler, additively", () => {
    const { X: data, y } = classificationData(150, 5, 3, 2);
    const model = fitTrainedModel("gbdt", data, y, ["a", "b", "c"], ["p", "q", "r", "s", "t"], {
      modelOptions: { nEstimators: 8, maxDepth: 3 },
    });
    const explainer = new ShapExplainer(model);
    const shap = explainer.explain(data);
    expect(additivityError(shap, modelMargins(model, data))).toBeLessThan(1e-9);
    // Blocks explain like the whole.
    const first = explainer.explain(takeRows(data, [0, 1, 2]));
    expect(Array.from(first.values)).toEqual(Array.from(shap.values.subarray(0, 3 * 3 * 5)));
  });
});

describe("shapValues of linear models", () => {
  const { X: data, y } = classificationData(120, 4, 3, 6);
  const names = ["a", "b", "c", "d"];

  it.each(["lr", "svm", "lda"] as const)("%s: φ = w·(x − μ), bias = margin at μ, additive", (kind) => {
    const model = fitTrainedModel(kind, data, y, ["x", "y", "z"], names);
    const shap = shapValues(model, data);
    expect(shap.method).toBe("linear");
    expect(shap.outputSpace).toBe(kind === "svm" ? "decision value" : "margin (softmax logit)");
    const margins = modelMargins(model, data);
    expect(additivityError(shap, margins)).toBeLessThan(1e-12);
    // The classifier's own decision values are the margins.
    const decision = (model.classifier as LogisticRegression).decisionFunction(model.prepare(data));
    expect(Math.max(...Array.from(margins, (m, i) => Math.abs(m - decision[i])))).toBeLessThan(1e-12);
    // The closed form, with μ the mean of the explained (prepared) rows.
    const prepared = model.prepare(data);
    const mean = preparedColumnMeans(model, data);
    const coef = (model.classifier as LinearSVC).coef;
    for (const r of [0, 17, 119])
      for (let k = 0; k < 3; k++)
        for (let j = 0; j < 4; j++) {
          const expected = coef[k * 4 + j] * (prepared.data[r * 4 + j] - mean[j]);
          expect(Math.abs(shap.values[(r * 3 + k) * 4 + j] - expected)).toBeLessThan(1e-12);
        }
    // Against their own background, SHAP values average to 0 per feature and class.
    for (let k = 0; k < 3; k++)
      for (let j = 0; j < 4; j++) {
        let sum = 0;
        for (let r = 0; r < 120; r++) sum += shap.values[(r * 3 + k) * 4 + j];
        expect(Math.abs(sum / 120)).toBeLessThan(1e-12);
      }
  });

  it("binary logistic regression: log-odds of both classes, ± the same values", () => {
    const binaryY = Int32Array.from(y, (k) => (k === 0 ? 0 : 1));
    const model = fitTrainedModel("lr", data, binaryY, ["neg", "pos"], names);
    const background = takeRows(data, [0, 1, 2, 3, 4, 5, 6, 7]);
    const shap = shapValues(model, data, { background });
    expect(shap.outputSpace).toBe("margin (log-odds)");
    expect(additivityError(shap, modelMargins(model, data))).toBeLessThan(1e-12);
    const lr = model.classifier as LogisticRegression;
    const mean = preparedColumnMeans(model, background);
    let expectedBias = lr.intercept[0];
    for (let j = 0; j < 4; j++) expectedBias += lr.coef[j] * mean[j];
    expect(Math.abs(shap.bias[1] - expectedBias)).toBeLessThan(1e-12);
    expect(shap.bias[0]).toBe(-shap.bias[1]);
    const probabilities = model.predictProba(data);
    const margins = shapMargins(shap);
    for (let r = 0; r < 120; r++)
      expect(Math.abs(1 / (1 + Math.exp(-margins[r * 2 + 1])) - probabilities[r * 2 + 1])).toBeLessThan(
        1e-12,
      );
  });

  it("a class absent from training has values 0 and bias −∞", () => {
    const twoOfThree = Int32Array.from(y, (k) => (k === 2 ? 1 : k));
    const model = fitTrainedModel("lda", data, twoOfThree, ["x", "y", "z"], names);
    const shap = shapValues(model, data);
    for (let r = 0; r < 5; r++) {
      expect(shap.bias[r * 3 + 2]).toBe(Number.NEGATIVE_INFINITY);
      expect(Array.from(shap.values.subarray((r * 3 + 2) * 4, (r * 3 + 3) * 4))).toEqual([0, 0, 0, 0]);
    }
    expect(additivityError(shap, modelMargins(model, data))).toBeLessThan(1e-12);
  });
});

describe("shapValues refusals", () => {
  it("random forests throw, pointing to permutation importance", () => {
    const { X: data, y } = classificationData(40, 3, 2, 1);
    const model = fitTrainedModel("rf", data, y, ["a", "b"], ["f", "g", "h"], {
      modelOptions: { nEstimators: 3 },
    });
    expect(() => shapValues(model, data)).toThrow(/random forests.*permutationImportance/);
  });

  it("a matrix of the wrong width throws; additivityError notices a broken sum", () => {
    const model = fixtureModel("multiclass", 4);
    expect(() => shapValues(model, { data: new Float64Array(9), rows: 1, cols: 9 })).toThrow(/10 features/);
    const shap = shapValues(model, takeRows(X, [0]));
    const margins = modelMargins(model, takeRows(X, [0]));
    margins[2] += 0.5;
    expect(additivityError(shap, margins)).toBeCloseTo(0.5, 9);
    expect(() => additivityError(shap, margins.subarray(1))).toThrow(/margins/);
  });
});
