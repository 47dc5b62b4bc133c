import { describe, expect, it } from "vitest";
import { cellTableFromColumns } from "../../src/analysis/cellTable.js";
import {
  classFrequencies,
  compareConditions,
  comparePairedConditions,
  frequencyBoxPlotData,
  STUDY_EXCLUDED_CLASSES,
} from "../../src/analysis/classFrequencies.js";
import { benjaminiHochberg } from "../../src/analysis/statistics/benjaminiHochberg.js";
import { log2FoldChange } from "../../src/analysis/statistics/foldChange.js";
import { mannWhitneyU } from "../../src/analysis/statistics/mannWhitneyU.js";
import { wilcoxonSignedRank } from "../../src/analysis/statistics/wilcoxonSignedRank.js";
import { type BoxPlotData, boxPlot } from "../../src/report/svg/boxPlot.js";

/**
 * Cells built from counts: samples[i] = [experiment, donor, condition, {class: count}].
 */
function cellsFrom(samples: [string, string, string, Record<string, number>][]) {
  const text = {
    experiment: [] as string[],
    donor: [] as string[],
    condition: [] as string[],
    predicted_class: [] as string[],
  };
  for (const [experiment, donor, condition, counts] of samples) {
    for (const [className, count] of Object.entries(counts)) {
      for (let i = 0; i < count; i++) {
        text.experiment.push(experiment);
        text.donor.push(donor);
        text.condition.push(condition);
        text.predicted_class.push(className);
      }
    }
  }
  return cellTableFromColumns({ text });
}

describe("classFrequencies", () => {
  it("counts percentages per sample over the kept classes, leaving the study's two classes out by default", () => {
    const table = cellsFrom([
      ["E1", "D1", "-SEA", { T_cell: 3, B_cell: 1, No_cell_cell_interaction: 4 }],
      [
        "E1",
        "D1",
        "+SEA",
        { T_cell: 1, B_cell: 1, Synapses_with_signaling: 2, T_cell_with_B_cell_fragments: 5 },
      ],
    ]);
    const f = classFrequencies(table);
    expect(STUDY_EXCLUDED_CLASSES).toEqual(["T_cell_with_B_cell_fragments", "No_cell_cell_interaction"]);
    expect(f.classes).toEqual(["B_cell", "Synapses_with_signaling", "T_cell"]);
    expect(f.leftOutClasses).toEqual(["No_cell_cell_interaction", "T_cell_with_B_cell_fragments"]);
    expect(f.cellsOfLeftOutClasses).toBe(9);
    // Samples sorted by experiment, donor, condition ("+" sorts before "-").
    expect(f.samples.map((s) => s.condition)).toEqual(["+SEA", "-SEA"]);
    expect(f.samples[0]).toMatchObject({ cells: 4, counts: [1, 2, 1], percentages: [25, 50, 25] });
    expect(f.samples[1]).toMatchObject({ cells: 4, counts: [1, 0, 3], percentages: [25, 0, 75] });
    const chosen = classFrequencies(table, { classes: ["T_cell", "B_cell"] });
    expect(chosen.classes).toEqual(["T_cell", "B_cell"]);
    expect(chosen.samples[1].percentages).toEqual([75, 25]);
    expect(() => classFrequencies(table, { classes: ["Dragon"] })).toThrow(/Dragon/);
    expect(JSON.parse(JSON.stringify(f))).toEqual(f);
  });

  it("keeps a sample whose every cell was excluded, with 0 cells and NaN percentages", () => {
    const table = cellsFrom([
      ["E1", "D1", "-SEA", { T_cell: 2 }],
      ["E1", "D2", "-SEA", { T_cell: 1 }],
    ]);
    const f = classFrequencies(table, { keep: Uint8Array.of(1, 1, 0) });
    expect(f.samples[1]).toMatchObject({ donor: "D2", cells: 0, excludedByQc: 1 });
    expect(f.samples[1].percentages[0]).toBeNaN();
  });
});

