/**
 * Extraction throughput and memory: generates synthetic cells, runs `scifai extract` (the real CLI,
 * README feature set, Parquet output) with 1 and 2 workers, and prints cells/s, cells/s per core,
 * the ratio to Python scifAI's per-core rate (about 15 cells/s for 5 channels and 8.5 for 8 on this
 * kind of machine) and the peak RSS of the run.
 * Usage: node dist/bench/extract.js [--cells 10000[,100000]] [--channels 5|8] [--workers 1,2] [--python-rate R]
 * (several sizes compare the peak memory, which should not grow with the number of cells). The
 * dataset is read once into the page cache before the timed runs, so every run reads from memory.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeSyntheticDataset } from "../src/synth/syntheticDataset.js";

const PYTHON_CELLS_PER_SECOND_PER_CORE: Record<number, number> = { 5: 15, 8: 8.5 };

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : fallback;
}

/** Reads every file under `root` once (page-cache warm-up); returns the count, bytes and seconds. */
function warmPageCache(root: string): { files: number; bytes: number; seconds: number } {
  const started = performance.now();
  let files = 0;
  let bytes = 0;
  const visit = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.isFile()) {
        bytes += readFileSync(path).length;
        files++;
      }
    }
  };
  visit(root);
  return { files, bytes, seconds: (performance.now() - started) / 1000 };
}

async function main(): Promise<void> {
  const sizes = option("--cells", "10000").split(",").map(Number);
  const channels = Number(option("--channels", "5")) as 5 | 8;
  const workerCounts = option("--workers", "1,2").split(",").map(Number);
  const pythonRate = Number(option("--python-rate", String(PYTHON_CELLS_PER_SECOND_PER_CORE[channels])));
  const cli = fileURLToPath(new URL("../src/cli/main.js", import.meta.url));
  const peaks: string[] = [];
  for (const cells of sizes) {
    const data = `/tmp/scifai-bench-extract-${cells}-${channels}`;
    if (!existsSync(data)) {
      process.stderr.write(`writing ${cells} synthetic ${channels}-channel cells to ${data}…\n`);
      writeSyntheticDataset(data, { cells, channels, seed: 1 });
    }
    // Every run reads the files from the page cache, so that the first run does not pay alone for
    // reading a cold dataset (5.8 GB at 100,000 cells) from disk.
    const warm = warmPageCache(data);
    console.log(
      `${cells} cells: read ${warm.files} files (${(warm.bytes / 1e9).toFixed(2)} GB) into the page cache in ${warm.seconds.toFixed(1)} s`,
    );
    const rates: number[] = [];
    for (const workers of workerCounts) {
      const output = `/tmp/scifai-bench-extract-${workers}.parquet`;
      rmSync(output, { force: true });
      const started = performance.now();
      const run = spawnSync(
        process.execPath,
        [cli, "extract", data, "-o", output, "--workers", String(workers), "-q", "--overwrite"],
        { encoding: "utf8" },
      );
      const seconds = (performance.now() - started) / 1000;
      if (run.status !== 0) throw new Error(`extract failed: ${run.stderr}`);
      // The CLI reports the peak resident set of the whole process (main thread and workers).
      const peakMb = Number(/peak memory (\d+) MB/.exec(run.stderr)?.[1] ?? Number.NaN);
      const rate = cells / seconds;
      rates.push(rate);
      peaks.push(`${cells} cells, ${workers} worker${workers === 1 ? "" : "s"}: ${peakMb} MB`);
      console.log(
        `${channels} channels, ${cells} cells, ${workers} worker${workers === 1 ? " " : "s"}: ${rate.toFixed(0).padStart(5)} cells/s, ` +
          `${(rate / workers).toFixed(0).padStart(5)} cells/s per core (${(rate / workers / pythonRate).toFixed(1)}× Python's ${pythonRate}/s per core; goal ≥ 30×), ` +
          `peak RSS ${peakMb} MB`,
      );
    }
    if (rates.length >= 2)
      console.log(
        `scaling ${workerCounts[0]} → ${workerCounts[1]} workers: ${(rates[1] / rates[0]).toFixed(2)}× (goal ≥ 1.8×)`,
      );
  }
  if (sizes.length >= 2) console.log(`peak RSS by dataset size (goal: flat): ${peaks.join("; ")}`);
}

await main();
