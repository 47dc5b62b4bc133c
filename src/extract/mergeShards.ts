import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { METADATA_COLUMNS } from "../io/metadata.js";
import { openSink } from "../io/sinks/openSink.js";
import { openTable } from "../io/tableReader.js";
import { runPaths } from "./extractToFile.js";
import { type ShardManifest, shardManifestPath } from "./shard.js";

/** What `mergeShards` produced. */
export interface MergeSummary {
  output: string;
  errorsPath: string;
  shards: number;
  rows: number;
  errors: number;
}

/**
 * Joins the outputs of `scifai extract --shard i/N` into the table and error file a single-machine
 * run would have written (byte for byte for CSV, CSV.gz and Parquet; value for value for .h5ad).
 * Refuses an incomplete or mismatched set of shards with a message that lists what is missing or
 * differs. Shard outputs may be given in any order.
 */
export async function mergeShards(
  shardOutputs: readonly string[],
  output: string,
  options: { overwrite?: boolean } = {},
): Promise<MergeSummary> {
  if (shardOutputs.length === 0) throw new Error("no shard outputs given");
  const shards = shardOutputs.map((path) => ({ path, manifest: readManifest(path) }));
  checkShards(shards);
  shards.sort((a, b) => a.manifest.shard.index - b.manifest.shard.index);
  if (existsSync(output) && !options.overwrite)
    throw new Error(`${output} already exists; use --overwrite to replace it`);
  const first = shards[0].manifest;
  const partial = `${output}.partial`;
  rmSync(partial, { force: true });
  if (first.format === "csv" || first.format === "csv.gz") {
    // Every shard starts with the same header; the rest of each file is its rows (gzip members
    // per chunk for .csv.gz), so the single-machine file is the first header plus every body.
    const headerBytes = Number(first.initialSink.bytes);
    const target = openSync(partial, "w");
    try {
      let position = 0;
      shards.forEach(({ path }, i) => {
        position += copyBytes(path, i === 0 ? 0 : headerBytes, target, position);
      });
    } finally {
      closeSync(target);
    }
  } else {
    await reencodeShards(shards, partial);
  }
  const errorsPath = runPaths(output).errors;
  const errorsPartial = `${errorsPath}.partial`;
  const errorLines = ["file,stage,reason"];
  for (const { path } of shards) {
    const text = readFileSync(runPaths(path).errors, "utf8");
    errorLines.push(
      ...text
        .split("\n")
        .slice(1)
        .filter((line) => line.length > 0),
    );
  }
  const errorsTarget = openSync(errorsPartial, "w");
  writeSync(errorsTarget, `${errorLines.join("\n")}\n`);
  closeSync(errorsTarget);
  renameSync(partial, output);
  renameSync(errorsPartial, errorsPath);
  return {
    output,
    errorsPath,
    shards: shards.length,
    rows: shards.reduce((sum, s) => sum + s.manifest.rows, 0),
    errors: shards.reduce((sum, s) => sum + s.manifest.errors, 0),
  };
}

function readManifest(path: string): ShardManifest {
  const manifestPath = shardManifestPath(path);
  if (!existsSync(path)) {
    const inProgress = existsSync(runPaths(path).state)
      ? " (its run has not finished: start it again to resume)"
      : "";
    throw new Error(`${path}: shard output not found${inProgress}`);
  }
  if (!existsSync(manifestPath))
    throw new Error(
      `${path}: no shard manifest ${manifestPath}; is this the output of 'scifai extract --shard'?`,
    );
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as ShardManifest;
  if (manifest.version !== 1)
    throw new Error(`${manifestPath}: unknown manifest version ${String(manifest.version)}`);
  return manifest;
}

