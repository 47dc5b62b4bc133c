import type { Hdf5Bytes } from "./byteCursor.js";
import { Hdf5FormatError } from "./errors.js";
import { MessageType, type ObjectHeader } from "./objectHeader.js";

/**
 * The bytes of one element that storage never written reads as, or `null` when that is all zero
 * bytes (HDF5's default fill value).
 */
export function readFillValue(file: Hdf5Bytes, header: ObjectHeader, elementSize: number): Uint8Array | null {
  const current = header.find(MessageType.fillValue);
  let value: Uint8Array | null = null;
  if (current) {
    const cursor = file.atPosition(current.position);
    const version = cursor.u8();
    if (!(version >= 1 && version <= 3)) throw new Hdf5FormatError(`fill value message version ${version}`);
    let defined: boolean;
    if (version === 3) {
      const flags = cursor.u8();
      defined = (flags & 0x20) !== 0;
    } else {
      cursor.skip(2); // space allocation time, fill value write time
      defined = cursor.u8() !== 0;
    }
    if (defined || version === 1) {
      const size = cursor.u32();
      if (size > 0) value = cursor.bytes(size);
    }
  } else {
    const old = header.find(MessageType.fillValueOld);
    if (old) {
      const cursor = file.atPosition(old.position);
      const size = cursor.u32();
      if (size > 0) value = cursor.bytes(size);
    }
  }
  if (value === null || value.every((byte) => byte === 0)) return null;
  if (!(value.length === elementSize))
    throw new Hdf5FormatError(`fill value of ${value.length} bytes for ${elementSize}-byte elements`);
  return value;
}

/** Fills `target` with repetitions of one element's bytes. */
export function fillWith(target: Uint8Array, element: Uint8Array): void {
  const size = element.length;
  if (target.length === 0) return;
  target.set(element.subarray(0, Math.min(size, target.length)), 0);
  // Doubling copies: log2(n) calls instead of one per element.
  for (let filled = size; filled < target.length; filled *= 2) {
    target.copyWithin(filled, 0, Math.min(filled, target.length - filled));
  }
}
