import { createHash } from "node:crypto";
import { existsSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { METADATA_COLUMNS, type Metadata } from "../io/metadata.js";
import { scanToSpool } from "../io/metadataScan.js";
import { MetadataSpool } from "../io/metadataSpool.js";
import { openSink } from "../io/sinks/openSink.js";
import { type TableFormat, tableFormatOf } from "../io/tableFormat.js";
import { planBatches } from "./batchPlan.js";
import { ChunkAssembly } from "./chunkAssembly.js";
import { type ChunkExecutor, InProcessExecutor, WorkerPoolExecutor } from "./chunkExecutor.js";
import { channelCountOf } from "./datasetChannels.js";
import { ErrorLog } from "./errorLog.js";
import { type FeatureSpec, featureColumnNames, pipelineFor } from "./featureSpec.js";
import { processChunksInOrder } from "./orderedChunks.js";
import { clearRunState, readRunState, writeRunState } from "./runState.js";
import { type Shard, type ShardManifest, shardChunks, shardManifestPath, shardOutputPath } from "./shard.js";

/** Options of `extractToFile`. */
export interface ExtractOptions {
  /** Dataset root; metadata `file` paths are relative to it. */
  data: string;
  /** Rows to extract; scanned from `data` when absent (and no `metadataFile`). */
  metadata?: Metadata;
  /** A metadata file made by `scifai metadata` (CSV or Parquet, paths relative to `data`), read instead of a scan. */
  metadataFile?: string;
  /** Output table; its extension chooses the format unless `format` is given. */
  output: string;
  format?: TableFormat;
  spec: FeatureSpec;
  /** Worker threads (default: all cores); 0 computes on the calling thread. */
  workers?: number;
  /**
   * Cells per chunk, the unit of streaming and of resuming (Parquet: one row group each). The default
   * (`defaultChunkSize`) depends on the format and the number of feature columns only: never on the
   * worker count, so outputs stay identical, nor on the number of cells, so memory stays flat.
   */
  chunkSize?: number;
  /** Replace an existing complete output instead of refusing. */
  overwrite?: boolean;
  /**
   * Compute only this part of the dataset (consecutive chunks, balanced by file count) into
   * `shardOutputPath(output, shard)`, with a manifest for `scifai merge`.
   */
  shard?: Shard;
  /** Called as each batch of cells (32) is taken into its chunk, in row order. */
  onProgress?: (progress: ExtractProgress) => void;
  /**
   * Called a few times a second while the dataset is scanned (or the `metadataFile` read), with the
   * number of rows found so far; not called for `metadata` given in memory.
   */
  onScanProgress?: (rowsFound: number) => void;
}

/** Progress of a run, reported as each batch of cells is taken into its chunk. */
export interface ExtractProgress {
  cellsDone: number;
  cellsTotal: number;
  errors: number;
}

/** What a finished run produced. */
export interface ExtractSummary {
  output: string;
  errorsPath: string;
  /** Rows in the output (cells with features). */
  rows: number;
  /** Cells that failed, listed in `errorsPath`. */
  errors: number;
  featureColumns: string[];
  /** Chunk the run resumed from (0 for a fresh run). */
  resumedFromChunk: number;
  /** Chunks of this run (of the shard, when sharded). */
  chunks: number;
}

/** Paths a run writes next to its output. */
export function runPaths(output: string): {
  partial: string;
  state: string;
  errors: string;
  metadata: string;
} {
  return {
    partial: `${output}.partial`,
    state: `${output}.progress.json`,
    errors: `${output}.errors.csv`,
    metadata: `${output}.metadata.jsonl`,
  };
}

/**
 * Extracts features of every metadata row into `output`, streaming chunk by chunk through a pool
 * of worker threads: metadata columns, then feature columns, in metadata order. Cells that fail
 * are listed in `OUT.errors.csv` (file, stage, reason) and have no row. A run that is killed
 * resumes from its last complete chunk when started again with the same inputs, and the output
 * is byte-identical whatever the number of workers.
 */
export async function extractToFile(options: ExtractOptions): Promise<ExtractSummary> {
  const format = options.format ?? tableFormatOf(options.output, ["csv", "csv.gz", "parquet", "h5ad"]);
  // The rows wait in a file next to the output (spooled), read back block by block: memory does not
  // depend on the number of cells. A scan reads no cell file: each row's set and label come from the
  // cell the worker reads anyway, so every file is read once (a metadata table keeps its labels).
  const output = options.shard ? shardOutputPath(options.output, options.shard) : options.output;
  const { metadata: spoolPath, state } = runPaths(output);
  // Refused before the scan, which would otherwise list millions of files for nothing. Without a run
  // state beside it, an existing output is a finished run's (a resumable run has no output yet).
  if (!options.overwrite && existsSync(output) && !existsSync(state)) {
    throw new Error(`${output} already exists; use --overwrite to replace it`);
  }
  const workers = options.workers ?? availableParallelism();
  // The threads load their modules while the rows are scanned (about 0.2 s each that no longer
  // precedes the first cell); they learn what to compute once the channel count is known.
  const pool = workers > 0 ? new WorkerPoolExecutor(workers) : null;
  try {
    const metadata = options.metadata
      ? MetadataSpool.of(spoolPath, options.metadata.root, options.metadata.rows)
      : (
          await scanToSpool(
            options.data,
            spoolPath,
            { workers: options.workers, readLabels: false },
            options.metadataFile,
            options.onScanProgress,
          )
        ).metadata;
    try {
      const labelsFromCells = !options.metadata && !options.metadataFile;
      return await extractRows(options, format, output, metadata, labelsFromCells, pool);
    } finally {
      metadata.close();
    }
  } finally {
    await pool?.close();
  }
}

/** extractToFile once the rows are spooled; `labelsFromCells`: set and label come from the cell files. */
async function extractRows(
  options: ExtractOptions,
  format: TableFormat,
  output: string,
  metadata: MetadataSpool,
  labelsFromCells: boolean,
  pool: WorkerPoolExecutor | null,
): Promise<ExtractSummary> {
  const rowCount = metadata.rowCount;
  const pipeline = pipelineFor(options.spec);
  const channels = await channelCountOf(metadata.root, rowCount, (row) => metadata.fileAt(row));
  const featureColumns = featureColumnNames(pipeline, channels, options.spec.channelNames);
  const chunkSize = options.chunkSize ?? defaultChunkSize(format, featureColumns.length);
  if (!Number.isInteger(chunkSize) || chunkSize < 1)
    throw new RangeError(`chunk size must be ≥ 1, got ${chunkSize}`);
  const schema = { textColumns: [...METADATA_COLUMNS], featureColumns };
  const paths = runPaths(output);
  const datasetDigest = metadata.digest;
  const featureDigest = hashText(JSON.stringify({ spec: options.spec, channels, featureColumns }));
  const digest = hashText(
    JSON.stringify({ datasetDigest, featureDigest, format, chunkSize, shard: options.shard ?? null }),
  );

  const previous = readRunState(paths.state);
  if (previous && previous.digest !== digest) {
    throw new Error(
      `${paths.state} belongs to a run with other inputs (files, features, format, chunk size or shard); delete it to start over`,
    );
  }
  if (!previous) rmSync(paths.partial, { force: true });

  const allChunks = Math.ceil(rowCount / chunkSize);
  const range = options.shard ? shardChunks(allChunks, options.shard) : { first: 0, end: allChunks };
  const firstRowOfRange = range.first * chunkSize;
  const endRowOfRange = Math.min(rowCount, range.end * chunkSize);
  const startChunk = range.first + (previous?.chunksDone ?? 0);
  // The labels read with the chunk being written, by metadata row (when labelsFromCells).
  const chunkLabels = new Map<number, string | null>();
  const text = (row: number) => {
    const fields = metadata.textAt(row);
    if (labelsFromCells) {
      const label = chunkLabels.get(row) ?? null;
      fields[5] = label === null ? "unlabeled" : "labeled";
      fields[6] = label ?? "-1";
    }
    return fields;
  };
  const sink = await openSink(format, paths.partial, schema, text, previous?.sink);
  const initialSink = previous?.initialSink ?? sink.state();
  const errorLog = new ErrorLog(paths.errors, previous?.errors);
  let rowsWritten = previous?.rowsWritten ?? 0;
  const rowsPerChunk = [...(previous?.rowsPerChunk ?? [])];
  const plan = planBatches(startChunk, range.end, chunkSize, rowCount, (first, end) => {
    const files: string[] = [];
    const objectNumbers: string[] = [];
    for (let row = first; row < end; row++) {
      files.push(metadata.fileAt(row));
      objectNumbers.push(metadata.objectNumberAt(row));
    }
    return { files, objectNumbers };
  });
  const columns = featureColumns.length;
  let executor: ChunkExecutor;
  if (pool) {
    pool.configure({ spec: options.spec, root: metadata.root, channels, columns });
    executor = pool;
  } else executor = new InProcessExecutor(pipeline, metadata.root, channels, columns);
  // A column-major sink (Parquet) gets the chunk transposed batch by batch: one copy of it, not two.
  const assembly = new ChunkAssembly(
    Math.min(chunkSize, Math.max(1, rowCount)),
    featureColumns.length,
    sink.writeColumns ? "columns" : "rows",
  );
  try {
    await processChunksInOrder(executor, plan, async (result, index) => {
      assembly.add(result);
      if (plan.completesChunk(index)) {
        const chunk = plan.chunkOf(index);
        chunkLabels.clear();
        const { rows, labels } = assembly;
        for (let i = 0; i < rows.length; i++) chunkLabels.set(rows[i], labels[i]);
        if (sink.writeColumns) await sink.writeColumns(assembly.rows, assembly.columnViews());
        else await sink.writeChunk(assembly.rows, assembly.values);
        errorLog.append(assembly.errors);
        rowsWritten += assembly.rows.length;
        rowsPerChunk.push(assembly.rows.length);
        assembly.clear();
        writeRunState(paths.state, {
          version: 1,
          digest,
          chunkSize,
          chunksDone: chunk + 1 - range.first,
          rowsWritten,
          rowsPerChunk,
          errors: errorLog.position(),
          sink: sink.state(),
          initialSink,
        });
      }
      options.onProgress?.({
        cellsDone: plan.endRowOf(index) - firstRowOfRange,
        cellsTotal: endRowOfRange - firstRowOfRange,
        errors: errorLog.errorCount + assembly.errors.length,
      });
    });
  } catch (error) {
    sink.abandon();
    errorLog.close();
    throw error;
  } finally {
    await executor.close();
  }
  await sink.finish();
  errorLog.close();
  renameSync(paths.partial, output);
  if (options.shard) {
    const manifest: ShardManifest = {
      version: 1,
      shard: options.shard,
      datasetDigest,
      featureDigest,
      format,
      featureColumns,
      channelNames: options.spec.channelNames ? [...options.spec.channelNames] : null,
      chunkSize,
      chunks: allChunks,
      firstChunk: range.first,
      endChunk: range.end,
      metadataRows: rowCount,
      rows: rowsWritten,
      rowsPerChunk,
      errors: errorLog.errorCount,
      initialSink,
    };
    writeFileSync(shardManifestPath(output), `${JSON.stringify(manifest, null, 1)}\n`);
  }
  clearRunState(paths.state);
  return {
    output,
    errorsPath: paths.errors,
    rows: rowsWritten,
    errors: errorLog.errorCount,
    featureColumns,
    resumedFromChunk: startChunk - range.first,
    chunks: range.end - range.first,
  };
}

/** Feature values the default chunk aims at: 32 MiB of float64, whatever the number of columns. */
const CHUNK_VALUE_BYTES = 32 * 1024 * 1024;

/**
 * The default chunk size for `featureColumns` columns written as `format`: the largest power of two
 * whose values fit in 32 MiB, between 64 and 4,096 cells for Parquet (whose footer holds an entry per
 * row group and column, so its row groups should not be small) or 1,024 for the other formats (5
 * channels of README features: 4,096 / 1,024; 8 channels: 2,048 / 1,024). It never depends on the
 * number of cells, so memory does not either.
 */
export function defaultChunkSize(format: TableFormat, featureColumns: number): number {
  const largest = format === "parquet" ? 4096 : 1024;
  const fitting = 2 ** Math.floor(Math.log2(CHUNK_VALUE_BYTES / (8 * Math.max(1, featureColumns))));
  return Math.min(largest, Math.max(64, fitting));
}

function hashText(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
