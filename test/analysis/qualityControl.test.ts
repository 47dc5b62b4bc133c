import { describe, expect, it } from "vitest";
import { cellTableFromColumns } from "../../src/analysis/cellTable.js";
import { classFrequencies } from "../../src/analysis/classFrequencies.js";
import {
  ordinal,
  parseFlagColumn,
  QC_STEPS,
  qualityControl,
  qualityControlColumns,
} from "../../src/analysis/qualityControl.js";
import { percentile } from "../../src/image/statistics.js";
import { entropyNats } from "../../src/ml/predictionEntropy.js";
import { createRandom } from "../../src/util/random.js";

/** Ten cells in two experiments with hand-checkable values. */
function tenCells() {
  return cellTableFromColumns({
    text: {
      experiment: ["E1", "E1", "E1", "E1", "E1", "E2", "E2", "E2", "E2", "E2"],
      donor: ["D1", "D1", "D1", "D1", "D1", "D2", "D2", "D2", "D2", "D2"],
      condition: ["-SEA", "-SEA", "+SEA", "+SEA", "+SEA", "-SEA", "-SEA", "+SEA", "+SEA", "+SEA"],
      predicted_class: [
        "T_cell",
        "B_cell",
        "T_cell",
        "B_cell",
        "T_cell",
        "B_cell",
        "T_cell",
        "B_cell",
        "T_cell",
        "B_cell",
      ],
    },
    numeric: {
      prediction_entropy: [0.1, 1.2, 1.19, Number.NaN, 0.5, 0.2, 0.3, 2.0, 0.4, 0.0],
      // E1: 1 … 5, E2: 10 … 50.
      gradient_RMS_BF: [1, 2, 3, 4, 5, 10, 20, 30, 40, 50],
      "mask_based_mean_intensity_Live-Dead": [5, 1, 1, 1, 1, 1, 1, 1, 1, 9],
    },
  });
}

