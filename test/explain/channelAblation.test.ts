import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ablationPoints, channelAblation, channelSubsets } from "../../src/explain/channelAblation.js";
import type { LabeledDataset } from "../../src/ml/labeledDataset.js";
import { groupedPointChart } from "../../src/report/svg/groupedPointChart.js";
import { checkChart } from "../report/svg/svgAssertions.js";
import { SYNTH_PANEL, syntheticFeatureTable } from "./explainFixtures.js";

describe("channelSubsets", () => {
  it("lists every subset of the free channels with the fixed ones, by size then channel order", () => {
    const subsets = channelSubsets(["BF", "A", "B", "C"], ["BF"]);
    expect(subsets.map((s) => s.join("+"))).toEqual([
      "BF",
      "BF+A",
      "BF+B",
      "BF+C",
      "BF+A+B",
      "BF+A+C",
      "BF+B+C",
      "BF+A+B+C",
    ]);
    expect(channelSubsets(SYNTH_PANEL, ["BF"]).length).toBe(16);
    expect(channelSubsets(["A", "B"], []).map((s) => s.join("+"))).toEqual(["", "A", "B", "A+B"]);
    expect(() => channelSubsets(SYNTH_PANEL, ["DAPI"])).toThrow(/unknown channel 'DAPI'/);
  });
});

describe("channelAblation on extracted synthetic features", () => {
  let dataset: LabeledDataset;
  let dir: string;
  beforeAll(async () => {
    ({ dataset, dir } = await syntheticFeatureTable(300, 3));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("bright field alone scores below all channels; every subset keeps only its channels' features", () => {
    const progress: number[] = [];
    const result = channelAblation(dataset, {
      channelNames: SYNTH_PANEL,
      seeds: [0, 1],
      nEstimators: 10,
      split: { testSize: 0.3, stratifyBy: [] },
      onProgress: (done) => progress.push(done),
    });
    console.log(
      `ablation: ${result.results.length} subsets × 2 seeds in ${result.seconds.toFixed(1)} s ` +
        `(${result.trainRows} train / ${result.testRows} test rows, 10 trees): ` +
        result.results.map((r) => `${r.label} ${r.mean.toFixed(3)}`).join(", "),
    );
    expect(result.results.length).toBe(16);
    expect(progress).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
    const byLabel = new Map(result.results.map((r) => [r.label, r]));
    const bf = byLabel.get("BF")!;
    const all = byLabel.get(SYNTH_PANEL.join("+"))!;
    expect(bf.featureCount).toBe(58);
    expect(all.featureCount).toBe(600);
    expect(byLabel.get("BF+MHCII")!.featureCount).toBe(58 * 2 + 14 + 2 + 6);
    expect(bf.mean).toBeLessThan(all.mean - 0.1);
    expect(result.channelFreeFeatures).toBe(0);
    for (const r of result.results) {
      expect(r.scores.length).toBe(2);
      expect(r.mean).toBeCloseTo((r.scores[0] + r.scores[1]) / 2, 12);
      expect(r.std).toBeCloseTo(Math.abs(r.scores[0] - r.scores[1]) / Math.SQRT2, 12);
    }
    for (let i = 1; i < result.results.length; i++)
      expect(result.results[i].mean).toBeLessThanOrEqual(result.results[i - 1].mean);
    checkChart(groupedPointChart({ points: ablationPoints(result) }, { domain: [0, 1] }));
  });

  it("a fixed split and explicit subsets: seeds vary only the model; maxRows caps training rows", () => {
    const train = Array.from({ length: 200 }, (_, i) => i);
    const test = Array.from({ length: 100 }, (_, i) => 200 + i);
    const result = channelAblation(dataset, {
      channelNames: SYNTH_PANEL,
      subsets: [["BF"], ["P-CD3zeta", "BF"]],
      seeds: [5],
      model: "lda",
      split: { train, test },
      maxRows: 150,
    });
    expect(result.trainRows).toBe(150);
    expect(result.testRows).toBe(100);
    expect(result.results.map((r) => r.label).sort()).toEqual(["BF", "BF+P-CD3zeta"]);
    expect(Number.isNaN(result.results[0].std)).toBe(true);
    expect(() => channelAblation(dataset, { channelNames: SYNTH_PANEL, subsets: [["BF", "BF"]] })).toThrow(
      /twice/,
    );
  });
});
