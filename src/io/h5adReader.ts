import { loadHdf5 } from "./hdf5Library.js";
import {
  type ColumnSelection,
  resolveSelection,
  type TableBatch,
  type TableColumns,
  type TableReader,
} from "./tableReader.js";

type H5 = Awaited<ReturnType<typeof loadHdf5>>;
type H5File = InstanceType<H5["File"]>;
type H5Dataset = InstanceType<H5["Dataset"]>;

/**
 * Reads an AnnData .h5ad with a dense X as a table: the obs index as `file`, the obs columns as text
 * (categoricals decoded), then one float64 column per var name. Sparse X is not supported.
 */
export class H5adTableReader implements TableReader {
  private constructor(
    private readonly file: H5File,
    private readonly obs: Map<string, string[]>,
    readonly columns: TableColumns,
  ) {}

  static async open(path: string): Promise<H5adTableReader> {
    const h5 = await loadHdf5();
    const file = new h5.File(path, "r");
    try {
      const x = file.get("X");
      if (!(x instanceof h5.Dataset)) throw new Error("X is not a dense matrix (sparse X is not supported)");
      const [rows, vars] = x.shape ?? [0, 0];
      const varNames = readDataframeIndex(file, h5, "var");
      if (varNames.length !== vars)
        throw new Error(`var has ${varNames.length} names for ${vars} columns of X`);
      const obs = new Map<string, string[]>([["file", readDataframeIndex(file, h5, "obs")]]);
      const order = attribute(file, h5, "obs", "column-order");
      const names = Array.isArray(order) ? order.map(String) : typeof order === "string" ? [order] : [];
      for (const name of names) obs.set(name, readColumn(file, h5, `obs/${name}`));
      return new H5adTableReader(file, obs, { text: [...obs.keys()], numeric: varNames, rows });
    } catch (error) {
      file.close();
      throw new Error(`${path}: cannot read AnnData (${(error as Error).message})`);
    }
  }

  async *batches(batchRows = 2048, select?: ColumnSelection): AsyncGenerator<TableBatch> {
    const chosen = resolveSelection(this.columns, select);
    const numericAt = chosen.numeric.map((name) => this.columns.numeric.indexOf(name));
    const x = this.file.get("X") as H5Dataset;
    const vars = this.columns.numeric.length;
    for (let start = 0; start < this.columns.rows; start += batchRows) {
      const end = Math.min(this.columns.rows, start + batchRows);
      const block =
        vars > 0
          ? (x.slice([
              [start, end],
              [0, vars],
            ]) as ArrayLike<number>)
          : new Float64Array(0);
      const numeric = numericAt.map(() => new Float64Array(end - start));
      for (let r = 0; r < end - start; r++)
        for (let c = 0; c < numericAt.length; c++) numeric[c][r] = Number(block[r * vars + numericAt[c]]);
      const text = chosen.text.map((name) => this.obs.get(name)!.slice(start, end));
      yield { start, rowCount: end - start, text, numeric };
    }
  }

  close(): void {
    this.file.close();
  }
}

function readDataframeIndex(file: H5File, h5: H5, group: string): string[] {
  const indexName = attribute(file, h5, group, "_index");
  return readColumn(file, h5, `${group}/${typeof indexName === "string" ? indexName : "_index"}`);
}

function attribute(file: H5File, h5: H5, path: string, name: string): unknown {
  const entity = file.get(path);
  if (!(entity instanceof h5.Group) && !(entity instanceof h5.Dataset)) return undefined;
  return entity.attrs[name]?.json_value;
}

function readColumn(file: H5File, h5: H5, path: string): string[] {
  const entity = file.get(path);
  if (entity instanceof h5.Dataset) return toStrings(entity.value);
  if (entity instanceof h5.Group) {
    // A categorical: integer codes into a list of categories (-1 = missing).
    const categories = toStrings((entity.get("categories") as H5Dataset).value);
    const codes = (entity.get("codes") as H5Dataset).value as ArrayLike<number>;
    return Array.from(codes, (code) => (code < 0 ? "" : categories[Number(code)]));
  }
  throw new Error(`${path} is missing`);
}

function toStrings(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (value && typeof value === "object" && "length" in value)
    return Array.from(value as ArrayLike<unknown>, String);
  return [String(value)];
}
