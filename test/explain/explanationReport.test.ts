import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channelAblation } from "../../src/explain/channelAblation.js";
import {
  type ExplanationManifest,
  safeFileName,
  writeExplanationReport,
} from "../../src/explain/explanationReport.js";
import { rankedImportanceOverResamples } from "../../src/explain/resampledImportanceRanks.js";
import { modelMargins } from "../../src/explain/shapValues.js";
import { parseCsvLine } from "../../src/io/csvFormat.js";
import { openTable } from "../../src/io/tableReader.js";
import type { LabeledDataset } from "../../src/ml/labeledDataset.js";
import { takeRows } from "../../src/ml/matrix.js";
import type { TrainedModel } from "../../src/ml/modelFile.js";
import { checkChart } from "../report/svg/svgAssertions.js";
import {
  classificationData,
  fitTrainedModel,
  SYNTH_PANEL,
  syntheticFeatureTable,
} from "./explainFixtures.js";

async function readTable(
  path: string,
): Promise<{ text: Map<string, string[]>; numeric: Map<string, number[]>; rows: number }> {
  const reader = await openTable(path);
  const text = new Map(reader.columns.text.map((c) => [c, [] as string[]]));
  const numeric = new Map(reader.columns.numeric.map((c) => [c, [] as number[]]));
  try {
    for await (const batch of reader.batches()) {
      reader.columns.text.forEach((c, i) => {
        text.get(c)!.push(...batch.text[i]);
      });
      reader.columns.numeric.forEach((c, i) => {
        numeric.get(c)!.push(...batch.numeric[i]);
      });
    }
  } finally {
    reader.close();
  }
  return { text, numeric, rows: reader.columns.rows };
}

function csvRows(path: string): string[][] {
  return readFileSync(path, "utf8").trimEnd().split("\n").map(parseCsvLine);
}

function checkEveryFile(manifest: ExplanationManifest): void {
  const listed = manifest.files.map((f) => f.file);
  expect(new Set(listed).size).toBe(listed.length);
  expect(readdirSync(manifest.outputDir).sort()).toEqual([...listed, "explanation_manifest.json"].sort());
  for (const f of manifest.files) {
    expect(f.title.length).toBeGreaterThan(0);
    expect(f.caption.length).toBeGreaterThan(20);
    if (f.file.endsWith(".svg")) checkChart(readFileSync(join(manifest.outputDir, f.file), "utf8"));
  }
  expect(
    JSON.parse(readFileSync(join(manifest.outputDir, "explanation_manifest.json"), "utf8")).files,
  ).toEqual(manifest.files);
}

