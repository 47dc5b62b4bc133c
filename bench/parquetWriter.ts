/**
 * Writing a feature table to Parquet: the built-in streaming writer (src/io/parquet) against DuckDB's
 * appender + COPY, on the same 20,000 rows × (600 double + 7 string) columns in row groups of 1,024 rows.
 * Prints ms per row and MB/s (file bytes per second) for each; the goal for the built-in writer is
 * ≤ 0.02 ms per 600-column row.
 * Run: npm run build && node dist/bench/parquetWriter.js [rows] [repetitions]
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rowMajorToColumns } from "../src/io/parquet/columnMajor.js";
import type {
  ParquetColumn,
  ParquetColumnData,
  ParquetWriterOptions,
} from "../src/io/parquet/parquetWriter.js";
import { ParquetStreamWriter } from "../src/io/parquet/parquetWriter.js";
import { sqlIdentifier, sqlString } from "../src/io/tableFormat.js";
import { createRandom } from "../src/util/random.js";

const rowCount = Number(process.argv[2] ?? 20_000);
const repetitions = Number(process.argv[3] ?? 5);
const rowsPerGroup = 1024;
const featureCount = 600;
const metadataNames = ["file", "experiment", "donor", "condition", "object_number", "set", "label"];

const columns: ParquetColumn[] = [
  ...metadataNames.map((name) => ({ name, type: "string" as const })),
  ...Array.from({ length: featureCount }, (_, i) => ({
    name: `feature_${i}_Ch${(i % 5) + 1}`,
    type: "double" as const,
  })),
];

// Row-major rows as the extractor produces them (one Float64Array row per cell), plus metadata text.
const random = createRandom(42);
const features = new Float64Array(rowCount * featureCount);
for (let i = 0; i < features.length; i++) {
  features[i] = random.bernoulli(0.02) ? Number.NaN : random.normal() * 100;
}
const metadata: string[][] = metadataNames.map((name, m) =>
  Array.from({ length: rowCount }, (_, row) =>
    m === 0 ? `Experiment_${row % 3}/Donor_${row % 7}/-SEA/cell_${row}.h5` : `${name}_${row % (m + 2)}`,
  ),
);

/**
 * Column-major row groups (what writeRowGroup takes) from the row-major block, with the blocked
 * transpose; `target` reused across calls as the extractor would.
 */
function columnMajorGroup(start: number, end: number, target?: Float64Array): ParquetColumnData[] {
  const rows = end - start;
  const block = features.subarray(start * featureCount, end * featureCount);
  return [
    ...metadata.map((values) => values.slice(start, end)),
    ...rowMajorToColumns(block, rows, featureCount, target),
  ];
}

const groupBounds: [number, number][] = [];
for (let start = 0; start < rowCount; start += rowsPerGroup) {
  groupBounds.push([start, Math.min(rowCount, start + rowsPerGroup)]);
}

const directory = mkdtempSync(join(tmpdir(), "scifai-bench-parquet-"));

/** Wall and CPU (user + system) time of one run, in ms. */
interface Timing {
  wall: number;
  cpu: number;
}

/** Best wall and best CPU time over the repetitions (CPU time is steadier on a shared machine). */
function best(run: () => void): Timing {
  const fastest: Timing = { wall: Number.POSITIVE_INFINITY, cpu: Number.POSITIVE_INFINITY };
  for (let r = 0; r < repetitions; r++) {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    run();
    const cpu = process.cpuUsage(cpuStart);
    fastest.wall = Math.min(fastest.wall, Number(process.hrtime.bigint() - start) / 1e6);
    fastest.cpu = Math.min(fastest.cpu, (cpu.user + cpu.system) / 1e3);
  }
  return fastest;
}

function report(name: string, timing: Timing, bytes: number): void {
  const mbPerSecond = bytes / 1e6 / (timing.wall / 1e3);
  console.log(
    `${(timing.wall / rowCount).toFixed(5)} ms/row wall  ${(timing.cpu / rowCount).toFixed(5)} ms/row CPU  ${mbPerSecond.toFixed(0).padStart(5)} MB/s  ${name}`,
  );
}

console.log(
  `${rowCount} rows × (${featureCount} double + ${metadataNames.length} string) columns, row groups of ${rowsPerGroup}, best of ${repetitions}, files in ${directory}`,
);

const prepared = groupBounds.map(([start, end]) => columnMajorGroup(start, end));
const transposeTarget = new Float64Array(rowsPerGroup * featureCount);
const transpose = best(() => {
  for (const [start, end] of groupBounds) columnMajorGroup(start, end, transposeTarget);
});
report(
  "row-major → column-major (rowMajorToColumns, reused target) alone",
  transpose,
  rowCount * featureCount * 8,
);

function writeOurs(path: string, options: ParquetWriterOptions, transpose: boolean): void {
  const writer = new ParquetStreamWriter(path, columns, options);
  groupBounds.forEach(([start, end], g) => {
    writer.writeRowGroup(
      transpose ? columnMajorGroup(start, end, transposeTarget) : prepared[g],
      end - start,
    );
    // The extractor persists this after each row group; building it is part of the cost.
    writer.state();
  });
  writer.close();
}

