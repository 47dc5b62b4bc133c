import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type CellTable, cellTableFromColumns, requireText } from "../../src/analysis/cellTable.js";
import { readClassCells } from "../../src/analysis/classCells.js";
import { featureDifferences, featureVolcanoData } from "../../src/analysis/featureDifferences.js";
import { benjaminiHochberg } from "../../src/analysis/statistics/benjaminiHochberg.js";
import { cliffsDelta, rankBiserial } from "../../src/analysis/statistics/effectSizes.js";
import { mannWhitneyU } from "../../src/analysis/statistics/mannWhitneyU.js";
import { median } from "../../src/analysis/statistics/median.js";
import { type VolcanoData, volcanoPlot } from "../../src/report/svg/volcanoPlot.js";

const scratch = mkdtempSync(join(tmpdir(), "scifai-featdiff-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const FEATURES = ["up", "down", "flat", "mixed"];

/**
 * Two donors × two conditions × five cells of class S, plus cells that must not count: class O
 * cells and one quality-control-flagged S cell, all with extreme values.
 */
function cells() {
  const rows: {
    file: string;
    experiment: string;
    donor: string;
    condition: string;
    cls: string;
    values: number[];
  }[] = [];
  let id = 0;
  for (const donor of ["D1", "D2"]) {
    for (const condition of ["ctrl", "treat"]) {
      for (let i = 1; i <= 5; i++) {
        const treated = condition === "treat";
        const up = treated ? 10 + i : i;
        const down = treated ? i : 10 + i;
        const flat = treated ? 2 * i : 2 * i - 1;
        const mixed = donor === "D1" ? up : down;
        rows.push({
          file: `c${id++}.h5`,
          experiment: "E1",
          donor,
          condition,
          cls: "S",
          values: [up, down, flat, mixed],
        });
      }
      rows.push({
        file: `c${id++}.h5`,
        experiment: "E1",
        donor,
        condition,
        cls: "O",
        values: [1e6, -1e6, 1e6, 1e6],
      });
      rows.push({
        file: `c${id++}.h5`,
        experiment: "E1",
        donor,
        condition,
        cls: "S",
        values: [-1e6, 1e6, -1e6, -1e6],
      });
    }
  }
  const keep = Uint8Array.from(rows, (_, r) => (rows[r].values[0] === -1e6 ? 0 : 1));
  return { rows, keep };
}

function tableOf(rows: ReturnType<typeof cells>["rows"]): CellTable {
  return cellTableFromColumns({
    text: {
      file: rows.map((r) => r.file),
      experiment: rows.map((r) => r.experiment),
      donor: rows.map((r) => r.donor),
      condition: rows.map((r) => r.condition),
      predicted_class: rows.map((r) => r.cls),
    },
    numeric: Object.fromEntries(FEATURES.map((f, j) => [f, rows.map((r) => r.values[j])])),
  });
}

describe("featureDifferences", () => {
  const { rows, keep } = cells();
  const table = tableOf(rows);
  const result = featureDifferences(table, {
    features: FEATURES,
    control: "ctrl",
    treatment: "treat",
    className: "S",
    keep,
  });

  it("tests the selected class's cells only (class filter AND quality control), per donor and feature", () => {
    expect(result.donors).toEqual(["E1/D1", "E1/D2"]);
    expect(result.tests).toHaveLength(8);
    for (const t of result.tests) {
      expect(t.controlCells).toBe(5);
      expect(t.treatmentCells).toBe(5);
    }
    const up = result.tests[0];
    expect(up).toMatchObject({
      donor: "E1/D1",
      feature: "up",
      controlMedian: 3,
      treatmentMedian: 13,
      statistic: 0,
    });
    expect(up.medianDifference).toBe(10);
  });

  it("wires Mann–Whitney, one BH over all donor × feature tests, medians and both effect sizes", () => {
    const donorOf = requireText(table, "donor");
    const p: number[] = [];
    for (const donor of ["D1", "D2"]) {
      FEATURES.forEach((feature, f) => {
        const pick = (condition: string) =>
          rows
            .filter(
              (r, i) => r.donor === donor && r.condition === condition && r.cls === "S" && keep[i] === 1,
            )
            .map((r) => r.values[f]);
        const x = pick("ctrl");
        const y = pick("treat");
        const t = result.tests.find((row) => row.donor === `E1/${donor}` && row.feature === feature)!;
        const expected = mannWhitneyU(x, y);
        expect(t.statistic).toBe(expected.statistic);
        expect(t.pValue).toBe(expected.pValue);
        expect(t.controlMedian).toBe(median(x));
        expect(t.treatmentMedian).toBe(median(y));
        // Both from U: exactly the pair-counting definitions (1e-15 absolute: a different division order).
        expect(t.cliffsDelta).toBeCloseTo(cliffsDelta(y, x), 15);
        expect(t.rankBiserial).toBeCloseTo(rankBiserial(x, y), 15);
        p.push(t.pValue);
      });
    }
    expect(donorOf.levels).toEqual(["D1", "D2"]);
    const bh = benjaminiHochberg(p, { alpha: 0.05 });
    result.tests.forEach((t, i) => {
      expect(t.adjustedPValue).toBe(bh.adjusted[i]);
      expect(t.significant).toBe(bh.rejected[i] === 1);
    });
    expect(result.testCount).toBe(8);
  });

  it("gives directions, counts, consistent features and a per-feature summary", () => {
    // up/down/mixed: complete separation, exact p = 2/252 in each donor; 6 such tests of 8 → BH-adjusted 8/6 · 2/252.
    const separated = result.tests.filter((t) => t.feature !== "flat");
    for (const t of separated) {
      expect(t.pValue).toBeCloseTo(2 / 252, 15);
      expect(t.adjustedPValue).toBeCloseTo((2 / 252) * (8 / 6), 15);
      expect(t.significant).toBe(true);
    }
    expect(result.tests.filter((t) => t.feature === "flat").every((t) => !t.significant)).toBe(true);
    expect(result.significantUp).toBe(3);
    expect(result.significantDown).toBe(3);
    expect(result.consistentlyUp).toEqual(["up"]);
    expect(result.consistentlyDown).toEqual(["down"]);
    const mixed = result.summary.find((s) => s.feature === "mixed")!;
    expect(mixed).toMatchObject({ donorsTested: 2, significantUp: 1, significantDown: 1, consistent: null });
    expect(mixed.medianCliffsDelta).toBe(0);
    expect(result.summary.find((s) => s.feature === "up")!.medianCliffsDelta).toBe(1);
    expect(result.tests.find((t) => t.feature === "down")!.cliffsDelta).toBe(-1);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it("skips donors lacking a condition and leaves NaN values out of a test", () => {
    const withNaN = tableOf(
      rows.map((r, i) => (i === 0 ? { ...r, values: [Number.NaN, ...r.values.slice(1)] } : r)),
    );
    const lonely = cellTableFromColumns({
      text: { experiment: ["E", "E"], donor: ["D", "D"], condition: ["ctrl", "ctrl"] },
      numeric: { x: [1, 2] },
    });
    const skipped = featureDifferences(lonely, { features: ["x"], control: "ctrl", treatment: "treat" });
    expect(skipped.skippedDonors).toEqual([{ donor: "E/D", reason: "no selected cell in treat" }]);
    expect(skipped.tests).toEqual([]);
    const r = featureDifferences(withNaN, {
      features: ["up"],
      control: "ctrl",
      treatment: "treat",
      className: "S",
      keep,
    });
    expect(r.tests[0].controlCells).toBe(4);
  });

  it("gives volcano data that volcanoPlot draws", () => {
    const volcano = featureVolcanoData(result);
    expect(volcano.labels[0]).toBe("up · E1/D1");
    expect(volcano.effect).toEqual(result.tests.map((t) => t.cliffsDelta));
    expect(featureVolcanoData(result, "E1/D2").labels).toHaveLength(4);
    const typed: VolcanoData = volcano;
    expect(volcanoPlot(typed, { xLabel: "Cliff's delta" })).toContain("<svg");
  });

  it("streams the selected class's rows and columns from a predictions and a feature table", async () => {
    const predictions = join(scratch, "predictions.csv");
    const features = join(scratch, "features.csv");
    writeFileSync(
      predictions,
      `file,experiment,donor,condition,predicted_class,prediction_entropy\n${rows
        .map((r) => `${r.file},${r.experiment},${r.donor},${r.condition},${r.cls},0.1`)
        .join("\n")}\n`,
    );
    writeFileSync(
      features,
      `file,experiment,donor,condition,unused,${FEATURES.join(",")}\n${rows
        .map((r) => `${r.file},${r.experiment},${r.donor},${r.condition},7,${r.values.join(",")}`)
        .join("\n")}\n`,
    );
    const read = await readClassCells({
      predictions,
      features,
      featureNames: FEATURES,
      classes: ["S"],
      keep,
    });
    expect(read.table.rows).toBe(20);
    expect(read.totalRows).toBe(rows.length);
    expect([...read.table.numeric.keys()]).toEqual(FEATURES);
    expect([...read.table.text.keys()].sort()).toEqual([
      "condition",
      "donor",
      "experiment",
      "predicted_class",
    ]);
    const streamed = featureDifferences(read.table, {
      features: FEATURES,
      control: "ctrl",
      treatment: "treat",
    });
    expect(streamed.tests).toEqual(result.tests);

    const shuffled = join(scratch, "shuffled.csv");
    const reversed = [...rows].reverse();
    writeFileSync(
      shuffled,
      `file,${FEATURES.join(",")}\n${reversed.map((r) => `${r.file},${r.values.join(",")}`).join("\n")}\n`,
    );
    await expect(
      readClassCells({ predictions, features: shuffled, featureNames: FEATURES, classes: ["S"] }),
    ).rejects.toThrow(/column 'file' differs/);
    await expect(readClassCells({ predictions, features, featureNames: ["nope"] })).rejects.toThrow(
      /missing columns: nope/,
    );
  });
});