describe("writeExplanationReport of a GBDT on extracted synthetic features", () => {
  let dataset: LabeledDataset;
  let dir: string;
  let model: TrainedModel;
  beforeAll(async () => {
    ({ dataset, dir } = await syntheticFeatureTable(300, 5));
    model = fitTrainedModel("gbdt", dataset.X, dataset.y, dataset.classes, dataset.featureNames, {
      modelOptions: { nEstimators: 6, maxDepth: 3 },
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes every table and chart, SHAP rows that add up, and a manifest", async () => {
    const out = join(dir, "explain");
    const labels = Array.from(dataset.y, (k, r) => (r % 4 === 3 ? null : dataset.classes[k]));
    const ablation = channelAblation(dataset, {
      channelNames: SYNTH_PANEL,
      subsets: [["BF"], SYNTH_PANEL],
      seeds: [0],
      nEstimators: 3,
      split: { testSize: 0.3, stratifyBy: [] },
    });
    const ranking = rankedImportanceOverResamples(
      dataset.X,
      dataset.y,
      dataset.classes.length,
      dataset.featureNames,
      {
        resamples: 2,
        modelOptions: { nEstimators: 3, maxDepth: 2 },
      },
    );
    const started = performance.now();
    const manifest = writeExplanationReport(
      model,
      { X: dataset.X, metadata: dataset.text, labels },
      {
        outputDir: out,
        channelNames: SYNTH_PANEL,
        maxRows: 200,
        blockRows: 64,
        allClasses: true,
        permutation: { nRepeats: 2, maxSamples: 100 },
        ablation,
        resampleRanking: ranking,
      },
    );
    console.log(
      `report of 200 rows × 600 features × 7 classes in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const classes = dataset.classes;
    const expected = [
      "shap_values.parquet",
      "shap_values_all_classes.parquet",
      ...classes.map((c) => `shap_summary_${safeFileName(c)}.svg`),
      "shap_bar.svg",
      "importance_mean_abs_shap.csv",
      "importance_gain_cover.csv",
      "confusion_matrix.svg",
      "importance_permutation.csv",
      "importance_permutation.svg",
      "importance_channels.csv",
      "channel_importance.svg",
      "channel_ablation.svg",
      "channel_ablation.csv",
      "importance_resampled_ranks.csv",
    ];
    const files = manifest.files.map((f) => f.file);
    for (const name of expected) expect(files).toContain(name);
    // One waterfall per predicted class (the most confident cell of each).
    const waterfalls = files.filter((f) => /^waterfall_\d+\.svg$/.test(f));
    expect(waterfalls.length).toBeGreaterThanOrEqual(2);
    expect(waterfalls.length).toBeLessThanOrEqual(classes.length);
    checkEveryFile(manifest);
    expect(manifest.rows).toEqual({ total: 300, explained: 200, labelled: 225 });
    expect(manifest.shapMethod).toBe("tree");
    expect(manifest.additivityMaxError).toBeLessThan(1e-9);

    // shap_values.parquet: bias + Σ shap = the margin of the predicted class.
    const table = await readTable(join(out, "shap_values.parquet"));
    expect(table.rows).toBe(200);
    for (const column of ["file", "experiment", "donor", "condition", "predicted_class", "label"])
      expect(table.text.has(column)).toBe(true);
    const rows = table.numeric.get("row")!;
    const margins = modelMargins(model, takeRows(dataset.X, rows));
    const classCount = classes.length;
    for (const i of [0, 77, 199]) {
      let sum = table.numeric.get("shap_bias")![i];
      for (const name of dataset.featureNames) sum += table.numeric.get(`shap_${name}`)![i];
      const k = classes.indexOf(table.text.get("predicted_class")![i]);
      expect(Math.abs(sum - margins[i * classCount + k])).toBeLessThan(1e-9);
      expect(table.text.get("file")![i]).toBe(dataset.text.get("file")![rows[i]]);
      expect(table.text.get("label")![i]).toBe(labels[rows[i]] ?? "");
    }
    const all = await readTable(join(out, "shap_values_all_classes.parquet"));
    expect(all.rows).toBe(200 * classCount);
    expect(all.text.get("class")!.slice(0, classCount)).toEqual(classes);

    // Tables.
    const meanAbs = csvRows(join(out, "importance_mean_abs_shap.csv"));
    expect(meanAbs[0].slice(0, 4)).toEqual(["rank", "feature", "channels", "mean_abs_shap"]);
    expect(meanAbs.length).toBe(601);
    const overall = meanAbs.slice(1).map((r) => Number(r[3]));
    for (let i = 1; i < overall.length; i++) expect(overall[i]).toBeLessThanOrEqual(overall[i - 1]);
    expect(csvRows(join(out, "importance_gain_cover.csv")).length).toBe(601);
    const permutation = csvRows(join(out, "importance_permutation.csv"));
    expect(permutation[0]).toEqual([
      "rank",
      "feature",
      "importance_mean",
      "importance_std",
      "importance_repeat_1",
      "importance_repeat_2",
    ]);
    expect(permutation.length).toBe(601);
    const channels = csvRows(join(out, "importance_channels.csv"));
    expect(channels.map((r) => r[0])).toEqual(["channel", ...SYNTH_PANEL]);
    // Channel shares of mean |SHAP| add up to the features' total.
    const channelTotal = channels.slice(1).reduce((s, r) => s + Number(r[2]), 0);
    const featureTotal = overall.reduce((s, v) => s + v, 0);
    expect(Math.abs(channelTotal - featureTotal)).toBeLessThan(1e-9 * featureTotal);
    expect(csvRows(join(out, "importance_resampled_ranks.csv")).length).toBe(601);
  });
});

describe("writeExplanationReport of other models", () => {
  const { X, y } = classificationData(80, 5, 3, 8);
  const names = ["size_Ch1", "mean_Ch2", "max_Ch2", "dice_distance_Ch1_Ch2", "cells_per_image"];
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "scifai-explain-report-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("a linear model without labels: SHAP against the explained rows, no labelled outputs", () => {
    const model = fitTrainedModel("lr", X, y, ["A cell", "B/cell", "C"], names);
    const manifest = writeExplanationReport(
      model,
      { X },
      { outputDir: join(dir, "lr"), channelNames: ["BF", "DNA"] },
    );
    checkEveryFile(manifest);
    expect(manifest.shapMethod).toBe("linear");
    expect(manifest.additivityMaxError).toBeLessThan(1e-12);
    expect(manifest.notes.join(" ")).toMatch(/No labelled rows/);
    const files = manifest.files.map((f) => f.file);
    expect(files).toContain("shap_summary_A_cell.svg");
    expect(files).toContain("shap_summary_B_cell.svg");
    expect(files).not.toContain("confusion_matrix.svg");
    expect(files).not.toContain("importance_gain_cover.csv");
    // The feature without a channel token is reported on its own line.
    const channels = csvRows(join(dir, "lr", "importance_channels.csv"));
    expect(channels.map((r) => r[0])).toEqual(["channel", "BF", "DNA", "(no channel)"]);
  });

  it("a random forest: no SHAP, permutation importance per feature and channel", () => {
    const model = fitTrainedModel("rf", X, y, ["a", "b", "c"], names, { modelOptions: { nEstimators: 5 } });
    const labels = Array.from(y, (k) => ["a", "b", "c"][k]);
    const manifest = writeExplanationReport(
      model,
      { X, labels },
      { outputDir: join(dir, "rf"), channelNames: ["BF", "DNA"], permutation: { nRepeats: 2 } },
    );
    checkEveryFile(manifest);
    expect(manifest.shapMethod).toBeNull();
    expect(manifest.notes.join(" ")).toMatch(/random forests/);
    const files = manifest.files.map((f) => f.file).sort();
    expect(files).toEqual(
      [
        "channel_importance.svg",
        "confusion_matrix.svg",
        "importance_channels.csv",
        "importance_permutation.csv",
        "importance_permutation.svg",
      ].sort(),
    );
    expect(existsSync(join(dir, "rf", "shap_values.parquet"))).toBe(false);
  });

  it("refuses a matrix that does not fit the model", () => {
    const model = fitTrainedModel("lda", X, y, ["a", "b", "c"], names);
    expect(() =>
      writeExplanationReport(
        model,
        { X: takeRows(X, [0]), labels: ["a", "b"] },
        { outputDir: join(dir, "x") },
      ),
    ).toThrow(/labels/);
  });
});
