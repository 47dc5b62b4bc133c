/**
 * A dense row-major matrix of doubles: element (row, column) is `data[row * cols + column]`.
 * NaN marks a missing value everywhere in `ml/`.
 */
export interface Matrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

/** Wraps `data` as a rows × cols matrix (no copy); throws when the length does not match. */
export function matrix(data: Float64Array, rows: number, cols: number): Matrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0)
    throw new RangeError(`matrix shape must be whole numbers ≥ 0, got ${rows} × ${cols}`);
  if (data.length !== rows * cols)
    throw new RangeError(`matrix data has ${data.length} values, expected ${rows} × ${cols}`);
  return { data, rows, cols };
}

/** A zero-filled rows × cols matrix. */
export function zerosMatrix(rows: number, cols: number): Matrix {
  return matrix(new Float64Array(rows * cols), rows, cols);
}

/** Builds a matrix from an array of equally long rows (copies; throws on ragged rows; [] gives 0 × 0). */
export function matrixFromRows(rowValues: ArrayLike<ArrayLike<number>>): Matrix {
  const rows = rowValues.length;
  const cols = rows === 0 ? 0 : rowValues[0].length;
  const data = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const values = rowValues[r];
    if (values.length !== cols)
      throw new RangeError(`row ${r} has ${values.length} values, expected ${cols}`);
    for (let c = 0; c < cols; c++) data[r * cols + c] = values[c];
  }
  return { data, rows, cols };
}

/** A view of one row (no copy): writing to it writes to the matrix. */
export function matrixRow(m: Matrix, row: number): Float64Array {
  return m.data.subarray(row * m.cols, (row + 1) * m.cols);
}

/** A new matrix holding the given rows in the given order (indices may repeat). */
export function takeRows(m: Matrix, rowIndices: ArrayLike<number>): Matrix {
  const cols = m.cols;
  const data = new Float64Array(rowIndices.length * cols);
  for (let i = 0; i < rowIndices.length; i++) {
    const row = rowIndices[i];
    if (!(row >= 0 && row < m.rows)) throw new RangeError(`row index ${row} outside [0, ${m.rows})`);
    data.set(m.data.subarray(row * cols, (row + 1) * cols), i * cols);
  }
  return { data, rows: rowIndices.length, cols };
}

/** A new matrix holding the given columns in the given order (indices may repeat). */
export function takeColumns(m: Matrix, columnIndices: ArrayLike<number>): Matrix {
  const width = columnIndices.length;
  for (let j = 0; j < width; j++) {
    const column = columnIndices[j];
    if (!(column >= 0 && column < m.cols))
      throw new RangeError(`column index ${column} outside [0, ${m.cols})`);
  }
  const data = new Float64Array(m.rows * width);
  for (let r = 0; r < m.rows; r++) {
    const source = r * m.cols;
    const target = r * width;
    for (let j = 0; j < width; j++) data[target + j] = m.data[source + columnIndices[j]];
  }
  return { data, rows: m.rows, cols: width };
}

/** One column as a new array. */
export function matrixColumn(m: Matrix, column: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let r = 0; r < m.rows; r++) out[r] = m.data[r * m.cols + column];
  return out;
}
