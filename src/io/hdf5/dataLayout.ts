import type { Hdf5Bytes } from "./byteCursor.js";
import { formatCheck, Hdf5FormatError, Hdf5UnsupportedError, supportCheck } from "./errors.js";
import type { HeaderMessage } from "./objectHeader.js";

/** Raw data stored inside the object header. */
export interface CompactLayout {
  readonly kind: "compact";
  /** Byte position of the data in the file bytes. */
  readonly position: number;
  readonly size: number;
}

/** Raw data stored in one block; `address` is UNDEFINED_ADDRESS while never written. */
export interface ContiguousLayout {
  readonly kind: "contiguous";
  readonly address: number;
  readonly size: number;
}

/** How the chunks of a chunked dataset are found. */
export type ChunkIndex =
  | { readonly kind: "btree-v1" }
  | { readonly kind: "single"; readonly filteredSize: number | null; readonly filterMask: number }
  | { readonly kind: "implicit" }
  | { readonly kind: "fixed-array" };

/** Raw data split into equally shaped chunks, each stored (and filtered) separately. */
export interface ChunkedLayout {
  readonly kind: "chunked";
  /** Chunk dimensions in elements, one per dataset dimension. */
  readonly chunkShape: number[];
  readonly index: ChunkIndex;
  /** Address of the index structure (B-tree, fixed array header) or of the single/first chunk. */
  readonly address: number;
}

/** A decoded data layout message. */
export type DataLayout = CompactLayout | ContiguousLayout | ChunkedLayout;

/**
 * Decodes a data layout message of version 3 or 4. Versions 1–2, virtual datasets and the
 * extensible-array and version-2 B-tree chunk indexes raise Hdf5UnsupportedError.
 */
export function readDataLayout(file: Hdf5Bytes, message: HeaderMessage, rank: number): DataLayout {
  const cursor = file.atPosition(message.position);
  const version = cursor.u8();
  if (!(version === 3 || version === 4))
    throw new Hdf5UnsupportedError(`data layout message version ${version}`);
  const layoutClass = cursor.u8();
  if (layoutClass === 0) {
    const size = cursor.u16();
    const position = cursor.pos;
    cursor.skip(size);
    return { kind: "compact", position, size };
  }
  if (layoutClass === 1) {
    const address = cursor.address();
    const size = cursor.length();
    return { kind: "contiguous", address, size };
  }
  if (!(layoutClass === 2))
    throw new Hdf5UnsupportedError(`data layout class ${layoutClass} (virtual dataset)`);
  if (version === 3) {
    const dimensionality = cursor.u8();
    const address = cursor.address();
    const chunkShape = readChunkShape(cursor.bytes(4 * dimensionality), 4, dimensionality, rank);
    return { kind: "chunked", chunkShape, index: { kind: "btree-v1" }, address };
  }
  const flags = cursor.u8();
  supportCheck((flags & 0x01) === 0, "chunked layout that leaves partial edge chunks unfiltered");
  const dimensionality = cursor.u8();
  const encodedSize = cursor.u8();
  if (!(encodedSize >= 1 && encodedSize <= 8))
    throw new Hdf5FormatError(`chunk dimension size of ${encodedSize} bytes`);
  const chunkShape = readChunkShape(
    cursor.bytes(encodedSize * dimensionality),
    encodedSize,
    dimensionality,
    rank,
  );
  const indexType = cursor.u8();
  let index: ChunkIndex;
  switch (indexType) {
    case 1: {
      const filtered = (flags & 0x02) !== 0;
      const filteredSize = filtered ? cursor.length() : null;
      const filterMask = filtered ? cursor.u32() : 0;
      index = { kind: "single", filteredSize, filterMask };
      break;
    }
    case 2:
      index = { kind: "implicit" };
      break;
    case 3:
      cursor.skip(1); // page bits: repeated in the fixed array header
      index = { kind: "fixed-array" };
      break;
    case 4:
      supportCheck(false, "extensible-array chunk index");
      break;
    case 5:
      supportCheck(false, "version-2 B-tree chunk index");
      break;
    default:
      throw new Hdf5FormatError(`chunk index type ${indexType}`);
  }
  const address = cursor.address();
  return { kind: "chunked", chunkShape, index, address };
}

/** Chunk dimensions without the trailing element-size dimension that the message also stores. */
function readChunkShape(bytes: Uint8Array, size: number, dimensionality: number, rank: number): number[] {
  if (!(dimensionality === rank + 1))
    throw new Hdf5FormatError(`chunk rank ${dimensionality - 1} for a dataset of rank ${rank}`);
  const shape: number[] = [];
  for (let d = 0; d < rank; d++) {
    let value = 0;
    for (let i = size - 1; i >= 0; i--) value = value * 256 + bytes[d * size + i];
    formatCheck(value > 0, "chunk dimension of zero");
    shape.push(value);
  }
  return shape;
}
