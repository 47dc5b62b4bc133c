import { loadHdf5 } from "./hdf5Library.js";

type H5 = Awaited<ReturnType<typeof loadHdf5>>;
type H5Group = InstanceType<H5["Group"]>;
type H5Dataset = InstanceType<H5["Dataset"]>;

/** The parts of an AnnData object this project writes: dense X, text obs columns, var names. */
export interface H5adLayout {
  /** Unique observation names (obs index), one per row of X. */
  obsNames: readonly string[];
  /** Observation annotations: text columns in order. */
  obsColumns: ReadonlyMap<string, readonly string[]>;
  /** Variable (feature) names, one per column of X. */
  varNames: readonly string[];
}

/**
 * Writes an AnnData `.h5ad` file (anndata's on-disk format 0.1.0, as anndata 0.8 writes it):
 * X as a dense float32 matrix, filled block by block by `fillX(startRow, endRow)` so that the
 * whole matrix never sits in memory; obs as a dataframe of string arrays indexed by `obsNames`;
 * var as a dataframe indexed by `varNames`; empty uns/obsm/varm/obsp/varp/layers.
 */
export async function writeH5ad(
  path: string,
  layout: H5adLayout,
  fillX: (startRow: number, endRow: number) => Float32Array,
  blockRows = 4096,
): Promise<void> {
  const h5 = await loadHdf5();
  const rows = layout.obsNames.length;
  const columns = layout.varNames.length;
  const file = new h5.File(path, "w");
  try {
    encode(file, "anndata", "0.1.0");
    // X starts empty and grows block by block (h5wasm would otherwise want the whole matrix).
    const x = file.create_dataset({
      name: "X",
      data: new Float32Array(0),
      shape: [0, columns],
      maxshape: [null, columns],
      dtype: "<f",
      chunks: [
        Math.max(1, Math.min(rows, blockRows, Math.floor(2 ** 20 / Math.max(1, columns)))),
        Math.max(1, columns),
      ],
    });
    encode(x, "array", "0.2.0");
    for (let start = 0; start < rows; start += blockRows) {
      const end = Math.min(rows, start + blockRows);
      const block = fillX(start, end);
      if (block.length !== (end - start) * columns)
        throw new Error(`X block ${start}–${end} has ${block.length} values`);
      x.resize([end, columns]);
      if (columns > 0)
        x.write_slice(
          [
            [start, end],
            [0, columns],
          ],
          block,
        );
    }
    writeDataframe(file.create_group("obs"), layout.obsNames, layout.obsColumns);
    writeDataframe(file.create_group("var"), layout.varNames, new Map());
    for (const name of ["uns", "obsm", "varm", "obsp", "varp", "layers"])
      encode(file.create_group(name), "dict", "0.1.0");
  } finally {
    file.close();
  }
}

function encode(target: H5Group | H5Dataset, type: string, version: string): void {
  target.create_attribute("encoding-type", type);
  target.create_attribute("encoding-version", version);
}

function writeDataframe(
  group: H5Group,
  index: readonly string[],
  columns: ReadonlyMap<string, readonly string[]>,
): void {
  encode(group, "dataframe", "0.2.0");
  group.create_attribute("_index", "_index");
  if (columns.size > 0) group.create_attribute("column-order", [...columns.keys()]);
  else group.create_attribute("column-order", new Float64Array(0), [0], "<d"); // what anndata writes for none
  writeStrings(group, "_index", index);
  for (const [name, values] of columns) writeStrings(group, name, values);
}

function writeStrings(group: H5Group, name: string, values: readonly string[]): void {
  // An empty list would give h5wasm no type to infer; anndata reads a zero-length string array.
  const dataset = group.create_dataset({
    name,
    data: values.length > 0 ? [...values] : [""],
    shape: [values.length],
  });
  encode(dataset, "string-array", "0.2.0");
}
