import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSyntheticDataset } from "../../src/synth/syntheticDataset.js";
import { checkPage, chromiumAvailable } from "../helpers/browser.js";
import { FIXTURES } from "../helpers/fixtures.js";
import { parseXml } from "../report/svg/xmlChecker.js";

const CLI = fileURLToPath(new URL("../../dist/src/cli/main.js", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "scifai-analyze-"));
const data = join(scratch, "data");
const results = join(scratch, "results");
let run: { code: number | null; stdout: string; stderr: string };

/** Runs the built CLI; returns its exit code and output. */
function scifai(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 600_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

afterAll(() => rmSync(scratch, { recursive: true, force: true }));
beforeAll(() => {
  // 6,000 cells: the smallest size at which every seed we tried recovers the planted truth (at
  // 1,800 cells sampling noise in the rare classes can make one unchanged class significant).
  writeSyntheticDataset(data, { cells: 6000, channels: 5, seed: 0, broken: 2 });
  run = scifai(
    "analyze",
    data,
    "-o",
    results,
    "--channel-names",
    "BF,F-Actin,MHCII,CD3,P-CD3zeta",
    "--no-ablation",
    // A random-weight ResNet (fixture): the CNN path's plumbing is under test, not its accuracy.
    "--cnn",
    `${FIXTURES}onnx/r18w16_64.onnx`,
    "--cnn-classes",
    "B_cell,T_cell,T_cell_with_signaling,Synapses_without_signaling,Synapses_with_signaling,No_cell_cell_interaction,Multiplets,extra_0,extra_1",
    "--bootstrap",
    "200",
    "--readout",
    join(data, ".scifai-readouts.csv"),
    "--readout-features",
    "mean_intensity_P-CD3zeta",
    "--readout-classes",
    "Synapses_with_signaling",
  );
}, 600_000);

describe("scifai analyze", () => {
  it("runs the whole flow and says where the report is", () => {
    expect(run.stderr).not.toMatch(/scifai: /);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`report:   ${join(results, "report.html")}`);
    expect(run.stdout).toMatch(/6002 scanned, 6000 with features, 2 failed/);
    const errors = readFileSync(join(results, "features.parquet.errors.csv"), "utf8");
    expect(errors.trim().split("\n")).toHaveLength(3);
  });

  it("recovers the planted truth: the designed classes change, the others do not", () => {
    const design = JSON.parse(readFileSync(join(data, ".scifai-synth.json"), "utf8")) as {
      changedClasses: string[];
    };
    const header = (line: string) => line.split(",");
    const lines = readFileSync(join(results, "tables/frequency_comparison_mann_whitney.csv"), "utf8")
      .trim()
      .split("\n");
    const columns = header(lines[0]);
    const rows = lines.slice(1).map((line) => {
      const cells = line.split(",");
      return Object.fromEntries(columns.map((c, i) => [c, cells[i]]));
    });
    expect(rows.length).toBeGreaterThanOrEqual(5);
    const significant = rows.filter((r) => r.significant === "true").map((r) => r.class);
    expect(significant.sort()).toEqual([...design.changedClasses].sort());
    const direction = Object.fromEntries(rows.map((r) => [r.class, r.direction]));
    expect(direction.Synapses_with_signaling).toBe("up");
    expect(direction.T_cell_with_signaling).toBe("up");
    expect(direction.T_cell).toBe("down");
    const planted = JSON.parse(readFileSync(join(results, "tables/planted_truth.json"), "utf8"));
    expect(planted.recovered).toBe(true);
    expect(run.stdout).toContain("planted changes recovered");
  });

  it("writes every figure as valid SVG and every table as CSV with a header and rows", () => {
    const figures = readdirSync(join(results, "figures")).filter((f) => f.endsWith(".svg"));
    expect(figures.length).toBeGreaterThanOrEqual(8);
    for (const figure of figures)
      expect(() => parseXml(readFileSync(join(results, "figures", figure), "utf8"))).not.toThrow();
    const tables = readdirSync(join(results, "tables")).filter((f) => f.endsWith(".csv"));
    expect(tables).toEqual(
      expect.arrayContaining([
        "quality_control.csv",
        "class_frequencies.csv",
        "frequency_comparison_mann_whitney.csv",
        "feature_differences.csv",
        "embedding.csv",
      ]),
    );
    for (const table of tables) {
      const lines = readFileSync(join(results, "tables", table), "utf8")
        .trim()
        .split("\n");
      // The random CNN may predict only classes left out of frequencies: a header-only table.
      expect(lines.length, table).toBeGreaterThan(table.startsWith("cnn_") ? 0 : 1);
      const width = lines[0].split(",").length;
      expect(width, table).toBeGreaterThan(1);
    }
  });

  it("makes one self-contained report that names every QC step", () => {
    const html = readFileSync(join(results, "report.html"), "utf8");
    // Offline: nothing is fetched from elsewhere (links to the CSV/SVG files beside it are fine).
    expect(html).not.toMatch(/<(script|img|link)[^>]+(src|href)="(https?:)?\/\//);
    for (const step of ["high_entropy", "out_of_focus", "dead_cell", "outlier"]) expect(html).toContain(step);
    expect(html).toContain("Synapses_with_signaling");
    expect(html).toContain("data:image/png;base64,");
  });

  it.skipIf(!chromiumAvailable)(
    "the report opens in Chromium with no console errors and every figure visible",
    async () => {
      const check = await checkPage(pathToFileURL(join(results, "report.html")).href, "analyze-report");
      expect(check.consoleErrors).toEqual([]);
      expect(check.brokenImages).toEqual([]);
      expect(check.emptySvgs).toBe(0);
      expect(check.svgs).toBeGreaterThanOrEqual(8);
      expect(check.images).toBeGreaterThanOrEqual(7);
    },
  );

  it("compares GBDT, the comparison models and the CNN on the same test cells with bootstrap intervals", () => {
    const lines = readFileSync(join(results, "tables/model_comparison.csv"), "utf8").trim().split("\n");
    expect(lines[0]).toBe("model,metric,estimate,lower,upper,standard_error,test_cells,replicates");
    const rows = lines.slice(1).map((line) => line.split(","));
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(["gbdt", "lr", "rf", "cnn"]));
    expect(new Set(rows.map((r) => r[1]))).toEqual(
      new Set(["accuracy", "balanced_accuracy", "macro_f1", "matthews_correlation", "cohen_kappa"]),
    );
    expect(new Set(rows.map((r) => r[6])).size).toBe(1);
    for (const [, , estimate, lower, upper] of rows) {
      expect(Number(lower)).toBeLessThanOrEqual(Number(estimate));
      expect(Number(upper)).toBeGreaterThanOrEqual(Number(estimate));
    }
    const gbdtF1 = rows.find((r) => r[0] === "gbdt" && r[1] === "macro_f1")!;
    const cnnF1 = rows.find((r) => r[0] === "cnn" && r[1] === "macro_f1")!;
    expect(Number(gbdtF1[2])).toBeGreaterThan(0.85);
    // Random weights: far below the trained trees, and the intervals do not overlap.
    expect(Number(cnnF1[4])).toBeLessThan(Number(gbdtF1[3]));
    expect(run.stdout).toMatch(/compare:\s+cnn\s+macro F1/);
  });

  it("runs the CNN on every cell and explains it by channel occlusion beside the SHAP channel importance", () => {
    const occlusion = readFileSync(join(results, "tables/cnn_channel_occlusion.csv"), "utf8")
      .trim()
      .split("\n");
    expect(occlusion[0]).toBe("channel,class,mean_probability_drop,cells");
    const overall = occlusion.filter((line) => line.split(",")[1] === "all");
    expect(overall.map((line) => line.split(",")[0])).toEqual(["BF", "F-Actin", "MHCII", "CD3", "P-CD3zeta"]);
    expect(readFileSync(join(results, "figures/cnn_occlusion_map.svg"), "utf8")).toContain("<svg");
    const html = readFileSync(join(results, "report.html"), "utf8");
    expect(html).toContain('id="cnn"');
    expect(html).toContain("feature model: share of mean |SHAP|");
    expect(run.stdout).toMatch(/CNN:\s+6000 cells predicted \(2 unreadable\)/);
  });

  it("predicts the planted readout of held-out donors from the per-sample summaries", () => {
    const lines = readFileSync(join(results, "tables/readout_predictions.csv"), "utf8").trim().split("\n");
    expect(lines[0]).toBe("experiment,donor,condition,held_out_group,observed,predicted");
    expect(lines).toHaveLength(13);
    for (const line of lines.slice(1)) {
      const [, donor, , group] = line.split(",");
      expect(group).toBe(donor);
    }
    const result = JSON.parse(readFileSync(join(results, "tables/readout_regression.json"), "utf8"));
    // IL-2 was planted as 20 + 15 × % true signalling synapses + noise.
    expect(result.spearman).toBeGreaterThan(0.6);
    expect(result.usedColumns).toContain("percent_Synapses_with_signaling");
    expect(readFileSync(join(results, "tables/readout_aggregates.csv"), "utf8")).toContain(
      "mean_intensity_P-CD3zeta_p50",
    );
    expect(run.stdout).toMatch(/readout:\s+12 samples/);
  });

  it("refuses --control without --treatment, naming the options", () => {
    const bad = scifai("analyze", data, "-o", join(scratch, "bad"), "--control", "-SEA");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--control and --treatment go together");
  });
});