describe("qualityControl", () => {
  it("flags high entropy at or above the threshold, and a missing entropy, counting it apart", () => {
    const result = qualityControl(tenCells(), { focus: false, deadCells: false });
    expect(Array.from(result.flags.high_entropy!)).toEqual([0, 1, 0, 1, 0, 0, 0, 1, 0, 0]);
    const step = result.report.steps[0];
    expect(step).toMatchObject({
      step: "high_entropy",
      status: "applied",
      flagged: 3,
      missing: 1,
      newlyExcluded: 3,
    });
    expect(step.parameters).toEqual({ threshold: 1.2, unit: "nats" });
    expect(step.description).toBe("prediction entropy ≥ 1.2 nats");
  });

  it("computes the entropy from probability columns when there is no entropy column", () => {
    const p = [
      [0.5, 0.5, 0],
      [0.98, 0.01, 0.01],
      [1 / 3, 1 / 3, 1 / 3],
    ];
    const table = cellTableFromColumns({
      numeric: {
        probability_a: p.map((r) => r[0]),
        probability_b: p.map((r) => r[1]),
        probability_c: p.map((r) => r[2]),
      },
    });
    const result = qualityControl(table, { entropy: { threshold: 0.6 } });
    // Entropies: ln 2 ≈ 0.693, ≈ 0.112, ln 3 ≈ 1.099.
    expect(p.map((row) => entropyNats(row) >= 0.6)).toEqual([true, false, true]);
    expect(Array.from(result.flags.high_entropy!)).toEqual([1, 0, 1]);
    expect(result.report.steps[0].columns).toEqual(["probability_a", "probability_b", "probability_c"]);
    // No experiment, focus or live/dead column: those steps are reported, not silently skipped.
    expect(result.report.steps.map((s) => s.status)).toEqual([
      "applied",
      "not applicable",
      "not applicable",
      "not applicable",
    ]);
  });

  it("flags out-of-focus cells outside the percentiles of their own experiment (default) or of all cells", () => {
    const table = tenCells();
    const perExperiment = qualityControl(table, {
      entropy: false,
      deadCells: false,
      focus: { lowerPercentile: 10, upperPercentile: 70 },
    });
    // np.percentile([1..5], 10) = 1.4, ([1..5], 70) = 3.8 (cells 1, 4, 5 flagged); E2 the same × 10.
    const focusStep = perExperiment.report.steps[1];
    expect(focusStep.thresholds.map((t) => [t.group, t.lower, t.upper, t.flagged])).toEqual([
      [
        "E1",
        percentile(Float64Array.of(1, 2, 3, 4, 5), 10),
        percentile(Float64Array.of(1, 2, 3, 4, 5), 70),
        3,
      ],
      [
        "E2",
        percentile(Float64Array.of(10, 20, 30, 40, 50), 10),
        percentile(Float64Array.of(10, 20, 30, 40, 50), 70),
        3,
      ],
    ]);
    expect(focusStep.thresholds[0].lower).toBeCloseTo(1.4, 12);
    expect(focusStep.thresholds[0].upper).toBeCloseTo(3.8, 12);
    expect(Array.from(perExperiment.flags.out_of_focus!)).toEqual([1, 0, 0, 1, 1, 1, 0, 0, 1, 1]);
    expect(focusStep.parameters.scope).toBe("experiment");
    expect(focusStep.columns).toEqual(["gradient_RMS_BF"]);

    const global = qualityControl(table, {
      entropy: false,
      deadCells: false,
      focus: { lowerPercentile: 10, upperPercentile: 70, scope: "global" },
    });
    // All ten values: p10 = 1.9, p70 = 23 → 1 and 30, 40, 50 are flagged.
    expect(Array.from(global.flags.out_of_focus!)).toEqual([1, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
    expect(global.report.steps[1].thresholds).toHaveLength(1);
  });

  it("uses the study's defaults: p2/p90 focus, p90 live/dead, per experiment", () => {
    const result = qualityControl(tenCells(), { entropy: false });
    const [, focus, dead] = result.report.steps;
    expect(focus.parameters).toEqual({ lowerPercentile: 2, upperPercentile: 90, scope: "experiment" });
    // Within each experiment of five values, p2 lies between the two smallest, p90 between the two largest.
    expect(Array.from(result.flags.out_of_focus!)).toEqual([1, 0, 0, 0, 1, 1, 0, 0, 0, 1]);
    expect(dead.parameters).toEqual({ percentile: 90, scope: "experiment" });
    expect(dead.columns).toEqual(["mask_based_mean_intensity_Live-Dead"]);
    // E1: [5,1,1,1,1] p90 = 3.4 → cell 0; E2: [1,1,1,1,9] p90 = 5.8 → cell 9.
    expect(Array.from(result.flags.dead_cell!)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    // Cells 0 and 9 were already out of focus: the dead-cell step excludes no new cell.
    expect(dead.flagged).toBe(2);
    expect(dead.newlyExcluded).toBe(0);
  });

  it("finds the live/dead column by channel name in unrenamed tables, or reports it not applicable", () => {
    const table = cellTableFromColumns({
      text: { experiment: ["E", "E", "E", "E"] },
      numeric: { mask_based_mean_intensity_Ch8: [1, 2, 3, 100], mask_based_mean_intensity_Ch1: [9, 9, 9, 9] },
    });
    const channelNames = ["BF", "Antibody", "CD18", "F-Actin", "MHCII", "CD3", "P-CD3zeta", "Live-Dead"];
    const found = qualityControl(table, { entropy: false, focus: false, deadCells: { channelNames } });
    expect(found.report.steps[2].columns).toEqual(["mask_based_mean_intensity_Ch8"]);
    expect(Array.from(found.flags.dead_cell!)).toEqual([0, 0, 0, 1]);
    const absent = qualityControl(table, { entropy: false, focus: false });
    expect(absent.report.steps[2]).toMatchObject({ status: "not applicable", flagged: 0 });
    expect(absent.report.steps[2].description).toContain("mask_based_mean_intensity_Live-Dead");
    expect(absent.flags.dead_cell).toBeUndefined();
    expect(() => qualityControl(table, { deadCells: { column: "nope" } })).toThrow(
      /no numeric column 'nope'/,
    );
  });

  it("reports disabled steps and an unrenamed focus column; no experiment column falls back to global, said so", () => {
    const table = cellTableFromColumns({ numeric: { gradient_RMS_Ch1: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] } });
    const result = qualityControl(table, { entropy: false, outliers: false });
    expect(result.report.steps[0]).toMatchObject({ status: "disabled", flagged: 0 });
    expect(result.report.steps[3]).toMatchObject({ status: "disabled" });
    expect(result.report.steps[1].columns).toEqual(["gradient_RMS_Ch1"]);
    expect(result.report.steps[1].parameters.scope).toBe("global");
    expect(result.report.steps[1].description).toContain("no 'experiment' column");
    expect(result.report.steps.map((s) => s.step)).toEqual([...QC_STEPS]);
  });

  it("runs the outlier detector on chosen features and counts every step's newly excluded cells", () => {
    const random = createRandom(5);
    const n = 400;
    const a = Float64Array.from({ length: n }, () => random.normal());
    const b = Float64Array.from({ length: n }, () => random.normal());
    a[17] = 25;
    b[300] = -30;
    const table = cellTableFromColumns({
      text: { experiment: Array.from({ length: n }, (_, i) => (i < 200 ? "E1" : "E2")) },
      numeric: { a, b, prediction_entropy: Float64Array.from({ length: n }, (_, i) => (i === 17 ? 2 : 0)) },
    });
    const result = qualityControl(table, { outliers: { features: ["a", "b"] } });
    const outlier = result.report.steps[3];
    expect(outlier.status).toBe("applied");
    expect(result.flags.outlier![17]).toBe(1);
    expect(result.flags.outlier![300]).toBe(1);
    // Cell 17 was already excluded for its entropy.
    expect(outlier.newlyExcluded).toBe(outlier.flagged - 1);
    expect(result.outlierDistances![300]).toBeGreaterThan(outlier.thresholds[0].upper!);
    expect(result.report.excluded).toBe(result.report.steps.reduce((sum, s) => sum + s.newlyExcluded, 0));
    expect(result.report.kept + result.report.excluded).toBe(n);
    expect(() => qualityControl(table, { outliers: { features: ["nope"] } })).toThrow(/nope/);
    expect(JSON.parse(JSON.stringify(result.report))).toEqual(result.report);
  });
});

describe("qualityControlColumns", () => {
  it("lists the feature-table columns quality control would read, so only those are loaded", () => {
    const available = ["gradient_RMS_Ch1", "gradient_RMS_BF", "mask_based_mean_intensity_Ch8", "a", "b"];
    const channelNames = ["BF", "Antibody", "CD18", "F-Actin", "MHCII", "CD3", "P-CD3zeta", "Live-Dead"];
    expect(
      qualityControlColumns(available, {
        deadCells: { channelNames },
        outliers: { features: ["a", "gradient_RMS_BF"] },
      }),
    ).toEqual(["gradient_RMS_BF", "mask_based_mean_intensity_Ch8", "a"]);
    expect(qualityControlColumns(available, { focus: false })).toEqual([]);
    expect(() => qualityControlColumns(available, { focus: { column: "x" } })).toThrow(
      /no numeric column 'x'/,
    );
    expect(() => qualityControlColumns(available, { outliers: { features: ["zz"] } })).toThrow(/zz/);
  });
});

describe("outliers within each predicted class", () => {
  it("does not flag a rare, bright class as outliers of the majority, but does flag odd cells within it", () => {
    const random = createRandom(8);
    const n = 2000;
    // 8% signalling cells, ten times brighter: a class of its own, not debris.
    const signalling = Array.from({ length: n }, (_, i) => i % 12 === 0);
    const brightness = Float64Array.from(signalling, (s) => (s ? 10 : 1) * Math.exp(0.1 * random.normal()));
    const area = Float64Array.from({ length: n }, () => 100 + 10 * random.normal());
    area[12] = 400;
    const table = cellTableFromColumns({
      text: { predicted_class: signalling.map((s) => (s ? "Synapses_with_signaling" : "T_cell")) },
      numeric: { brightness, area },
    });
    const perClass = qualityControl(table, { outliers: { features: ["brightness", "area"] } });
    const global = qualityControl(table, { outliers: { features: ["brightness", "area"], groupBy: null } });
    const flaggedSignalling = (flags: Uint8Array) => signalling.filter((s, i) => s && flags[i] === 1).length;
    expect(flaggedSignalling(global.flags.outlier!)).toBeGreaterThan(100);
    expect(flaggedSignalling(perClass.flags.outlier!)).toBeLessThan(5);
    expect(perClass.flags.outlier![12]).toBe(1);
    const step = perClass.report.steps[3];
    expect(step.parameters.groupBy).toBe("predicted_class");
    expect(step.thresholds.map((t) => t.group)).toEqual(["Synapses_with_signaling", "T_cell"]);
    expect(global.report.steps[3].parameters.groupBy).toBe("none");
  });

  it("reports classes too small to assess and leaves their cells unflagged", () => {
    const random = createRandom(9);
    const n = 300;
    const table = cellTableFromColumns({
      text: { predicted_class: Array.from({ length: n }, (_, i) => (i < 10 ? "Multiplets" : "B_cell")) },
      numeric: { x: Float64Array.from({ length: n }, (_, i) => (i < 10 ? 1000 : random.normal())) },
    });
    const result = qualityControl(table, { outliers: { features: ["x"] } });
    const step = result.report.steps[3];
    expect(step.description).toContain(
      "not assessed (fewer than 30 cells or no varying feature): Multiplets",
    );
    expect(step.thresholds.find((t) => t.group === "Multiplets")).toMatchObject({
      cells: 10,
      upper: null,
      flagged: 0,
    });
    expect(Array.from(result.flags.outlier!.subarray(0, 10))).toEqual(new Array(10).fill(0));
    expect(() => qualityControl(table, { outliers: { features: ["x"], groupBy: "nope" } })).toThrow(/nope/);
  });
});

describe("flags are booleans, and flagged cells are excluded downstream", () => {
  it("holds only 0 and 1 in typed flags, so a string comparison cannot compile or match", () => {
    const result = qualityControl(tenCells());
    for (const step of QC_STEPS) {
      const flags = result.flags[step];
      if (flags === undefined) continue;
      expect(flags).toBeInstanceOf(Uint8Array);
      expect(flags.every((v) => v === 0 || v === 1)).toBe(true);
    }
    expect(result.keep.every((v) => v === 0 || v === 1)).toBe(true);
    // The study's bug: `df[df.outlier == "True"]` against stored "False"/"1". Here a flag is a
    // number; comparing it with a string is a type error (checked by tsc over the tests).
    // @ts-expect-error a 0/1 flag cannot be compared with the string "True"
    const stringComparison = result.keep[0] === "True";
    expect(stringComparison).toBe(false);
  });

  it("parses stored flags strictly: 'True', '1', 'False', '0' … and refuses anything else", () => {
    expect(
      Array.from(parseFlagColumn(["True", "False", "1", "0", "true", " FALSE ", "1.0", "0.0", "yes", "no"])),
    ).toEqual([1, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
    expect(() => parseFlagColumn(["True", "maybe"])).toThrow(/row 1: 'maybe' is not a flag/);
    expect(() => parseFlagColumn([""])).toThrow(/not a flag/);
  });

  it("removes flagged cells from the class frequencies", () => {
    const table = tenCells();
    const qc = qualityControl(table, { focus: false, deadCells: false });
    // Entropy flags cells 1 (E1 -SEA B_cell), 3 (E1 +SEA B_cell), 7 (E2 +SEA B_cell).
    const withQc = classFrequencies(table, { keep: qc.keep, excludeClasses: [] });
    const without = classFrequencies(table, { excludeClasses: [] });
    const sample = (f: typeof withQc, donor: string, condition: string) =>
      f.samples.find((s) => s.donor === donor && s.condition === condition)!;
    expect(sample(without, "D1", "-SEA").counts).toEqual([1, 1]);
    expect(sample(withQc, "D1", "-SEA").counts).toEqual([0, 1]);
    expect(sample(withQc, "D1", "-SEA").excludedByQc).toBe(1);
    expect(sample(withQc, "D1", "+SEA").counts).toEqual([0, 2]);
    expect(sample(withQc, "D2", "+SEA").counts).toEqual([1, 1]);
    expect(withQc.excludedByQc).toBe(3);
    const kept = withQc.samples.reduce((sum, s) => sum + s.cells, 0);
    expect(kept).toBe(qc.report.kept);
  });
});

describe("ordinal", () => {
  it("names percentiles in English", () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 90, 99.5].map(ordinal)).toEqual([
      "1st",
      "2nd",
      "3rd",
      "4th",
      "11th",
      "12th",
      "13th",
      "21st",
      "22nd",
      "90th",
      "99.5th",
    ]);
  });
});
