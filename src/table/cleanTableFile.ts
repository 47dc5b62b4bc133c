import { existsSync, renameSync, rmSync } from "node:fs";
import { openSink } from "../io/sinks/openSink.js";
import { type TableFormat, tableFormatOf } from "../io/tableFormat.js";
import { openTable } from "../io/tableReader.js";
import { writeTextTable } from "../io/textTable.js";
import { ColumnVariation, type DropReason } from "./columnVariation.js";

/** What `cleanTableFile` did. */
export interface CleanSummary {
  rows: number;
  kept: string[];
  dropped: { name: string; reason: DropReason }[];
  /** CSV listing the dropped columns and why (column, reason). */
  droppedPath: string;
}

/**
 * scifAI's recommended cleaning of a stored feature table, streaming so that tables larger than
 * memory work: `fillna(0)` on every numeric column, then drop the columns pandas'
 * `df.std() > 0` would drop (constant, any ±inf, fewer than two rows). Text columns are kept
 * as they are. The output format follows the extension of `output`; dropped columns are listed
 * in `OUT.dropped.csv`.
 */
export async function cleanTableFile(
  input: string,
  output: string,
  options: { overwrite?: boolean } = {},
): Promise<CleanSummary> {
  const format: TableFormat = tableFormatOf(output, ["csv", "csv.gz", "parquet", "h5ad"]);
  if (existsSync(output) && !options.overwrite)
    throw new Error(`${output} already exists; use --overwrite to replace it`);
  const reader = await openTable(input);
  try {
    const { text, numeric, rows } = reader.columns;
    const variations = numeric.map(() => new ColumnVariation());
    for await (const batch of reader.batches()) {
      batch.numeric.forEach((column, c) => {
        // fillna(0) comes first, so a missing value counts as a 0.
        variations[c].add(column.map((v) => (Number.isNaN(v) ? 0 : v)));
      });
    }
    const dropped: CleanSummary["dropped"] = [];
    const keep: number[] = [];
    variations.forEach((variation, c) => {
      const reason = variation.dropReason();
      if (reason) dropped.push({ name: numeric[c], reason });
      else keep.push(c);
    });

    const partial = `${output}.partial`;
    let batchText: string[][] = [];
    let batchStart = 0;
    const sink = await openSink(
      format,
      partial,
      { textColumns: text, featureColumns: keep.map((c) => numeric[c]) },
      (row) => batchText.map((column) => column[row - batchStart]),
    );
    try {
      for await (const batch of reader.batches()) {
        batchText = batch.text;
        batchStart = batch.start;
        const values = new Float64Array(batch.rowCount * keep.length);
        for (let r = 0; r < batch.rowCount; r++) {
          for (let k = 0; k < keep.length; k++) {
            const v = batch.numeric[keep[k]][r];
            values[r * keep.length + k] = Number.isNaN(v) ? 0 : v;
          }
        }
        await sink.writeChunk(
          Int32Array.from({ length: batch.rowCount }, (_, i) => batch.start + i),
          values,
        );
      }
    } catch (error) {
      sink.abandon();
      rmSync(partial, { force: true });
      throw error;
    }
    await sink.finish();
    renameSync(partial, output);
    const droppedPath = `${output}.dropped.csv`;
    await writeTextTable(droppedPath, {
      columns: ["column", "reason"],
      rows: dropped.map((d) => [d.name, d.reason]),
    });
    return { rows, kept: keep.map((c) => numeric[c]), dropped, droppedPath };
  } finally {
    reader.close();
  }
}
