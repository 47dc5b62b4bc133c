import type { Hdf5Bytes } from "./byteCursor.js";
import { formatCheck, Hdf5FormatError } from "./errors.js";

/**
 * The bytes of object `index` of the global heap collection at `address` (where HDF5 keeps the
 * characters of variable-length strings). Returns a view into the file bytes.
 */
export function readGlobalHeapObject(file: Hdf5Bytes, address: number, index: number): Uint8Array {
  const cursor = file.at(address, 16);
  const start = cursor.pos;
  cursor.signature("GCOL");
  formatCheck(cursor.u8() === 1, "global heap collection version");
  cursor.skip(3);
  const collectionSize = cursor.length();
  const end = start + collectionSize;
  formatCheck(end <= file.bytes.length, "global heap collection runs past the end of the file");
  const headerSize = 8 + file.lengthSize;
  while (cursor.pos + headerSize <= end) {
    const objectIndex = cursor.u16();
    cursor.skip(6); // reference count, reserved
    const size = cursor.length();
    // Object 0 is the collection's free space and always comes last.
    if (objectIndex === 0) break;
    formatCheck(cursor.pos + size <= end, "global heap object runs past its collection");
    if (objectIndex === index) return cursor.bytes(size);
    cursor.skip(Math.ceil(size / 8) * 8);
  }
  throw new Hdf5FormatError(`global heap object ${index} not found in the collection at ${address}`);
}
