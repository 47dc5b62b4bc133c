import type { TableFormat } from "../../io/tableFormat.js";
import type { SinkState, TableSchema, TableSink } from "../tableSink.js";
import { CsvSink } from "./csvSink.js";

/** Opens the sink of `format` at `path` (fresh, or resumed from `state`) for `rowCapacity` rows at most. */
export async function openSink(
  format: TableFormat,
  path: string,
  schema: TableSchema,
  _rowCapacity: number,
  state?: SinkState,
): Promise<TableSink> {
  switch (format) {
    case "csv":
      return new CsvSink(path, schema, false, state);
    case "csv.gz":
      return new CsvSink(path, schema, true, state);
    default:
      throw new Error(`output format ${format} is not available yet`);
  }
}
