/**
 * Issue 5's quality and speed check on real scifai features: writes a synthetic dataset of labelled
 * cells (default 6,000, seven classes), extracts the README feature set, keeps the finite, varying
 * columns, and hands the table to bench/gbdt.js, which trains scifai's GBDT and Python XGBoost 1.7
 * (tree_method hist, same parameters and split, 1 and 2 threads) and prints macro F1 and time.
 * Usage: node dist/bench/trainVsXgboost.js [--cells N] [--seed S]
 */
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { extractToFile } from "../src/extract/extractToFile.js";
import { loadLabeledDataset } from "../src/ml/labeledDataset.js";
import { writeSyntheticDataset } from "../src/synth/syntheticDataset.js";

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

async function main(): Promise<void> {
  const cells = option("--cells", 6000);
  const seed = option("--seed", 1);
  const data = `/tmp/scifai-bench-train-${cells}-${seed}`;
  const features = `${data}.parquet`;
  if (!existsSync(features)) {
    process.stderr.write(`writing and extracting ${cells} labelled synthetic cells…\n`);
    writeSyntheticDataset(data, { cells, channels: 5, seed, labeledFraction: 1 });
    await extractToFile({ data, output: features, spec: { features: "readme" }, overwrite: true });
  }
  const dataset = await loadLabeledDataset(features);
  const usable: number[] = [];
  for (let c = 0; c < dataset.X.cols; c++) {
    let first = Number.NaN;
    let varies = false;
    let finite = true;
    for (let r = 0; r < dataset.X.rows; r++) {
      const raw = dataset.X.data[r * dataset.X.cols + c];
      const v = Number.isNaN(raw) ? 0 : raw;
      if (!Number.isFinite(v)) finite = false;
      if (r === 0) first = v;
      else if (v !== first) varies = true;
    }
    if (finite && varies) usable.push(c);
  }
  const csv = `${data}.table.csv`;
  const lines = [[...usable.map((c) => dataset.featureNames[c].replace(/,/g, ";")), "label"].join(",")];
  for (let r = 0; r < dataset.X.rows; r++) {
    const values = usable.map((c) => {
      const v = dataset.X.data[r * dataset.X.cols + c];
      return Number.isNaN(v) ? "0" : String(v);
    });
    lines.push([...values, dataset.classes[dataset.y[r]]].join(","));
  }
  writeFileSync(csv, `${lines.join("\n")}\n`);
  console.log(
    `${dataset.X.rows} labelled cells, ${dataset.classes.length} classes, ${usable.length} finite varying README features (of ${dataset.X.cols})`,
  );
  const gbdt = fileURLToPath(new URL("./gbdt.js", import.meta.url));
  const run = spawnSync(process.execPath, [gbdt, csv, "--seed", String(seed)], { stdio: "inherit" });
  process.exitCode = run.status ?? 1;
}

await main();
