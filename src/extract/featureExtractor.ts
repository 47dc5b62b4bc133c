import { renameChannels, validateChannelNames } from "../features/channelNames.js";
import type { Pipeline } from "../features/pipeline.js";
import { METADATA_COLUMNS, type Metadata } from "../io/metadata.js";
import { FeatureTable } from "../table/featureTable.js";
import { planBatches } from "./batchPlan.js";
import type { CellError } from "./chunkComputation.js";
import { InProcessExecutor } from "./chunkExecutor.js";
import { channelCountOf } from "./datasetChannels.js";
import { processChunksInOrder } from "./orderedChunks.js";

/** Options of FeatureExtractor. */
export interface FeatureExtractorOptions {
  /** Marker names replacing `Ch{k}` tokens in column names. */
  channelNames?: readonly string[];
  /** Cells per chunk (default 256). */
  chunkSize?: number;
}

/** Features of a metadata table, as columns, with the cells that failed. */
export interface ExtractedTable {
  /** Metadata text columns and feature columns of the cells that succeeded, in metadata order. */
  table: FeatureTable;
  errors: CellError[];
}

/**
 * scifAI's FeatureExtractor: runs a Pipeline over every cell of a metadata table on the calling
 * thread with the same chunked engine as `scifai extract` (which adds worker threads, streaming
 * and resume). Any pipeline works, including user-defined families.
 */
export class FeatureExtractor {
  constructor(
    readonly pipeline: Pipeline,
    private readonly options: FeatureExtractorOptions = {},
  ) {}

  /**
   * One record of feature name → value per metadata row, like the Python tool; a cell that cannot
   * be processed gives an empty record (a row of NaN in a table), as in scifAI.
   */
  async extractFeatures(
    metadata: Metadata,
    onProgress?: (done: number, total: number) => void,
  ): Promise<Record<string, number>[]> {
    const { names, results } = await this.run(metadata, onProgress);
    const records: Record<string, number>[] = metadata.rows.map(() => ({}));
    for (const result of results) {
      result.rows.forEach((row, i) => {
        const record: Record<string, number> = {};
        for (let c = 0; c < names.length; c++) record[names[c]] = result.values[i * names.length + c];
        records[row] = record;
      });
    }
    return records;
  }

  /** The columnar path: metadata columns plus features for the cells that succeeded, and the failures. */
  async extractTable(
    metadata: Metadata,
    onProgress?: (done: number, total: number) => void,
  ): Promise<ExtractedTable> {
    const { names, results } = await this.run(metadata, onProgress);
    const rows = results.flatMap((r) => Array.from(r.rows));
    const columns = names.map(() => new Float64Array(rows.length));
    let at = 0;
    for (const result of results) {
      for (let i = 0; i < result.rows.length; i++, at++) {
        for (let c = 0; c < names.length; c++) columns[c][at] = result.values[i * names.length + c];
      }
    }
    const text = new Map<string, string[]>(
      METADATA_COLUMNS.map((column) => [column, rows.map((row) => metadata.rows[row][column])]),
    );
    return {
      table: new FeatureTable(text, names, columns, rows.length),
      errors: results.flatMap((r) => r.errors),
    };
  }

  private async run(metadata: Metadata, onProgress?: (done: number, total: number) => void) {
    const channels = await channelCountOf(metadata.root, metadata.rows.length, (r) => metadata.rows[r].file);
    let names = this.pipeline.columnNames(channels);
    if (this.options.channelNames) {
      validateChannelNames(this.options.channelNames, this.pipeline.featureChannels(channels));
      names = renameChannels(names, this.options.channelNames);
    }
    const chunkSize = this.options.chunkSize ?? 256;
    const total = metadata.rows.length;
    const plan = planBatches(0, Math.ceil(total / chunkSize), chunkSize, total, (first, end) => {
      const rows = metadata.rows.slice(first, end);
      return { files: rows.map((r) => r.file), objectNumbers: rows.map((r) => r.object_number) };
    });
    const executor = new InProcessExecutor(this.pipeline, metadata.root, channels, names.length);
    const results: Awaited<ReturnType<typeof executor.compute>>[] = [];
    await processChunksInOrder(executor, plan, (result, index) => {
      results.push(result);
      onProgress?.(plan.endRowOf(index), total);
    });
    return { names, results };
  }
}
