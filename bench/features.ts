/**
 * Feature speed, single thread: ms per cell for each family of the README set and for the whole
 * set including file reading, beside the Python scifAI figures measured on this kind of machine
 * (5-channel cells of about 70×80 px). Usage: node dist/bench/features.js [DATA] [--cells N]
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { FeatureContext } from "../src/features/featureContext.js";
import { FAMILY_FACTORIES, featureUnionFor, README_FAMILIES } from "../src/features/featureSets.js";
import { Pipeline } from "../src/features/pipeline.js";
import type { MaskedCellImage } from "../src/image/cellImage.js";
import { readCellSync } from "../src/io/cellFile.js";
import { loadHdf5 } from "../src/io/hdf5Library.js";
import { writeSyntheticDataset } from "../src/synth/syntheticDataset.js";

const PYTHON_MS: Record<string, number> = {
  MaskBasedFeatures: 11.4,
  GLCMFeatures: 24.7,
  GradientRMS: 1.5,
  BackgroundMean: 1.0,
  PercentileFeatures: 5.4,
  CellShape: 3.1,
  Collocalization: 15.9,
  IntersectionProperties: 2.3,
  CenterOfCellsDistances: 3.4,
};
const PYTHON_WHOLE_SET_MS = 60;

function listCells(root: string): string[] {
  return readdirSync(root)
    .sort()
    .flatMap((name) => {
      const path = join(root, name);
      return statSync(path).isDirectory() ? listCells(path) : path.endsWith(".h5") ? [path] : [];
    });
}

function minimumMsPerCell(repeats: number, cells: number, run: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    run();
    best = Math.min(best, (performance.now() - start) / cells);
  }
  return best;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const cellsArg = args.indexOf("--cells");
  const count = cellsArg >= 0 ? Number(args[cellsArg + 1]) : 300;
  let root = args.find((a, i) => !a.startsWith("--") && (cellsArg < 0 || i !== cellsArg + 1));
  if (!root) {
    root = "/tmp/scifai-bench-features";
    writeSyntheticDataset(root, { cells: count, channels: 5, seed: 1 });
  }
  await loadHdf5();
  const paths = listCells(root).slice(0, count);
  const pipeline = new Pipeline([["features", featureUnionFor("readme")]]);
  const cells: MaskedCellImage[] = [];
  for (const path of paths) {
    try {
      cells.push(pipeline.prepare(readCellSync(path)));
    } catch {
      // broken files are not part of a speed measurement
    }
  }
  const pixels = cells.reduce((s, c) => s + c.height * c.width, 0) / cells.length;
  const channels = cells[0].channels;
  console.log(
    `${cells.length} cells, ${channels} channels, ${pixels.toFixed(0)} px per channel on average (${root})`,
  );
  console.log("family                    ms/cell   Python ms/cell   speed-up");
  for (const name of README_FAMILIES) {
    const family = FAMILY_FACTORIES[name]();
    const row = new Float64Array(family.columnNames(channels).length);
    const ms = minimumMsPerCell(5, cells.length, () => {
      for (const cell of cells) family.compute(cell, row, 0, new FeatureContext(cell));
    });
    const python = PYTHON_MS[name];
    console.log(
      `${name.padEnd(24)} ${ms.toFixed(3).padStart(8)} ${python.toFixed(1).padStart(16)} ${(python / ms).toFixed(0).padStart(9)}×`,
    );
  }
  const row = new Float64Array(pipeline.columnNames(channels).length);
  const computeOnly = minimumMsPerCell(5, cells.length, () => {
    for (const cell of cells) pipeline.features.compute(cell, row, 0, new FeatureContext(cell));
  });
  const withReading = minimumMsPerCell(5, paths.length, () => {
    for (const path of paths) {
      try {
        pipeline.computeInto(readCellSync(path), row);
      } catch {
        // counted in the denominator like the Python run, which also met these files
      }
    }
  });
  console.log(`README set, features only  ${computeOnly.toFixed(3).padStart(8)} ms/cell`);
  console.log(
    `README set, with reading   ${withReading.toFixed(3).padStart(8)} ms/cell   Python ${PYTHON_WHOLE_SET_MS} ms/cell   ${(PYTHON_WHOLE_SET_MS / withReading).toFixed(0)}× (goal: ≤ 3 ms, 20×)`,
  );
}

await main();
