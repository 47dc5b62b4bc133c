/**
 * Milliseconds per cell for reading every readable fixture cell with the built-in HDF5 reader
 * (readCellSync) and with the HDF5 library (h5wasm), many repetitions each.
 * Run: npm run build && node dist/bench/readCell.js [repetitions]
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { decodeCellFile, readCellSync, readCellSyncWithLibrary } from "../src/io/cellFile.js";
import { CellReadError } from "../src/io/cellReadError.js";
import { type Hdf5Dataset, Hdf5File } from "../src/io/hdf5/reader.js";
import { loadHdf5 } from "../src/io/hdf5Library.js";

const root = fileURLToPath(new URL("../../../shared/fixtures/ifc-small/", import.meta.url));
const repetitions = Number(process.argv[2] ?? 200);

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
}

function readable(path: string): boolean {
  try {
    readCellSyncWithLibrary(path);
    return true;
  } catch (error) {
    if (error instanceof CellReadError) return false;
    throw error;
  }
}

/**
 * Best of five rounds of `repetitions` passes over all files: wall-clock and CPU milliseconds
 * per cell (CPU time is the steadier figure on a shared machine).
 */
function time(files: string[], read: (path: string) => unknown): { wall: number; cpu: number } {
  let wall = Number.POSITIVE_INFINITY;
  let cpu = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 5; round++) {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    for (let r = 0; r < repetitions; r++) for (const path of files) read(path);
    const used = process.cpuUsage(cpuStart);
    const cells = repetitions * files.length;
    wall = Math.min(wall, Number(process.hrtime.bigint() - start) / 1e6 / cells);
    cpu = Math.min(cpu, (used.user + used.system) / 1e3 / cells);
  }
  return { wall, cpu };
}

await loadHdf5();
const files = walk(root).filter((path) => path.endsWith(".h5") && readable(path));
const contiguous = files.filter((path) => {
  const image = Hdf5File.open(readFileSync(path)).get("image") as Hdf5Dataset;
  return image.layout.kind !== "chunked";
});
const sizes = files.map((path) => {
  const cell = readCellSync(path);
  return cell.height * cell.width * cell.channels;
});
const meanPixels = sizes.reduce((a, b) => a + b, 0) / sizes.length;

console.log(
  `${files.length} readable fixture cells, mean ${meanPixels.toFixed(0)} values per image (H×W×C), ${repetitions} repetitions`,
);
const rows: [string, string[], (path: string) => unknown][] = [
  ["built-in reader, readCellSync (file read + parse + planes)", files, readCellSync],
  ["built-in reader, contiguous files only", contiguous, readCellSync],
  ["built-in reader, gzip-chunked files only", files.filter((p) => !contiguous.includes(p)), readCellSync],
  [
    "built-in reader, parse + planes from bytes in memory",
    files,
    (path) => decodeCellFile(cached(path), path),
  ],
  ["h5wasm, readCellSyncWithLibrary", files, readCellSyncWithLibrary],
];
const memory = new Map<string, Uint8Array>();
function cached(path: string): Uint8Array {
  let bytes = memory.get(path);
  if (!bytes) memory.set(path, (bytes = readFileSync(path)));
  return bytes;
}
const results = rows.map(([name, subset, read]) => ({ name, count: subset.length, ...time(subset, read) }));
const library = results[results.length - 1];
for (const { name, count, wall, cpu } of results) {
  console.log(
    `${wall.toFixed(4)} ms/cell wall, ${cpu.toFixed(4)} ms/cell CPU (${(cpu / library.cpu).toFixed(2)}× h5wasm)  ${name} (${count} files)`,
  );
}
