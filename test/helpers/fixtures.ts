import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Absolute path of the shared golden fixtures (`../shared/fixtures` next to the repository). */
export const FIXTURES = fileURLToPath(new URL("../../../shared/fixtures/", import.meta.url));
/** The small IFC dataset with edge cases and broken files. */
export const IFC_SMALL = `${FIXTURES}ifc-small`;
/** Expected outputs of the Python reference for IFC_SMALL. */
export const IFC_REFERENCE = `${FIXTURES}ifc-small-reference`;

/** A numeric CSV of the Python reference: the header and one row of numbers per file. */
export interface ReferenceTable {
  /** Column names after `file`. */
  columns: string[];
  /** Values per file path (relative to the dataset root), in column order. */
  rows: Map<string, Float64Array>;
}

/** Parses a float as pandas writes it: `nan`, `inf`, `-inf` or a decimal number. */
export function parseReferenceFloat(text: string): number {
  const t = text.trim().toLowerCase();
  if (t === "nan" || t === "") return Number.NaN;
  if (t === "inf" || t === "+inf") return Number.POSITIVE_INFINITY;
  if (t === "-inf") return Number.NEGATIVE_INFINITY;
  const value = Number(t);
  if (Number.isNaN(value)) throw new Error(`not a number in reference CSV: '${text}'`);
  return value;
}

/** Reads `features.csv` or `hog_features.csv` of the reference (first column `file`). */
export function readReferenceTable(name: string): ReferenceTable {
  const lines = readFileSync(`${IFC_REFERENCE}/${name}`, "utf8").trim().split("\n");
  const header = lines[0].split(",");
  if (header[0] !== "file") throw new Error(`${name}: first column is not 'file'`);
  const rows = new Map<string, Float64Array>();
  for (const line of lines.slice(1)) {
    const cells = line.split(",");
    rows.set(cells[0], Float64Array.from(cells.slice(1), parseReferenceFloat));
  }
  return { columns: header.slice(1), rows };
}

/** Tolerance of a golden comparison: relative by default, with an optional absolute floor. */
export interface Tolerance {
  relative: number;
  /** Differences at or below this are accepted whatever the magnitude (0 unless a reason is given). */
  absolute?: number;
}

/** True when `actual` matches `expected`: NaN matches NaN, ±inf matches the same inf. */
export function closeEnough(actual: number, expected: number, tolerance: Tolerance): boolean {
  if (Number.isNaN(expected) || Number.isNaN(actual)) return Number.isNaN(expected) && Number.isNaN(actual);
  if (!Number.isFinite(expected) || !Number.isFinite(actual)) return actual === expected;
  const difference = Math.abs(actual - expected);
  if (difference <= (tolerance.absolute ?? 0)) return true;
  return difference <= tolerance.relative * Math.max(Math.abs(actual), Math.abs(expected));
}

/** One mismatching value, for readable failure messages. */
export interface Mismatch {
  file: string;
  column: string;
  actual: number;
  expected: number;
}

/**
 * Compares the named columns of one computed row with the reference row of `file`. Returns the
 * mismatches (empty when all match) and the number of values compared.
 */
export function compareRow(
  file: string,
  names: readonly string[],
  values: ArrayLike<number>,
  reference: ReferenceTable,
  tolerance: Tolerance,
  columnFilter: (name: string) => boolean = () => true,
): { compared: number; mismatches: Mismatch[] } {
  const expectedRow = reference.rows.get(file);
  if (!expectedRow) throw new Error(`no reference row for ${file}`);
  const index = new Map(reference.columns.map((name, i) => [name, i]));
  const mismatches: Mismatch[] = [];
  let compared = 0;
  names.forEach((name, i) => {
    if (!columnFilter(name)) return;
    const at = index.get(name);
    if (at === undefined) throw new Error(`column ${name} is not in the reference`);
    compared++;
    if (!closeEnough(values[i], expectedRow[at], tolerance)) {
      mismatches.push({ file, column: name, actual: values[i], expected: expectedRow[at] });
    }
  });
  return { compared, mismatches };
}
