/**
 * Column of the first nonzero pixel of the row that starts at index `start` of a row-major plane
 * `width` pixels wide, or −1 when the row is all zero. Reads only the background before it.
 */
export function firstNonzeroColumn(image: Uint8Array, start: number, width: number): number {
  let column = 0;
  while (column < width && image[start + column] === 0) column++;
  return column === width ? -1 : column;
}

/**
 * Column of the last nonzero pixel of that row, for a row known to hold one (firstNonzeroColumn
 * ≥ 0); reads only the background after it.
 */
export function lastNonzeroColumn(image: Uint8Array, start: number, width: number): number {
  let column = width - 1;
  while (image[start + column] === 0) column--;
  return column;
}
