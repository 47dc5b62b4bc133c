import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractToFile } from "../../src/extract/extractToFile.js";
import { openTable } from "../../src/io/tableReader.js";
import { evaluatePredictions } from "../../src/ml/evaluatePredictions.js";
import { loadLabeledDataset } from "../../src/ml/labeledDataset.js";
import { takeColumns, takeRows } from "../../src/ml/matrix.js";
import { classificationReport } from "../../src/ml/metrics/classificationReport.js";
import { TrainedModel } from "../../src/ml/modelFile.js";
import { CLASSIFIER_KINDS } from "../../src/ml/models/classifierRegistry.js";
import { predictTable } from "../../src/ml/predictTable.js";
import { trainClassifier } from "../../src/ml/training.js";
import { writeSyntheticDataset } from "../../src/synth/syntheticDataset.js";
import { pythonHas, runPython } from "../helpers/python.js";

const scratch = mkdtempSync(join(tmpdir(), "scifai-train-"));
const features = join(scratch, "features.parquet");
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
beforeAll(async () => {
  writeSyntheticDataset(join(scratch, "data"), { cells: 900, channels: 5, seed: 21, labeledFraction: 0.6 });
  await extractToFile({
    data: join(scratch, "data"),
    output: features,
    spec: { features: "readme" },
    workers: 2,
  });
});

describe("loadLabeledDataset", () => {
  it("keeps labelled rows, numeric non-metadata columns as features, and the metadata", async () => {
    const dataset = await loadLabeledDataset(features);
    expect(dataset.featureNames).toHaveLength(600);
    expect(dataset.X.rows).toBe(dataset.y.length);
    expect(dataset.X.rows).toBeGreaterThan(450);
    expect(dataset.classes).toEqual([...dataset.classes].sort());
    expect(dataset.text.get("donor")).toHaveLength(dataset.X.rows);
    const two = await loadLabeledDataset(features, { classes: ["T_cell", "B_cell"] });
    expect(two.classes).toEqual(["T_cell", "B_cell"]);
    await expect(loadLabeledDataset(features, { labelColumn: "nope" })).rejects.toThrow(
      /no label column 'nope'/,
    );
    await expect(loadLabeledDataset(features, { classes: ["Dragon"] })).rejects.toThrow(
      /no labelled row of class Dragon/,
    );
  });
});

describe("trainClassifier", () => {
  for (const kind of Object.keys(CLASSIFIER_KINDS) as (keyof typeof CLASSIFIER_KINDS)[]) {
    it(`trains ${kind} reproducibly with an honest split and a full report`, async () => {
      const dataset = await loadLabeledDataset(features);
      // LDA with more features than training rows overfits (as scikit-learn's would): give it 40.
      const options = {
        model: kind,
        seed: 3,
        modelOptions: kind === "gbdt" || kind === "rf" ? { nEstimators: 20 } : {},
        select: kind === "lda" ? 40 : undefined,
      };
      const a = trainClassifier(dataset, options);
      const b = trainClassifier(dataset, options);
      expect(JSON.stringify(a.model.file.model)).toBe(JSON.stringify(b.model.file.model));
      expect(a.split.totals.train + a.split.totals.validation + a.split.totals.test).toBe(dataset.X.rows);
      expect(a.test!.sampleCount).toBe(a.split.totals.test);
      expect(a.test!.macro.f1, `${kind} macro F1`).toBeGreaterThan(0.6);
      expect(a.model.file.training.stratifiedBy).toEqual(["label", "experiment", "donor"]);
      const path = join(scratch, `${kind}.json`);
      a.model.save(path);
      const loaded = TrainedModel.load(path);
      const X = takeColumns(
        takeRows(dataset.X, [0, 1, 2, 3, 4]),
        a.model.featureIndices(dataset.featureNames),
      );
      expect(Array.from(loaded.predictProba(X))).toEqual(Array.from(a.model.predictProba(X)));
    });
  }

  it("saves a model that reproduces the test report from raw table columns (feature names aligned)", async () => {
    const dataset = await loadLabeledDataset(features);
    for (const select of [undefined, 15] as const) {
      const result = trainClassifier(dataset, { model: "lda", select, seed: 2 });
      // Training leaves out non-finite and constant columns; the model file must name what it used.
      expect(result.model.file.featureNames.length).toBeLessThan(dataset.featureNames.length);
      const X = takeColumns(
        takeRows(dataset.X, result.split.test),
        result.model.featureIndices(dataset.featureNames),
      );
      const probabilities = result.model.predictProba(X);
      const classes = dataset.classes.length;
      const predicted = Int32Array.from({ length: X.rows }, (_, r) => {
        let best = 0;
        for (let k = 1; k < classes; k++)
          if (probabilities[r * classes + k] > probabilities[r * classes + best]) best = k;
        return best;
      });
      const truth = Int32Array.from(result.split.test, (r) => dataset.y[r]);
      expect(classificationReport(truth, predicted, dataset.classes).confusionMatrix).toEqual(
        result.test!.confusionMatrix,
      );
    }
  }, 300_000);

  it("selects a fixed number of features, or chooses top_k on validation", async () => {
    const dataset = await loadLabeledDataset(features);
    const fixed = trainClassifier(dataset, { model: "lda", select: 12, seed: 1 });
    expect(fixed.model.file.featureNames).toHaveLength(12);
    const auto = trainClassifier(dataset, {
      model: "lda",
      select: "auto",
      selectCandidates: [4, 16],
      seed: 1,
    });
    const selection = auto.model.file.training.featureSelection!;
    expect(selection.candidates!.map((c) => c.k)).toEqual([4, 16]);
    expect([4, 16]).toContain(selection.topK);
    expect(auto.model.file.featureNames).toHaveLength(selection.topK);
  }, 300_000);
});

