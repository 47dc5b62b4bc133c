/**
 * Dataset scan speed (metadataGenerator): files per second on one thread and on all cores, beside
 * Python scifAI's metadata_generator on the same kind of machine (about 1,700 files/s single-process
 * on small files). Usage: node dist/bench/scan.js [DATA] [--cells N]
 */
import { availableParallelism } from "node:os";
import { metadataGenerator } from "../src/io/metadata.js";
import { writeSyntheticDataset } from "../src/synth/syntheticDataset.js";

const PYTHON_FILES_PER_SECOND = 1700;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const cellsAt = args.indexOf("--cells");
  const cells = cellsAt >= 0 ? Number(args[cellsAt + 1]) : 20000;
  let root = args.find((a, i) => !a.startsWith("--") && i !== cellsAt + 1);
  if (!root) {
    root = "/tmp/scifai-bench-scan";
    process.stderr.write(`writing ${cells} synthetic cells to ${root}…\n`);
    writeSyntheticDataset(root, { cells, channels: 5, seed: 1 });
  }
  const cores = availableParallelism();
  for (const workers of [1, cores]) {
    let best = 0;
    let files = 0;
    for (let repeat = 0; repeat < 3; repeat++) {
      const started = performance.now();
      const metadata = await metadataGenerator(root, { workers, parallelThreshold: 0 });
      const seconds = (performance.now() - started) / 1000;
      files = metadata.rows.length;
      best = Math.max(best, files / seconds);
    }
    console.log(
      `scan, ${workers} worker${workers === 1 ? " " : "s"}: ${best.toFixed(0).padStart(7)} files/s over ${files} files ` +
        `(${(best / PYTHON_FILES_PER_SECOND).toFixed(1)}× Python's ~${PYTHON_FILES_PER_SECOND} files/s; goal ≥ 1.5×)`,
    );
  }
}

await main();
