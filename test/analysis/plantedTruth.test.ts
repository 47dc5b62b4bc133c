import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ClassComparison, ClassComparisonRow } from "../../src/analysis/classFrequencies.js";
import { checkPlantedTruth, readPlantedTruth } from "../../src/analysis/plantedTruth.js";
import { writeSyntheticDataset } from "../../src/synth/syntheticDataset.js";

const scratch = mkdtempSync(join(tmpdir(), "scifai-truth-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function row(
  className: string,
  direction: ClassComparisonRow["direction"],
  significant: boolean,
): ClassComparisonRow {
  return {
    className,
    controlSamples: 6,
    treatmentSamples: 6,
    controlMedian: 1,
    treatmentMedian: 2,
    controlMean: 1,
    controlSd: 0.1,
    treatmentMean: 2,
    treatmentSd: 0.1,
    statistic: 0,
    pValue: significant ? 0.002 : 0.5,
    adjustedPValue: significant ? 0.01 : 0.6,
    significant,
    log2FoldChange: 1,
    direction,
    method: "exact",
  };
}

function comparison(rows: ClassComparisonRow[]): ClassComparison {
  return {
    test: "mann-whitney-u",
    control: "-SEA",
    treatment: "+SEA",
    alpha: 0.05,
    pseudocount: 0.1,
    rows,
    emptySamples: [],
  };
}

describe("planted truth", () => {
  const root = join(scratch, "data");
  writeSyntheticDataset(root, { cells: 24, channels: 5, seed: 3 });

  it("reads the design of a synthetic dataset from its folder or its file", () => {
    const truth = readPlantedTruth(root);
    expect(truth.changedClasses).toEqual(["T_cell", "T_cell_with_signaling", "Synapses_with_signaling"]);
    expect(truth.conditions.map((c) => c.name)).toEqual(["-SEA", "+SEA"]);
    expect(truth.classes).toHaveLength(7);
    expect(readPlantedTruth(join(root, ".scifai-synth.json")).changedClasses).toEqual(truth.changedClasses);
    const bad = join(scratch, "bad.json");
    writeFileSync(bad, '{"generator": "other"}');
    expect(() => readPlantedTruth(bad)).toThrow(/not a scifai synth design/);
    expect(() => readPlantedTruth(join(scratch, "missing"))).toThrow(/cannot read the planted truth/);
  });

  it("recognises a comparison that recovers the truth", () => {
    const truth = readPlantedTruth(root);
    const report = checkPlantedTruth(
      truth,
      comparison([
        row("B_cell", "up", false),
        row("T_cell", "down", true),
        row("T_cell_with_signaling", "up", true),
        row("Synapses_without_signaling", "down", false),
        row("Synapses_with_signaling", "up", true),
        row("Multiplets", "up", false),
      ]),
    );
    expect(report.recovered).toBe(true);
    expect(report).toMatchObject({
      truePositives: 3,
      trueNegatives: 3,
      falsePositives: 0,
      falseNegatives: 0,
    });
    expect(report.notTested).toEqual(["No_cell_cell_interaction"]);
    const tCell = report.rows.find((r) => r.className === "T_cell")!;
    expect(tCell).toMatchObject({
      planted: "changed",
      expectedDirection: "down",
      controlFrequency: 0.36,
      treatmentFrequency: 0.22,
    });
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it("names false positives, false negatives, wrong directions and unknown classes", () => {
    const report = checkPlantedTruth(
      readPlantedTruth(root),
      comparison([
        row("B_cell", "up", true),
        row("T_cell", "up", true),
        row("T_cell_with_signaling", "up", false),
        row("Synapses_with_signaling", "up", true),
        row("Dragon", "up", true),
      ]),
    );
    expect(report.recovered).toBe(false);
    expect(report.rows.map((r) => r.outcome)).toEqual([
      "false positive",
      "wrong direction",
      "false negative",
      "true positive",
      "unknown",
    ]);
    expect(() =>
      checkPlantedTruth(readPlantedTruth(root), { ...comparison([]), treatment: "CD19-TCB" }),
    ).toThrow(/not in the design/);
  });
});