describe("predict and evaluate", () => {
  it("writes class, probabilities and entropy for every row, and evaluates them", async () => {
    const dataset = await loadLabeledDataset(features);
    const { model } = trainClassifier(dataset, { model: "gbdt", modelOptions: { nEstimators: 20 }, seed: 0 });
    const output = join(scratch, "predictions.csv");
    const summary = await predictTable(model, features, output);
    expect(summary.rows).toBe(900);
    const reader = await openTable(output);
    expect(reader.columns.text).toEqual([
      "file",
      "experiment",
      "donor",
      "condition",
      "object_number",
      "set",
      "label",
      "predicted_class",
    ]);
    const classes = model.file.classes;
    expect(reader.columns.numeric).toEqual([
      ...classes.map((c) => `probability_${c}`),
      "max_probability",
      "prediction_entropy",
    ]);
    for await (const batch of reader.batches()) {
      for (let r = 0; r < batch.rowCount; r++) {
        let sum = 0;
        for (let k = 0; k < classes.length; k++) sum += batch.numeric[k][r];
        // GBDT probabilities come from XGBoost's float32 softmax: they sum to 1 within float32 rounding.
        expect(Math.abs(sum - 1)).toBeLessThan(1e-6);
        const entropy = batch.numeric[classes.length + 1][r];
        expect(entropy).toBeGreaterThanOrEqual(0);
        expect(entropy).toBeLessThanOrEqual(Math.log(classes.length) + 1e-12);
      }
    }
    reader.close();
    const { report, skipped } = await evaluatePredictions(output);
    expect(report.sampleCount + skipped).toBe(900);
    expect(report.accuracy).toBeGreaterThan(0.8);
  });

  it("refuses a table that lacks features, listing the missing names", async () => {
    const dataset = await loadLabeledDataset(features);
    const { model } = trainClassifier(dataset, { model: "lda", select: 5, seed: 0 });
    const missing = model.file.featureNames.slice(0, 2);
    const header = ["file", "label", ...model.file.featureNames.slice(2)];
    const path = join(scratch, "partial.csv");
    writeFileSync(
      path,
      `${header.join(",")}\nx.h5,B_cell,${model.file.featureNames
        .slice(2)
        .map(() => "1")
        .join(",")}\n`,
    );
    await expect(predictTable(model, path, join(scratch, "nope.csv"))).rejects.toThrow(
      new RegExp(
        `lacks 2 features the model needs: ${missing.map((m) => m.replace(/[-[\]()]/g, "\\$&")).join(", ")}`,
      ),
    );
  });

  it.skipIf(!pythonHas("xgboost"))(
    "stores the GBDT in XGBoost's format: Python xgboost predicts the same",
    async () => {
      const dataset = await loadLabeledDataset(features);
      const { model } = trainClassifier(dataset, {
        model: "gbdt",
        modelOptions: { nEstimators: 15 },
        scaler: "none",
        seed: 0,
      });
      const booster = join(scratch, "booster.json");
      writeFileSync(booster, (model.file.model.fitted as { xgboost: string }).xgboost);
      const rows = 20;
      const X = takeColumns(
        takeRows(
          dataset.X,
          Array.from({ length: rows }, (_, i) => i),
        ),
        model.featureIndices(dataset.featureNames),
      );
      X.data.forEach((v, i) => {
        if (!Number.isFinite(v)) X.data[i] = 0;
      });
      const ours = model.predictProba(X);
      const width = X.cols;
      const csv = join(scratch, "X.csv");
      writeFileSync(
        csv,
        Array.from({ length: rows }, (_, r) =>
          Array.from(X.data.slice(r * width, (r + 1) * width)).join(","),
        ).join("\n"),
      );
      const theirs = runPython(
        `import sys, json, numpy as np, xgboost as xgb
b = xgb.Booster(); b.load_model(sys.argv[1])
X = np.loadtxt(sys.argv[2], delimiter=",", ndmin=2)
print(json.dumps(b.predict(xgb.DMatrix(X)).reshape(-1).tolist()))`,
        [booster, csv],
      );
      const expected = JSON.parse(theirs) as number[];
      expect(expected).toHaveLength(ours.length);
      expected.forEach((p, i) => {
        expect(Math.abs(p - ours[i])).toBeLessThan(1e-6);
      });
      expect(readFileSync(booster, "utf8")).toContain('"learner"');
    },
  );
});
