import { resolve } from "node:path";
import { type LabelSet, METADATA_COLUMNS, type Metadata, type MetadataRow } from "./metadata.js";
import { readTextTable, type TextTable, writeTextTable } from "./textTable.js";

/** The metadata rows as a text table with scifAI's seven columns. */
export function metadataTable(metadata: Metadata): TextTable {
  return {
    columns: [...METADATA_COLUMNS],
    rows: metadata.rows.map((row) => METADATA_COLUMNS.map((column) => row[column])),
  };
}

/** Writes metadata as .csv, .csv.gz or .parquet (by extension), file paths relative to the root. */
export async function writeMetadata(path: string, metadata: Metadata): Promise<void> {
  await writeTextTable(path, metadataTable(metadata));
}

/**
 * Reads a metadata file made by `scifai metadata` (or pandas with the same columns). Relative
 * `file` paths are resolved against `dataRoot`. Throws naming the file and the missing columns.
 */
export async function readMetadata(path: string, dataRoot: string): Promise<Metadata> {
  const table = await readTextTable(path);
  const missing = METADATA_COLUMNS.filter((c) => !table.columns.includes(c));
  if (missing.length > 0) throw new Error(`${path}: missing metadata columns: ${missing.join(", ")}`);
  const at = Object.fromEntries(METADATA_COLUMNS.map((c) => [c, table.columns.indexOf(c)])) as Record<
    (typeof METADATA_COLUMNS)[number],
    number
  >;
  // Experiments, donors, conditions, sets and labels repeat across millions of rows: one string each.
  const intern = new Map<string, string>();
  const shared = (value: string) => {
    const known = intern.get(value);
    if (known !== undefined) return known;
    intern.set(value, value);
    return value;
  };
  const rows: MetadataRow[] = table.rows.map((fields) => ({
    file: fields[at.file],
    experiment: shared(fields[at.experiment]),
    donor: shared(fields[at.donor]),
    condition: shared(fields[at.condition]),
    object_number: fields[at.object_number],
    set: shared(fields[at.set]) as LabelSet,
    label: shared(fields[at.label]),
  }));
  return { root: resolve(dataRoot), rows, misplaced: [], errors: [] };
}
