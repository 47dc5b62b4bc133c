import { type CellTable, joinCellTables, readCellTable, takeCellRows } from "./cellTable.js";
import { intersectMasks, maskWhereText, selectedRows } from "./rowMask.js";

/** Options of {@link readClassCells}. */
export interface ReadClassCellsOptions {
  /** Predictions table (`scifai predict` output): metadata, predicted class, probabilities. */
  predictions: string;
  /**
   * Feature table the predictions were made from, row for row (default: the predictions table,
   * when it also holds the features). Rows are matched by position and checked by `file`.
   */
  features?: string;
  /** Feature columns to read. */
  featureNames: readonly string[];
  /** Keep only cells of these classes (default: every class). */
  classes?: readonly string[];
  /** Column of the class (default "predicted_class"). */
  classColumn?: string;
  /** Cells that passed quality control, over all rows of the predictions table (default: all). */
  keep?: Uint8Array;
  /** Text columns to carry (default experiment, donor, condition and the class column). */
  textColumns?: readonly string[];
  /** Extra numeric columns of the predictions table to carry (e.g. prediction_entropy). */
  predictionNumeric?: readonly string[];
}

/** The selected cells with their features, and which rows of the tables they are. */
export interface ClassCells {
  table: CellTable;
  /** Row index in the predictions / feature table of every selected cell. */
  rows: Uint32Array;
  /** Rows of the predictions table. */
  totalRows: number;
}

/**
 * Reads the cells of chosen classes that passed quality control, with only the needed feature
 * columns, streaming: the predictions table gives the class of every cell (one pass over its few
 * columns), then one pass over the (large) feature table keeps only the selected rows and columns.
 * The class filter and the quality-control mask are combined with AND, so neither can undo the
 * other. Throws when a column is absent or the two tables do not hold the same cells in order.
 */
export async function readClassCells(options: ReadClassCellsOptions): Promise<ClassCells> {
  const classColumn = options.classColumn ?? "predicted_class";
  const textColumns = [...new Set(options.textColumns ?? ["experiment", "donor", "condition", classColumn])];
  const sameTable = options.features === undefined || options.features === options.predictions;
  const predictionText = sameTable ? textColumns : [...new Set([...textColumns, "file"])];
  const predictions = await readCellTable(options.predictions, {
    text: [...new Set([...predictionText, classColumn])],
    numeric: options.predictionNumeric,
  });
  const classMask = options.classes ? maskWhereText(predictions, classColumn, options.classes) : undefined;
  const mask = intersectMasks(predictions.rows, classMask, options.keep);
  const rows = selectedRows(mask);
  let selected = takeCellRows(predictions, rows);
  if (sameTable) {
    const features = await readCellTable(options.predictions, { numeric: options.featureNames, rows: mask });
    selected = joinCellTables(selected, features);
  } else {
    const features = await readCellTable(options.features!, {
      text: ["file"],
      numeric: options.featureNames,
      rows: mask,
    });
    selected = joinCellTables(selected, features);
    if (!textColumns.includes("file")) selected.text.delete("file");
  }
  return { table: selected, rows, totalRows: predictions.rows };
}