function checkShards(shards: { path: string; manifest: ShardManifest }[]): void {
  const reference = shards[0].manifest;
  const problems: string[] = [];
  const fields: [keyof ShardManifest, string][] = [
    ["datasetDigest", "metadata (files and labels)"],
    ["featureDigest", "feature set, channel count or column names"],
    ["format", "output format"],
    ["chunkSize", "chunk size"],
    ["metadataRows", "number of metadata rows"],
  ];
  for (const { path, manifest } of shards.slice(1)) {
    for (const [field, what] of fields) {
      if (JSON.stringify(manifest[field]) !== JSON.stringify(reference[field])) {
        problems.push(`${path} has another ${what} than ${shards[0].path}`);
      }
    }
    if (manifest.shard.count !== reference.shard.count) {
      problems.push(
        `${path} is one of ${manifest.shard.count} shards, ${shards[0].path} one of ${reference.shard.count}`,
      );
    }
    if (JSON.stringify(manifest.channelNames) !== JSON.stringify(reference.channelNames)) {
      problems.push(
        `${path} names the channels ${String(manifest.channelNames)}, ${shards[0].path} ${String(reference.channelNames)}`,
      );
    }
  }
  if (problems.length > 0) throw new Error(`shards do not match: ${problems.join("; ")}`);
  const seen = new Map<number, string>();
  for (const { path, manifest } of shards) {
    const other = seen.get(manifest.shard.index);
    if (other) throw new Error(`shard ${manifest.shard.index} is given twice: ${other} and ${path}`);
    seen.set(manifest.shard.index, path);
  }
  const missing = Array.from({ length: reference.shard.count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0) {
    throw new Error(
      `incomplete set of shards: missing shard${missing.length > 1 ? "s" : ""} ${missing.join(", ")} of ${reference.shard.count}`,
    );
  }
}

function copyBytes(path: string, from: number, target: number, position: number): number {
  const source = openSync(path, "r");
  try {
    const size = statSync(path).size;
    const buffer = Buffer.allocUnsafe(1 << 22);
    let copied = 0;
    while (from + copied < size) {
      const read = readSync(source, buffer, 0, Math.min(buffer.length, size - from - copied), from + copied);
      if (read === 0) break;
      let written = 0;
      while (written < read)
        written += writeSync(target, buffer, written, read - written, position + copied + written);
      copied += read;
    }
    return copied;
  } finally {
    closeSync(source);
  }
}

/** Re-encodes shard rows through the same sink as extraction, with the same chunk (row-group) boundaries. */
async function reencodeShards(
  shards: { path: string; manifest: ShardManifest }[],
  partial: string,
): Promise<void> {
  const { format, featureColumns } = shards[0].manifest;
  const textColumns = [...METADATA_COLUMNS];
  let pendingText: string[][] = textColumns.map(() => []);
  let pendingValues: number[][] = featureColumns.map(() => []);
  let rowBase = 0;
  let chunkText: string[][] = [];
  const sink = await openSink(format, partial, { textColumns, featureColumns }, (row) =>
    chunkText.map((column) => column[row - rowBase]),
  );
  try {
    for (const { path, manifest } of shards) {
      const reader = await openTable(path);
      const chunkSizes = [...manifest.rowsPerChunk];
      try {
        if (JSON.stringify(reader.columns.numeric) !== JSON.stringify(featureColumns)) {
          throw new Error(`${path}: its columns differ from its manifest`);
        }
        const emit = async (rows: number) => {
          chunkText = pendingText.map((column) => column.splice(0, rows));
          const taken = pendingValues.map((column) => column.splice(0, rows));
          const values = new Float64Array(rows * featureColumns.length);
          for (let r = 0; r < rows; r++)
            for (let c = 0; c < featureColumns.length; c++)
              values[r * featureColumns.length + c] = taken[c][r];
          await sink.writeChunk(
            Int32Array.from({ length: rows }, (_, i) => rowBase + i),
            values,
          );
          rowBase += rows;
        };
        for await (const batch of reader.batches()) {
          batch.text.forEach((column, c) => {
            pendingText[c].push(...column);
          });
          batch.numeric.forEach((column, c) => {
            pendingValues[c].push(...column);
          });
          while (chunkSizes.length > 0 && pendingText[0].length >= chunkSizes[0])
            await emit(chunkSizes.shift()!);
        }
        while (chunkSizes.length > 0 && chunkSizes[0] === 0) chunkSizes.shift();
        if (chunkSizes.length > 0 || pendingText[0].length > 0)
          throw new Error(`${path}: its rows do not match its manifest`);
      } finally {
        reader.close();
      }
      pendingText = textColumns.map(() => []);
      pendingValues = featureColumns.map(() => []);
    }
  } catch (error) {
    sink.abandon();
    rmSync(partial, { force: true });
    throw error;
  }
  await sink.finish();
}
