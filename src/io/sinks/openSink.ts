import type { TableFormat } from "../tableFormat.js";
import type { RowText, SinkState, TableSchema, TableSink } from "../tableSink.js";
import { CsvSink } from "./csvSink.js";
import { H5adSink } from "./h5adSink.js";
import { ParquetSink } from "./parquetSink.js";

/** Opens the sink of `format` at `path`, fresh or resumed from `state`; `text` gives each row's metadata values. */
export async function openSink(
  format: TableFormat,
  path: string,
  schema: TableSchema,
  text: RowText,
  state?: SinkState,
): Promise<TableSink> {
  switch (format) {
    case "csv":
      return new CsvSink(path, schema, text, false, state);
    case "csv.gz":
      return new CsvSink(path, schema, text, true, state);
    case "h5ad":
      return new H5adSink(path, schema, text, state);
    case "parquet":
      return new ParquetSink(path, schema, text, state);
  }
}
