import type { Hdf5Bytes } from "./byteCursor.js";
import { Hdf5FormatError, supportCheck } from "./errors.js";
import type { HeaderMessage } from "./objectHeader.js";

/** Shape of a dataset: `null` for an empty (H5S_NULL) dataspace, `[]` for a scalar. */
export type Shape = number[] | null;

/** Decodes a dataspace message (versions 1 and 2) into the dataset's current dimensions. */
export function readDataspace(file: Hdf5Bytes, message: HeaderMessage): Shape {
  const cursor = file.atPosition(message.position);
  const version = cursor.u8();
  if (!(version === 1 || version === 2)) throw new Hdf5FormatError(`dataspace version ${version}`);
  const rank = cursor.u8();
  const flags = cursor.u8();
  let kind = rank === 0 ? 0 : 1; // version 1 writes scalars as rank 0
  if (version === 1) {
    cursor.skip(5);
    supportCheck((flags & 0x02) === 0, "dataspace with a permutation index");
  } else {
    kind = cursor.u8();
    if (!(kind <= 2)) throw new Hdf5FormatError(`dataspace type ${kind}`);
  }
  if (kind === 2) return null;
  if (kind === 0) return [];
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) shape.push(cursor.length());
  return shape;
}

/** Number of elements of a shape (1 for a scalar, 0 for null). */
export function elementCount(shape: Shape): number {
  if (shape === null) return 0;
  let count = 1;
  for (const size of shape) count *= size;
  return count;
}
