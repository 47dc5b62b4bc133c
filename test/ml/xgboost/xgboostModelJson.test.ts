import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { treeShap } from "../../../src/explain/treeShap.js";
import { GradientBoostedTrees } from "../../../src/ml/gbdt/gradientBoostedTrees.js";
import {
  predictEnsemble,
  predictEnsembleMargins,
  type TreeEnsemble,
} from "../../../src/ml/gbdt/treeEnsemble.js";
import { loadXGBoostModel, saveXGBoostModel } from "../../../src/ml/xgboost/xgboostModelFile.js";
import {
  formatFloat32,
  parseXGBoostModel,
  readXGBoostModelFile,
  stringifyXGBoostModel,
} from "../../../src/ml/xgboost/xgboostModelJson.js";
import {
  FIXTURE_MODELS,
  fixtureLabels,
  generatedTable,
  maxAbsDifference,
  predictWithPythonXGBoost,
  readFixtureCsv,
  XGBOOST_FIXTURES,
} from "../xgboostFixtures.js";

const X = readFixtureCsv("X.csv", true);

function expectSameEnsemble(actual: TreeEnsemble, expected: TreeEnsemble): void {
  expect(actual.objective).toBe(expected.objective);
  expect(actual.numClass).toBe(expected.numClass);
  expect(actual.numFeature).toBe(expected.numFeature);
  expect(Math.fround(actual.baseScore)).toBe(Math.fround(expected.baseScore));
  expect(Array.from(actual.treeGroups)).toEqual(Array.from(expected.treeGroups));
  expect(actual.trees.length).toBe(expected.trees.length);
  actual.trees.forEach((tree, t) => {
    const other = expected.trees[t];
    for (const key of Object.keys(tree) as (keyof typeof tree)[])
      expect(Array.from(tree[key]), `tree ${t} ${key}`).toEqual(Array.from(other[key]));
  });
}

