import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cellTableFromColumns } from "../../src/analysis/cellTable.js";
import { classFrequencies } from "../../src/analysis/classFrequencies.js";
import {
  aggregateSamples,
  type ReadoutValue,
  readoutRegression,
  readReadouts,
  type SampleAggregates,
} from "../../src/analysis/readout.js";
import { leaveOneGroupOutCV } from "../../src/analysis/regression/leaveOneGroupOut.js";
import { percentile } from "../../src/image/statistics.js";
import { createRandom } from "../../src/util/random.js";

const scratch = mkdtempSync(join(tmpdir(), "scifai-readout-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** One sample of 22 cells: 20 synapses with values 1…20, one QC-flagged synapse at 1000, one B cell at 500. */
function oneSample() {
  const cls = [...Array(21).fill("Synapses_with_signaling"), "B_cell"];
  const values = [...Array.from({ length: 20 }, (_, i) => i + 1), 1000, 500];
  const keep = Uint8Array.from(values, (v) => (v === 1000 ? 0 : 1));
  const table = cellTableFromColumns({
    text: {
      experiment: cls.map(() => "E1"),
      donor: cls.map(() => "D1"),
      condition: cls.map(() => "ctrl"),
      predicted_class: cls,
    },
    numeric: { eccentricity: values },
  });
  return { table, keep, values };
}

describe("aggregateSamples", () => {
  it("summarises each sample by the 5th, 50th and 95th percentiles of its selected cells", () => {
    const { table, keep } = oneSample();
    const result = aggregateSamples(table, {
      features: ["eccentricity"],
      classes: ["Synapses_with_signaling"],
      keep,
    });
    expect(result.columns).toEqual(["eccentricity_p5", "eccentricity_p50", "eccentricity_p95"]);
    const one20 = Float64Array.from({ length: 20 }, (_, i) => i + 1);
    expect(result.samples[0]).toMatchObject({ experiment: "E1", donor: "D1", condition: "ctrl", cells: 20 });
    // np.percentile(1..20, [5, 50, 95]) = 1.95, 10.5, 19.05.
    expect(result.samples[0].values).toEqual([
      percentile(one20, 5),
      percentile(one20, 50),
      percentile(one20, 95),
    ]);
    expect(result.samples[0].values[0]).toBeCloseTo(1.95, 12);
    expect(result.samples[0].values[2]).toBeCloseTo(19.05, 12);
    expect(result.selection).toEqual({ classes: ["Synapses_with_signaling"], qualityControl: true });
  });

  it("never lets one filter overwrite the other (the study's readout bug)", () => {
    const { table, keep, values } = oneSample();
    const both = aggregateSamples(table, {
      features: ["eccentricity"],
      classes: ["Synapses_with_signaling"],
      keep,
    });
    // What each filter alone gives, as when a later filter replaced the earlier one:
    const classOnly = aggregateSamples(table, {
      features: ["eccentricity"],
      classes: ["Synapses_with_signaling"],
    });
    const qcOnly = aggregateSamples(table, { features: ["eccentricity"], keep });
    const p95 = (s: SampleAggregates) => s.samples[0].values[2];
    expect(p95(both)).toBeCloseTo(19.05, 12);
    expect(p95(classOnly)).toBe(percentile(Float64Array.from(values.slice(0, 21)), 95));
    expect(p95(qcOnly)).toBe(percentile(Float64Array.from([...values.slice(0, 20), 500]), 95));
    expect(p95(classOnly)).not.toBeCloseTo(p95(both), 6);
    expect(p95(qcOnly)).not.toBeCloseTo(p95(both), 6);
    expect(both.samples[0].cells).toBe(20);
  });

  it("lists samples without selected cells (NaN) and appends class frequencies", () => {
    const table = cellTableFromColumns({
      text: {
        experiment: ["E1", "E1", "E1"],
        donor: ["D1", "D1", "D2"],
        condition: ["c", "c", "c"],
        predicted_class: ["A", "B", "B"],
      },
      numeric: { x: [1, 2, 3] },
    });
    const frequencies = classFrequencies(table, { excludeClasses: [] });
    const result = aggregateSamples(table, {
      features: ["x"],
      classes: ["A"],
      percentiles: [50],
      frequencies,
    });
    expect(result.columns).toEqual(["x_p50", "percent_A", "percent_B"]);
    expect(result.samples[0].values).toEqual([1, 50, 50]);
    expect(result.samples[1].cells).toBe(0);
    expect(result.samples[1].values[0]).toBeNaN();
    expect(result.samples[1].values.slice(1)).toEqual([0, 100]);
  });
});

/** Eight donors × two conditions; the readout follows feature a's median, b is noise, c constant. */
function regressionData(): { aggregates: SampleAggregates; readouts: ReadoutValue[] } {
  const random = createRandom(11);
  const samples: SampleAggregates["samples"] = [];
  const readouts: ReadoutValue[] = [];
  for (let d = 1; d <= 8; d++) {
    for (const condition of ["ctrl", "treat"]) {
      const a = random.normal() + (condition === "treat" ? 2 : 0);
      const b = random.normal();
      samples.push({
        experiment: "E1",
        donor: `D${d}`,
        condition,
        cells: 100,
        values: [a, b, 4, d === 3 ? Number.NaN : 1 + d],
      });
      readouts.push({
        experiment: "E1",
        donor: `D${d}`,
        condition,
        value: 100 + 30 * a + 2 * random.normal(),
      });
    }
  }
  samples.push({ experiment: "E1", donor: "D9", condition: "ctrl", cells: 10, values: [0, 0, 4, 0] });
  readouts.push({ experiment: "E9", donor: "D1", condition: "ctrl", value: 1 });
  return {
    aggregates: {
      columns: ["a_p50", "b_p50", "c_p50", "partial_p50"],
      samples,
      selection: { classes: null, qualityControl: false },
    },
    readouts,
  };
}

describe("readoutRegression", () => {
  it("predicts the readout with leave-one-donor-out lasso and reports Spearman, R² and correlates", () => {
    const { aggregates, readouts } = regressionData();
    const result = readoutRegression(aggregates, readouts);
    expect(result.model).toBe("lasso");
    expect(result.samples).toHaveLength(16);
    expect(result.samplesWithoutReadout).toEqual(["E1/D9/ctrl"]);
    expect(result.readoutsWithoutSample).toEqual(["E9/D1/ctrl"]);
    expect(result.usedColumns).toEqual(["a_p50", "b_p50"]);
    expect(result.constantColumns).toEqual(["c_p50"]);
    expect(result.incompleteColumns).toEqual(["partial_p50"]);
    expect(result.chosenAlphas.map((c) => c.group)).toEqual(["D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8"]);
    expect(result.alphas).toHaveLength(20);
    expect(result.spearman).toBeGreaterThan(0.9);
    expect(result.r2).toBeGreaterThan(0.8);
    expect(result.correlations[0].column).toBe("a_p50");
    expect(result.correlations[0].pearson).toBeGreaterThan(0.95);
    // The wiring: the same X, y, groups and alphas through leaveOneGroupOutCV directly.
    const X = {
      data: Float64Array.from(result.samples.flatMap((_, i) => aggregates.samples[i].values.slice(0, 2))),
      rows: 16,
      cols: 2,
    };
    const cv = leaveOneGroupOutCV(
      X,
      result.samples.map((s) => s.observed),
      result.samples.map((s) => s.donor),
      { alphas: result.alphas, model: "lasso" },
    );
    expect(result.samples.map((s) => s.predicted)).toEqual(Array.from(cv.predictions));
    expect(result.spearman).toBe(cv.spearmanR);
    expect(result.r2).toBe(cv.r2);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it("fits ridge on request and refuses duplicate readouts or no usable predictor", () => {
    const { aggregates, readouts } = regressionData();
    const ridge = readoutRegression(aggregates, readouts, { model: "ridge", groupBy: "experiment/donor" });
    expect(ridge.alphas).toEqual([0.001, 0.01, 0.1, 1, 10, 100, 1000]);
    expect(ridge.samples[0].group).toBe("E1/D1");
    expect(ridge.spearman).toBeGreaterThan(0.9);
    expect(() => readoutRegression(aggregates, [...readouts, readouts[0]])).toThrow(/two readouts/);
    expect(() => readoutRegression(aggregates, readouts, { columns: ["c_p50"] })).toThrow(
      /no usable predictor/,
    );
  });
});

describe("readReadouts", () => {
  it("reads experiment, donor, condition and the readout column, skipping missing values", async () => {
    const path = join(scratch, "granzyme.csv");
    writeFileSync(
      path,
      "experiment,donor,condition,granzyme_B,plate\nE1,D1,ctrl,12.5,1\nE1,D1,treat,,1\nE1,D2,treat,40,2\n",
    );
    expect(await readReadouts(path, "granzyme_B")).toEqual([
      { experiment: "E1", donor: "D1", condition: "ctrl", value: 12.5 },
      { experiment: "E1", donor: "D2", condition: "treat", value: 40 },
    ]);
    await expect(readReadouts(path)).rejects.toThrow(/name the readout column/);
    await expect(readReadouts(path, "nope")).rejects.toThrow(/no numeric column 'nope'/);
  });
});
