/**
 * .cif decoding speed, single thread: objects per second for streaming example.cif (repeated),
 * for listing its objects, and for reading the same cells from the .h5 files import-cif writes,
 * beside the README feature set's time per cell on the same cells (goal: decoding ≤ 20% of
 * extraction time). Usage: npm run build && node dist/bench/cifDecode.js [FILE.cif] [--repeats N]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FeatureContext } from "../src/features/featureContext.js";
import { featureUnionFor } from "../src/features/featureSets.js";
import { Pipeline } from "../src/features/pipeline.js";
import type { MaskedCellImage } from "../src/image/cellImage.js";
import { readCellSync } from "../src/io/cellFile.js";
import { listCifObjects, readCifCells } from "../src/io/cif/cifCells.js";
import { importCif } from "../src/io/cif/cifImport.js";
import { CifReader } from "../src/io/cif/cifObjects.js";

const args = process.argv.slice(2);
const repeatsAt = args.indexOf("--repeats");
const repeats = repeatsAt >= 0 ? Number(args[repeatsAt + 1]) : 30;
const file =
  args.find((a, i) => !a.startsWith("--") && i !== repeatsAt + 1) ??
  fileURLToPath(new URL("../../../shared/fixtures/cif/example.cif", import.meta.url));

/** Best of `rounds` timings of `run`, in microseconds per object. */
function bestMicrosPerObject(rounds: number, run: () => number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    const objects = run();
    best = Math.min(best, ((performance.now() - start) * 1000) / objects);
  }
  return best;
}

function decodeAll(): number {
  const reader = CifReader.open(file);
  let objects = 0;
  try {
    for (const record of reader.records()) if (record.kind === "object") objects++;
  } finally {
    reader.close();
  }
  return objects;
}

const warm = decodeAll();
const decode = bestMicrosPerObject(repeats, decodeAll);
const listing = bestMicrosPerObject(repeats, () => {
  // A fresh copy of the listing each round: listCifObjects caches by path.
  const reader = CifReader.open(file, { windowSize: 4096 });
  let objects = 0;
  for (const location of reader.locations()) if (!("kind" in location)) objects++;
  reader.close();
  return objects;
});
const numbers = listCifObjects(file).objectNumbers;
const randomOrder = [...numbers].reverse();
const randomAccess = bestMicrosPerObject(Math.max(3, repeats / 3), () => {
  let objects = 0;
  for (const result of readCifCells(file, randomOrder)) if (result.cell) objects++;
  return objects;
});

const scratch = mkdtempSync(join(tmpdir(), "scifai-bench-cif-"));
const summary = importCif(file, { root: scratch, experiment: "E", donor: "D", condition: "K", name: "cell" });
const h5Paths = numbers.map((n) => join(summary.folder, `cell_${n}.h5`));
const h5Read = bestMicrosPerObject(Math.max(3, repeats / 3), () => {
  for (const path of h5Paths) readCellSync(path);
  return h5Paths.length;
});
rmSync(scratch, { recursive: true, force: true });

const pipeline = new Pipeline([["features", featureUnionFor("readme")]]);
const cells: MaskedCellImage[] = [];
for (const result of readCifCells(file)) if (result.cell) cells.push(pipeline.prepare(result.cell));
const channels = cells[0].channels;
const row = new Float64Array(pipeline.columnNames(channels).length);
const features = bestMicrosPerObject(3, () => {
  for (const cell of cells) pipeline.features.compute(cell, row, 0, new FeatureContext(cell));
  return cells.length;
});

const pixels = cells.reduce((s, c) => s + c.height * c.width, 0) / cells.length;
const perSecond = (micros: number) => `${(1e6 / micros).toFixed(0).padStart(8)} objects/s`;
console.log(
  `${file}: ${warm} objects, ${channels} channels, ${pixels.toFixed(0)} px per channel on average; best of ${repeats} passes`,
);
console.log(
  `decode (stream, image + mask)   ${decode.toFixed(1).padStart(8)} µs/object ${perSecond(decode)}`,
);
console.log(
  `list objects (directories only) ${listing.toFixed(1).padStart(8)} µs/object ${perSecond(listing)}`,
);
console.log(
  `decode in reverse order         ${randomAccess.toFixed(1).padStart(8)} µs/object ${perSecond(randomAccess)}`,
);
console.log(
  `read the same cell from .h5     ${h5Read.toFixed(1).padStart(8)} µs/object ${perSecond(h5Read)}`,
);
console.log(`README features (${row.length} columns)  ${(features / 1000).toFixed(3).padStart(8)} ms/cell`);
const share = decode / (decode + features);
console.log(
  `decoding is ${(100 * share).toFixed(1)}% of decode + features (goal ≤ 20%); ` +
    `of a 2 ms/cell extraction it would be ${((100 * decode) / (decode + 2000)).toFixed(1)}%`,
);
