import { join } from "node:path";
import { type Cell, readCellSync } from "./cellFile.js";
import { readCifCells } from "./cif/cifCells.js";
import { isCifFileName } from "./datasetLayout.js";

/**
 * Reads the cell of one metadata row: the .h5 file, or object `objectNumber` of an Amnis
 * .cif/.rif file. Throws CellReadError (naming the file) when it cannot be read.
 */
export function readMetadataCell(root: string, file: string, objectNumber: string): Cell {
  const path = join(root, file);
  if (!isCifFileName(file)) return readCellSync(path);
  for (const result of readCifCells(path, [Number(objectNumber)])) {
    if (result.error) throw result.error;
    return result.cell;
  }
  throw new Error(`${path}: object ${objectNumber} not found`);
}