const oursPath = join(directory, "ours.parquet");
const ours = best(() => writeOurs(oursPath, {}, false));
const oursBytes = statSync(oursPath).size;
report("ParquetStreamWriter, uncompressed (column-major input)", ours, oursBytes);
report(
  "ParquetStreamWriter, uncompressed, from row-major rows (incl. rowMajorToColumns)",
  best(() => writeOurs(oursPath, {}, true)),
  oursBytes,
);
const gzipPath = join(directory, "ours-gzip.parquet");
const gzip = best(() => writeOurs(gzipPath, { compression: "gzip" }, false));
report(
  `ParquetStreamWriter, gzip (${(statSync(gzipPath).size / oursBytes).toFixed(3)} of the size)`,
  gzip,
  oursBytes,
);

// DuckDB: data-chunk appender (much faster than value-by-value appending) into a table, then COPY.
const { DuckDBInstance, DuckDBDataChunk, DOUBLE, VARCHAR } = await import("@duckdb/node-api");
const instance = await DuckDBInstance.create(":memory:", { threads: "1" });
const connection = await instance.connect();
const columnList = columns
  .map((column) => `${sqlIdentifier(column.name)} ${column.type === "string" ? "VARCHAR" : "DOUBLE"}`)
  .join(", ");
const chunkTypes = columns.map((column) => (column.type === "string" ? VARCHAR : DOUBLE));
const append: Timing = { wall: Number.POSITIVE_INFINITY, cpu: Number.POSITIVE_INFINITY };
const copy: Timing = { wall: Number.POSITIVE_INFINITY, cpu: Number.POSITIVE_INFINITY };
const duckPath = join(directory, "duckdb.parquet");
for (let r = 0; r < Math.min(repetitions, 3); r++) {
  await connection.run("DROP TABLE IF EXISTS features");
  await connection.run(`CREATE TABLE features (${columnList})`);
  let wallStart = process.hrtime.bigint();
  let cpuStart = process.cpuUsage();
  const appender = await connection.createAppender("features");
  for (const group of prepared) {
    const rows = group[0].length;
    const chunk = DuckDBDataChunk.create(chunkTypes, rows);
    group.forEach((values, c) => {
      chunk.setColumnValues(c, Array.from(values as ArrayLike<number | string>));
    });
    appender.appendDataChunk(chunk);
  }
  appender.flushSync();
  appender.closeSync();
  let cpu = process.cpuUsage(cpuStart);
  append.wall = Math.min(append.wall, Number(process.hrtime.bigint() - wallStart) / 1e6);
  append.cpu = Math.min(append.cpu, (cpu.user + cpu.system) / 1e3);
  wallStart = process.hrtime.bigint();
  cpuStart = process.cpuUsage();
  await connection.run(
    `COPY features TO ${sqlString(duckPath)} (FORMAT PARQUET, COMPRESSION 'uncompressed', ROW_GROUP_SIZE ${rowsPerGroup})`,
  );
  cpu = process.cpuUsage(cpuStart);
  copy.wall = Math.min(copy.wall, Number(process.hrtime.bigint() - wallStart) / 1e6);
  copy.cpu = Math.min(copy.cpu, (cpu.user + cpu.system) / 1e3);
}
const duckBytes = statSync(duckPath).size;
report("DuckDB data-chunk appender (1 thread)", append, duckBytes);
report("DuckDB COPY TO parquet, uncompressed (1 thread)", copy, duckBytes);
const duckTotal = { wall: append.wall + copy.wall, cpu: append.cpu + copy.cpu };
report("DuckDB appender + COPY", duckTotal, duckBytes);

const [[count, sum]] = (
  await connection.runAndReadAll(
    `SELECT count(*), sum(hash(${sqlIdentifier(columns[7].name)})) FROM read_parquet(${sqlString(oursPath)})`,
  )
).getRows();
const [[duckCount, duckSum]] = (
  await connection.runAndReadAll(
    `SELECT count(*), sum(hash(${sqlIdentifier(columns[7].name)})) FROM read_parquet(${sqlString(duckPath)})`,
  )
).getRows();
console.log(
  `check: DuckDB reads ${count} rows from ours and ${duckCount} from its own; first feature column hashes ${sum === duckSum ? "match" : "DIFFER"}`,
);
console.log(
  `file sizes: ours ${(oursBytes / 1e6).toFixed(1)} MB, DuckDB ${(duckBytes / 1e6).toFixed(1)} MB; speed-up vs appender + COPY ${(duckTotal.wall / ours.wall).toFixed(1)}× wall, ${(duckTotal.cpu / ours.cpu).toFixed(1)}× CPU`,
);
connection.closeSync();
instance.closeSync();
rmSync(directory, { recursive: true, force: true });