/** Six donors, control and treatment; class A rises with treatment, B falls, C does not move. */
function sixDonors() {
  const samples: [string, string, string, Record<string, number>][] = [];
  const a = [
    [10, 30],
    [12, 35],
    [8, 28],
    [11, 33],
    [9, 25],
    [13, 40],
  ];
  const c = [
    [20, 22],
    [25, 21],
    [18, 19],
    [22, 26],
    [21, 20],
    [19, 23],
  ];
  for (let d = 0; d < 6; d++) {
    const experiment = d < 3 ? "E1" : "E2";
    samples.push([experiment, `D${d + 1}`, "ctrl", { A: a[d][0], B: 100 - a[d][0] - c[d][0], C: c[d][0] }]);
    samples.push([experiment, `D${d + 1}`, "treat", { A: a[d][1], B: 100 - a[d][1] - c[d][1], C: c[d][1] }]);
  }
  return cellsFrom(samples);
}

describe("compareConditions (independent samples)", () => {
  it("wires Mann–Whitney per class, BH across classes, medians, means ± sd and log2 ratio of medians", () => {
    const f = classFrequencies(sixDonors(), { excludeClasses: [] });
    const comparison = compareConditions(f, { control: "ctrl", treatment: "treat" });
    expect(comparison.test).toBe("mann-whitney-u");
    const ctrl = f.samples.filter((s) => s.condition === "ctrl");
    const treat = f.samples.filter((s) => s.condition === "treat");
    const pValues = f.classes.map((_, c) => {
      const x = ctrl.map((s) => s.percentages[c]);
      const y = treat.map((s) => s.percentages[c]);
      return mannWhitneyU(x, y).pValue;
    });
    const adjusted = benjaminiHochberg(pValues).adjusted;
    comparison.rows.forEach((row, c) => {
      const x = ctrl.map((s) => s.percentages[c]);
      const y = treat.map((s) => s.percentages[c]);
      const expected = mannWhitneyU(x, y);
      expect(row.statistic).toBe(expected.statistic);
      expect(row.pValue).toBe(expected.pValue);
      expect(row.method).toBe(expected.method);
      expect(row.adjustedPValue).toBe(adjusted[c]);
    });
    const [A, B, C] = comparison.rows;
    // A: every treated sample above every control: U = 0, exact p = 2/C(12, 6) = 2/924.
    expect(A).toMatchObject({
      className: "A",
      statistic: 0,
      method: "exact",
      direction: "up",
      significant: true,
    });
    expect(A.pValue).toBeCloseTo(2 / 924, 15);
    expect(A.controlMedian).toBe(10.5);
    expect(A.treatmentMedian).toBe(31.5);
    expect(A.controlMean).toBeCloseTo(10.5, 12);
    expect(A.controlSd).toBeCloseTo(Math.sqrt(17.5 / 5), 12);
    expect(A.log2FoldChange).toBeCloseTo(Math.log2((31.5 + 0.1) / (10.5 + 0.1)), 12);
    expect(B).toMatchObject({ direction: "down", significant: true });
    expect(C.significant).toBe(false);
  });

  it("leaves out samples without kept cells and refuses an unknown condition", () => {
    const f = classFrequencies(sixDonors(), { excludeClasses: [] });
    f.samples[0] = { ...f.samples[0], cells: 0, percentages: [Number.NaN, Number.NaN, Number.NaN] };
    const comparison = compareConditions(f, { control: "ctrl", treatment: "treat", pseudocount: 0 });
    expect(comparison.emptySamples).toEqual(["E1/D1/ctrl"]);
    expect(comparison.rows[0].controlSamples).toBe(5);
    expect(comparison.rows[0].log2FoldChange).toBeCloseTo(
      Math.log2(comparison.rows[0].treatmentMedian / comparison.rows[0].controlMedian),
      12,
    );
    expect(() => compareConditions(f, { control: "ctrl", treatment: "nope" })).toThrow(/nope/);
  });
});

