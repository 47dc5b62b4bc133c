import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CellTable,
  categoryValue,
  joinCellTables,
  readCellTable,
  requireText,
} from "../../src/analysis/cellTable.js";
import { readClassCells } from "../../src/analysis/classCells.js";
import { classFrequencies, compareConditions } from "../../src/analysis/classFrequencies.js";
import { embeddings } from "../../src/analysis/embeddings.js";
import { featureDifferences } from "../../src/analysis/featureDifferences.js";
import { checkPlantedTruth, readPlantedTruth } from "../../src/analysis/plantedTruth.js";
import { type QualityControlResult, qualityControl } from "../../src/analysis/qualityControl.js";
import { aggregateSamples } from "../../src/analysis/readout.js";
import { extractToFile } from "../../src/extract/extractToFile.js";
import { loadLabeledDataset } from "../../src/ml/labeledDataset.js";
import { predictTable } from "../../src/ml/predictTable.js";
import { trainClassifier } from "../../src/ml/training.js";
import { writeSyntheticDataset } from "../../src/synth/syntheticDataset.js";

/**
 * The whole path from images to biology on a synthetic dataset whose truth is known: synthesise,
 * extract features, train gradient-boosted trees on the labelled cells, predict every cell, run
 * quality control, and compare −SEA with +SEA. Stimulation changes the frequencies of T_cell
 * (down), T_cell_with_signaling and Synapses_with_signaling (up) and nothing else.
 */
const CHANNELS = ["BF", "F-Actin", "MHCII", "CD3", "P-CD3zeta"];
const scratch = mkdtempSync(join(tmpdir(), "scifai-analysis-e2e-"));
const data = join(scratch, "data");
const features = join(scratch, "features.parquet");
const predictions = join(scratch, "predictions.parquet");
let cells: CellTable;
let qc: QualityControlResult;

afterAll(() => rmSync(scratch, { recursive: true, force: true }));
beforeAll(async () => {
  writeSyntheticDataset(data, { cells: 1800, channels: 5, seed: 3 });
  await extractToFile({
    data,
    output: features,
    spec: { features: "readme", channelNames: CHANNELS },
    workers: 2,
  });
  const dataset = await loadLabeledDataset(features);
  const { model } = trainClassifier(dataset, { model: "gbdt", modelOptions: { nEstimators: 30 }, seed: 0 });
  await predictTable(model, features, predictions);
  const predicted = await readCellTable(predictions, {
    text: ["file", "experiment", "donor", "condition", "label", "predicted_class"],
    numeric: ["prediction_entropy"],
  });
  const focus = await readCellTable(features, {
    text: ["file"],
    numeric: [
      "gradient_RMS_BF",
      "mask_based_area_MHCII",
      "mask_based_area_CD3",
      "mask_based_mean_intensity_P-CD3zeta",
    ],
  });
  cells = joinCellTables(predicted, focus);
  qc = qualityControl(cells, {
    outliers: {
      features: ["mask_based_area_MHCII", "mask_based_area_CD3", "mask_based_mean_intensity_P-CD3zeta"],
    },
  });
}, 600_000);

describe("from synthetic images to biology", () => {
  it("predicts the labelled cells of every class well (a model reading the wrong columns would not)", () => {
    const label = requireText(cells, "label");
    const predicted = requireText(cells, "predicted_class");
    const labelled = new Map<string, { cells: number; right: number }>();
    for (let r = 0; r < cells.rows; r++) {
      const stored = categoryValue(label, r);
      if (stored === "-1" || stored === "") continue;
      const entry = labelled.get(stored) ?? { cells: 0, right: 0 };
      entry.cells++;
      if (stored === categoryValue(predicted, r)) entry.right++;
      labelled.set(stored, entry);
    }
    // Most labelled cells were training cells; 3% of the stored labels are deliberately wrong.
    const recall = [...labelled].map(([c, { cells: n, right }]) => `${c}: ${right}/${n}`);
    for (const [, { cells: n, right }] of labelled) expect(right / n, recall.join(", ")).toBeGreaterThan(0.8);
  });

  it("runs and reports quality control", () => {
    const [entropy, focus, dead, outlier] = qc.report.steps;
    expect(entropy).toMatchObject({ status: "applied", columns: ["prediction_entropy"] });
    expect(focus).toMatchObject({ status: "applied", columns: ["gradient_RMS_BF"] });
    expect(focus.thresholds.map((t) => t.group)).toEqual(["Experiment_1", "Experiment_2"]);
    // The 5-channel panel has no Live-Dead stain.
    expect(dead.status).toBe("not applicable");
    expect(outlier.status).toBe("applied");
    expect(qc.report.kept).toBeGreaterThan(0.7 * cells.rows);
    expect(qc.report.kept + qc.report.excluded).toBe(1800);
  });

  it("recovers the planted class-frequency changes between −SEA and +SEA (Mann–Whitney, BH)", () => {
    const frequencies = classFrequencies(cells, { keep: qc.keep });
    expect(frequencies.classes).not.toContain("No_cell_cell_interaction");
    expect(frequencies.samples).toHaveLength(12);
    const comparison = compareConditions(frequencies, { control: "-SEA", treatment: "+SEA" });
    const report = checkPlantedTruth(readPlantedTruth(data), comparison);
    const verdict = report.rows.map(
      (r) => `${r.className}: ${r.outcome} (adj. p ${r.adjustedPValue.toFixed(4)})`,
    );
    expect(report.recovered, verdict.join("\n")).toBe(true);
    expect(report.truePositives).toBe(3);
    expect(report.notTested).toEqual(["No_cell_cell_interaction"]);
  });

  it("tests the planted morphology: P-CD3zeta of signalling cells, −SEA vs +SEA, per donor", async () => {
    const featureNames = ["mask_based_mean_intensity_P-CD3zeta", "mask_based_area_BF"];
    const { table } = await readClassCells({
      predictions,
      features,
      featureNames,
      classes: ["T_cell_with_signaling", "Synapses_with_signaling"],
      keep: qc.keep,
    });
    const result = featureDifferences(table, { features: featureNames, control: "-SEA", treatment: "+SEA" });
    expect(result.donors).toHaveLength(6);
    expect(result.testCount).toBe(12);
    // Stimulation makes signalling 1.5× brighter. With 5–12 control cells per donor at this size the
    // per-donor tests are weak, but the typical effect is clearly positive.
    const signal = result.summary.find((s) => s.feature === "mask_based_mean_intensity_P-CD3zeta")!;
    expect(signal.medianCliffsDelta).toBeGreaterThan(0.2);
    expect(signal.significantDown).toBe(0);
  });

  it("embeds the cells and summarises samples for a readout", () => {
    const embedded = embeddings(cells, {
      features: ["mask_based_area_MHCII", "mask_based_area_CD3", "mask_based_mean_intensity_P-CD3zeta"],
      keep: qc.keep,
      maxCells: 300,
      umap: { nEpochs: 50 },
    });
    expect(embedded.cells).toBe(300);
    expect(embedded.batchEffect!.score).toBeLessThan(0.2);
    const aggregates = aggregateSamples(cells, {
      features: ["mask_based_mean_intensity_P-CD3zeta"],
      classes: ["Synapses_with_signaling"],
      keep: qc.keep,
    });
    expect(aggregates.samples).toHaveLength(12);
    expect(aggregates.samples.every((s) => s.cells > 0)).toBe(true);
  });
});