describe("XGBoost JSON models: the fixtures", () => {
  it.each(FIXTURE_MODELS)(
    "$name: margins and predictions match XGBoost 1.7 to 1e-6",
    ({ name, objective }) => {
      const ensemble = readXGBoostModelFile(`${XGBOOST_FIXTURES}${name}.model.json`);
      expect(ensemble.objective).toBe(objective);
      const margins = predictEnsembleMargins(ensemble, X);
      const predictions = predictEnsemble(ensemble, X);
      const expectedMargins = readFixtureCsv(`${name}.margin.csv`, false).data;
      const expectedPredictions = readFixtureCsv(`${name}.pred.csv`, false).data;
      // The fixture prints float32 values with 9 significant digits.
      expect(maxAbsDifference(margins, expectedMargins)).toBeLessThan(1e-6);
      expect(maxAbsDifference(predictions, expectedPredictions)).toBeLessThan(1e-6);
      let missingRows = 0;
      for (let r = 0; r < X.rows; r++)
        if (X.data.subarray(r * X.cols, (r + 1) * X.cols).some(Number.isNaN)) missingRows++;
      console.log(
        `${name}: compared ${margins.length} margins and ${predictions.length} predictions (${X.rows} rows, ${missingRows} with missing values)`,
      );
    },
  );

  it("reads num_class, base_score, tree_info, default_left and leaf values", () => {
    const multiclass = readXGBoostModelFile(`${XGBOOST_FIXTURES}multiclass.model.json`);
    expect(multiclass.numClass).toBe(4);
    expect(multiclass.baseScore).toBe(0.5);
    expect(multiclass.trees.length).toBe(60);
    expect(Array.from(multiclass.treeGroups.subarray(0, 8))).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
    expect(multiclass.featureNames).toEqual(["f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9"]);
    const binary = readXGBoostModelFile(`${XGBOOST_FIXTURES}binary.model.json`);
    const tree = binary.trees[0];
    expect(tree.parents[0]).toBe(-1);
    expect(Array.from(tree.defaultLeft.subarray(0, 3))).toEqual([1, 1, 0]);
    expect(tree.leftChildren[4]).toBe(-1);
    expect(tree.splitConditions[4]).toBe(Math.fround(0.044444446));
    expect(binary.attributes).toEqual({ best_iteration: "19", best_ntree_limit: "20" });
  });

  it.each(FIXTURE_MODELS)("$name: load → save → load gives the same model", ({ name }) => {
    const original = readXGBoostModelFile(`${XGBOOST_FIXTURES}${name}.model.json`);
    const text = stringifyXGBoostModel(original);
    const reloaded = parseXGBoostModel(text);
    expectSameEnsemble(reloaded, original);
    expect(stringifyXGBoostModel(reloaded)).toBe(text);
    // Structurally the same document as XGBoost's own file, number formatting aside.
    const ours = JSON.parse(text);
    const theirs = JSON.parse(readFileSync(`${XGBOOST_FIXTURES}${name}.model.json`, "utf8"));
    expect(ours.learner.gradient_booster.model.trees).toEqual(theirs.learner.gradient_booster.model.trees);
    expect(ours.learner.objective).toEqual(theirs.learner.objective);
    expect(ours.learner.gradient_booster.model.tree_info).toEqual(
      theirs.learner.gradient_booster.model.tree_info,
    );
  });

  it("saves and loads model files", () => {
    const folder = mkdtempSync(join(tmpdir(), "scifai-xgb-"));
    try {
      const model = loadXGBoostModel(`${XGBOOST_FIXTURES}binary.model.json`);
      saveXGBoostModel(model, join(folder, "copy.json"));
      const copy = loadXGBoostModel(join(folder, "copy.json"));
      expectSameEnsemble(copy.ensemble, model.ensemble);
      expect(Array.from(copy.predictProba(X))).toEqual(Array.from(model.predictProba(X)));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("Python XGBoost predicts our re-saved fixtures like the originals", (context) => {
    for (const { name } of FIXTURE_MODELS) {
      const text = stringifyXGBoostModel(readXGBoostModelFile(`${XGBOOST_FIXTURES}${name}.model.json`));
      const python = predictWithPythonXGBoost(text, X);
      if (!python.ok) {
        console.log(`skipped: ${python.reason}`);
        context.skip();
        return;
      }
      expect(maxAbsDifference(python.margin, readFixtureCsv(`${name}.margin.csv`, false).data)).toBeLessThan(
        1e-6,
      );
      expect(
        maxAbsDifference(python.contribs, readFixtureCsv(`${name}.contribs.csv`, false).data),
      ).toBeLessThan(1e-6);
    }
  });
});

describe("XGBoost JSON models: our trained models in Python XGBoost", () => {
  const { X: generated, labels } = generatedTable(600, 6);
  it.for(FIXTURE_MODELS)("$objective: Python predicts our model like we do (1e-6)", (fixture, context) => {
    const objective = fixture.objective;
    const model = new GradientBoostedTrees({
      objective,
      nEstimators: 15,
      maxDepth: 4,
      seed: 3,
      subsample: 0.8,
    }).fit(generated, labels[objective]);
    const text = stringifyXGBoostModel(model.ensemble);
    const python = predictWithPythonXGBoost(text, generated);
    if (!python.ok) {
      console.log(`skipped: ${python.reason}`);
      context.skip();
      return;
    }
    const margins = model.predictMargin(generated);
    expect(maxAbsDifference(python.margin, margins)).toBeLessThan(1e-6);
    expect(maxAbsDifference(python.pred, predictEnsemble(model.ensemble, generated))).toBeLessThan(1e-6);
    if (objective === "multi:softprob")
      expect(maxAbsDifference(python.pred, model.predictProba(generated))).toBeLessThan(1e-6);
    // XGBoost's own TreeSHAP agrees with ours on our model (it computes in float32).
    expect(maxAbsDifference(python.contribs, treeShap(model, generated).values)).toBeLessThan(1e-5);
    console.log(
      `${objective}: Python XGBoost ${python.version} matched ${margins.length} margins of our model`,
    );
  });

  it("also fixture-trained models with feature names", (context) => {
    const y = fixtureLabels(0);
    const names = Array.from({ length: X.cols }, (_, j) => `feature_${j}`);
    const model = new GradientBoostedTrees({ nEstimators: 5, featureNames: names }).fit(X, y);
    const text = stringifyXGBoostModel(model.ensemble);
    expect(parseXGBoostModel(text).featureNames).toEqual(names);
    const python = predictWithPythonXGBoost(text, X);
    if (!python.ok) {
      console.log(`skipped: ${python.reason}`);
      context.skip();
      return;
    }
    expect(maxAbsDifference(python.margin, model.predictMargin(X))).toBeLessThan(1e-6);
  });
});

describe("formatFloat32", () => {
  it("writes the shortest text that reads back as the same float32, always as a float", () => {
    expect(formatFloat32(0.5)).toBe("0.5");
    expect(formatFloat32(0)).toBe("0.0");
    expect(formatFloat32(-0)).toBe("-0.0");
    expect(formatFloat32(60)).toBe("6E1");
    expect(formatFloat32(61)).toBe("61.0");
    expect(formatFloat32(Math.fround(0.1))).toBe("0.1");
    expect(formatFloat32(Math.fround(-0.114754096))).toBe("-0.114754096");
    expect(formatFloat32(Math.fround(1.1240876))).toBe("1.1240876");
    expect(formatFloat32(Math.fround(1e-7))).toBe("1E-7");
    expect(formatFloat32(Math.fround(3.4e38))).toBe("3.4E38");
    for (const value of [Math.PI, -2.5e-12, 123456789, 1 / 3, 65504.5]) {
      const f = Math.fround(value);
      expect(Math.fround(Number(formatFloat32(f)))).toBe(f);
    }
    expect(() => formatFloat32(Number.NaN)).toThrow(RangeError);
    expect(() => formatFloat32(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe("XGBoost JSON models: malformed and unsupported files", () => {
  const base = () => JSON.parse(readFileSync(`${XGBOOST_FIXTURES}binary.model.json`, "utf8"));

  it("accepts XGBoost 2.x conventions (bracketed base_score, boolean default_left)", () => {
    const json = base();
    json.learner.learner_model_param.base_score = "[5E-1]";
    const tree = json.learner.gradient_booster.model.trees[0];
    tree.default_left = tree.default_left.map((v: number) => v === 1);
    const ensemble = parseXGBoostModel(json);
    expect(ensemble.baseScore).toBe(0.5);
    expect(Array.from(ensemble.trees[0].defaultLeft.subarray(0, 3))).toEqual([1, 1, 0]);
  });

  it("rejects what it cannot predict", () => {
    const cases: [string, (json: ReturnType<typeof base>) => void, RegExp][] = [
      ["objective", (j) => (j.learner.objective.name = "rank:pairwise"), /objective 'rank:pairwise'/],
      ["booster", (j) => (j.learner.gradient_booster.name = "gblinear"), /gbtree only/],
      ["categorical", (j) => (j.learner.gradient_booster.model.trees[0].split_type[0] = 1), /categorical/],
      ["child", (j) => (j.learner.gradient_booster.model.trees[0].left_children[0] = 99), /outside the tree/],
      ["feature", (j) => (j.learner.gradient_booster.model.trees[0].split_indices[0] = 10), /feature 10/],
      ["tree_info", (j) => j.learner.gradient_booster.model.tree_info.pop(), /tree_info/],
      ["length", (j) => j.learner.gradient_booster.model.trees[1].sum_hessian.pop(), /sum_hessian has/],
      ["learner", (j) => delete j.learner, /learner is missing/],
    ];
    for (const [, mutate, message] of cases) {
      const json = base();
      mutate(json);
      expect(() => parseXGBoostModel(json)).toThrow(message);
    }
  });
});
