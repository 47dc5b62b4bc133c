import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractToFile } from "../../src/extract/extractToFile.js";
import { writeSyntheticDataset } from "../../src/synth/syntheticDataset.js";
import { checkPage, chromiumAvailable } from "../helpers/browser.js";
import { parseXml } from "../report/svg/xmlChecker.js";

const CLI = fileURLToPath(new URL("../../dist/src/cli/main.js", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "scifai-explain-"));
const features = join(scratch, "features.parquet");
const model = join(scratch, "model.json");
const out = join(scratch, "explain");
const channels = "BF,F-Actin,MHCII,CD3,P-CD3zeta";
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
beforeAll(async () => {
  writeSyntheticDataset(join(scratch, "data"), { cells: 700, channels: 5, seed: 8, labeledFraction: 0.7 });
  await extractToFile({
    data: join(scratch, "data"),
    output: features,
    spec: { features: "readme", channelNames: channels.split(",") },
    workers: 2,
  });
  execFileSync(
    process.execPath,
    [CLI, "train", features, "-o", model, "--model-options", '{"nEstimators":25}', "-q"],
    { stdio: "ignore" },
  );
  execFileSync(
    process.execPath,
    [
      CLI,
      "explain",
      features,
      "--model",
      model,
      "-o",
      out,
      "--channel-names",
      channels,
      "--ablation",
      "--ablation-seeds",
      "1",
      "--ablation-trees",
      "10",
      "-q",
    ],
    {
      stdio: "ignore",
    },
  );
}, 600_000);

describe("scifai explain", () => {
  it("writes SHAP values, importance tables, every plot and an index page", () => {
    for (const file of [
      "shap_values.parquet",
      "importance_mean_abs_shap.csv",
      "importance_gain_cover.csv",
      "importance_permutation.csv",
      "importance_channels.csv",
      "channel_ablation.csv",
      "shap_bar.svg",
      "confusion_matrix.svg",
      "channel_importance.svg",
      "channel_ablation.svg",
      "index.html",
    ]) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
    const manifest = JSON.parse(readFileSync(join(out, "explanation_manifest.json"), "utf8"));
    expect(manifest.additivityMaxError).toBeLessThan(1e-6);
    const svgs = manifest.files.filter((f: { file: string }) => f.file.endsWith(".svg"));
    expect(svgs.length).toBeGreaterThan(10);
    for (const { file } of svgs)
      expect(() => parseXml(readFileSync(join(out, file), "utf8")), file).not.toThrow();
    expect(svgs.some((f: { file: string }) => f.file.startsWith("shap_summary_"))).toBe(true);
    expect(svgs.some((f: { file: string }) => f.file.startsWith("waterfall_"))).toBe(true);
    const channelTable = readFileSync(join(out, "importance_channels.csv"), "utf8");
    expect(channelTable).toContain("P-CD3zeta");
  });

  it.skipIf(!chromiumAvailable)(
    "the index page loads in Chromium with no console errors and shows every image",
    async () => {
      const check = await checkPage(pathToFileURL(join(out, "index.html")).href, "explain-index");
      expect(check.consoleErrors).toEqual([]);
      expect(check.brokenImages).toEqual([]);
      expect(check.images).toBeGreaterThan(10);
    },
  );
});