describe("comparePairedConditions (per donor)", () => {
  it("tests per-donor log2 fold changes against 0 with Wilcoxon, then BH across classes", () => {
    const f = classFrequencies(sixDonors(), { excludeClasses: [] });
    const comparison = comparePairedConditions(f, { control: "ctrl", treatment: "treat", pseudocount: 0.5 });
    expect(comparison.test).toBe("wilcoxon-signed-rank");
    expect(comparison.pairs!.map((p) => p.donor)).toEqual([
      "E1/D1",
      "E1/D2",
      "E1/D3",
      "E2/D4",
      "E2/D5",
      "E2/D6",
    ]);
    const changes = f.classes.map((_, c) =>
      comparison.pairs!.map((p) =>
        Math.log2((p.treatmentPercentages[c] + 0.5) / (p.controlPercentages[c] + 0.5)),
      ),
    );
    comparison.pairs!.forEach((pair) => {
      expect(pair.log2FoldChanges).toEqual(
        Array.from(log2FoldChange(pair.treatmentPercentages, pair.controlPercentages, { pseudocount: 0.5 })),
      );
    });
    const pValues = changes.map((d) => wilcoxonSignedRank(d).pValue);
    const adjusted = benjaminiHochberg(pValues).adjusted;
    comparison.rows.forEach((row, c) => {
      expect(row.pValue).toBe(pValues[c]);
      expect(row.statistic).toBe(wilcoxonSignedRank(changes[c]).statistic);
      expect(row.adjustedPValue).toBe(adjusted[c]);
      const sorted = [...changes[c]].sort((a, b) => a - b);
      expect(row.log2FoldChange).toBe((sorted[2] + sorted[3]) / 2);
    });
    // A rises in all six donors: exact two-sided p = 2/64, the smallest six pairs can give.
    expect(comparison.rows[0]).toMatchObject({ direction: "up", statistic: 0 });
    expect(comparison.rows[0].pValue).toBe(2 / 64);
    // With six donors and BH over three classes, two classes at p = 1/32 adjust to 3/64 < 0.05.
    expect(comparison.rows[0].adjustedPValue).toBeCloseTo(3 / 64, 15);
    expect(comparison.rows[0].significant).toBe(true);
    expect(comparison.rows[1]).toMatchObject({ direction: "down", significant: true });
    expect(comparison.rows[2].significant).toBe(false);
  });

  it("lists donors without both conditions and refuses ambiguous pairing", () => {
    const table = cellsFrom([
      ["E1", "D1", "ctrl", { A: 1, B: 1 }],
      ["E1", "D1", "treat", { A: 2, B: 1 }],
      ["E1", "D2", "ctrl", { A: 1, B: 3 }],
      ["E2", "D1", "ctrl", { A: 1, B: 1 }],
    ]);
    const f = classFrequencies(table);
    const comparison = comparePairedConditions(f, { control: "ctrl", treatment: "treat" });
    expect(comparison.unpairedDonors).toEqual(["E1/D2", "E2/D1"]);
    expect(comparison.pairs).toHaveLength(1);
    expect(() =>
      comparePairedConditions(f, { control: "ctrl", treatment: "treat", pairBy: "donor" }),
    ).toThrow(/several ctrl samples/);
    expect(() => comparePairedConditions(f, { control: "ctrl", treatment: "other" })).toThrow(/no donor/);
  });
});

describe("frequencyBoxPlotData", () => {
  it("gives one panel per class, one box per condition and one donor-identified point per sample", () => {
    const f = classFrequencies(sixDonors(), { excludeClasses: [] });
    const comparison = compareConditions(f, { control: "ctrl", treatment: "treat" });
    const data = frequencyBoxPlotData(f, { conditions: ["ctrl", "treat"], comparison });
    expect(data.panels.map((p) => p.title)).toEqual(["A", "B", "C"]);
    expect(data.panels[0].groups.map((g) => g.name)).toEqual(["ctrl", "treat"]);
    expect(data.panels[0].groups[0].values).toEqual([10, 12, 8, 11, 9, 13]);
    expect(data.panels[0].groups[1].ids).toEqual(["E1/D1", "E1/D2", "E1/D3", "E2/D4", "E2/D5", "E2/D6"]);
    // 2/924 = 0.00216; adjusted 3 · 2/924 = 0.0065 (B is tied, so its p is asymptotic and larger).
    expect(data.panels[0].subtitle).toBe("p = 0.0022, adj. p = 0.0065");
    const typed: BoxPlotData = data;
    const svg = boxPlot(typed, { yLabel: "% of cells" });
    expect(svg).toContain("<svg");
    expect(svg).toContain("E2/D6");
  });
});
