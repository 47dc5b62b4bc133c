import { inflateSync } from "node:zlib";
import { type Hdf5Bytes, plainBytes } from "./byteCursor.js";
import { Hdf5FormatError, Hdf5UnsupportedError } from "./errors.js";
import type { HeaderMessage } from "./objectHeader.js";

/** HDF5's registered identifier of the deflate (gzip) filter. */
export const FILTER_DEFLATE = 1;
/** HDF5's registered identifier of the byte-shuffle filter. */
export const FILTER_SHUFFLE = 2;

const FILTER_NAMES: Record<number, string> = {
  1: "deflate",
  2: "shuffle",
  3: "fletcher32",
  4: "szip",
  5: "nbit",
  6: "scale-offset",
  32000: "LZF",
  32001: "blosc",
  32004: "LZ4",
  32008: "bitshuffle",
  32015: "Zstandard",
};

/** One filter of a pipeline with its client data values. */
export interface Filter {
  readonly id: number;
  readonly flags: number;
  readonly clientData: number[];
}

/** Decodes a filter pipeline message (versions 1 and 2). */
export function readFilterPipeline(file: Hdf5Bytes, message: HeaderMessage): Filter[] {
  const cursor = file.atPosition(message.position);
  const version = cursor.u8();
  if (!(version === 1 || version === 2)) throw new Hdf5FormatError(`filter pipeline version ${version}`);
  const count = cursor.u8();
  if (version === 1) cursor.skip(6);
  const filters: Filter[] = [];
  for (let f = 0; f < count; f++) {
    const id = cursor.u16();
    const nameLength = version === 1 || id >= 256 ? cursor.u16() : 0;
    const flags = cursor.u16();
    const valueCount = cursor.u16();
    // Version 1 pads names to a multiple of eight bytes; the length field already includes it.
    cursor.skip(nameLength);
    const clientData: number[] = [];
    for (let v = 0; v < valueCount; v++) clientData.push(cursor.u32());
    if (version === 1 && valueCount % 2 === 1) cursor.skip(4);
    filters.push({ id, flags, clientData });
  }
  return filters;
}

/** Throws Hdf5UnsupportedError naming the first filter of the pipeline that cannot be decoded. */
export function checkFiltersSupported(filters: Filter[]): void {
  for (const filter of filters) {
    const supported = filter.id === FILTER_DEFLATE || filter.id === FILTER_SHUFFLE;
    if (!supported)
      throw new Hdf5UnsupportedError(`filter ${FILTER_NAMES[filter.id] ?? "unknown"} (id ${filter.id})`);
  }
}

/**
 * Undoes a pipeline on one stored chunk. Filters run in reverse order; bit i of `filterMask`
 * set means filter i was skipped when the chunk was written. `expectedSize` is the chunk's
 * unfiltered size in bytes and sizes the inflate buffer.
 */
export function unfilterChunk(
  stored: Uint8Array,
  filters: Filter[],
  filterMask: number,
  expectedSize: number,
): Uint8Array {
  let data = stored;
  for (let f = filters.length - 1; f >= 0; f--) {
    if (filterMask & (1 << f)) continue;
    const filter = filters[f];
    if (filter.id === FILTER_DEFLATE) data = inflate(data, expectedSize);
    else if (filter.id === FILTER_SHUFFLE) data = unshuffle(data, filter.clientData[0] ?? 1);
    else throw new Hdf5UnsupportedError(`filter id ${filter.id}`);
  }
  return data;
}

function inflate(data: Uint8Array, expectedSize: number): Uint8Array {
  try {
    // One output buffer of the expected size avoids zlib's concatenation of 16 KiB pieces.
    return plainBytes(inflateSync(data, { chunkSize: Math.max(64, expectedSize) }));
  } catch (error) {
    throw new Hdf5FormatError(`deflate stream of a chunk is corrupt (${(error as Error).message})`);
  }
}

/**
 * Reverses HDF5's byte shuffle: the stored chunk holds byte 0 of every element, then byte 1 of
 * every element, ...; trailing bytes that do not fill an element were left in place.
 */
export function unshuffle(data: Uint8Array, elementSize: number): Uint8Array {
  if (elementSize <= 1) return data;
  const count = Math.floor(data.length / elementSize);
  if (count <= 1) return data;
  const out = new Uint8Array(data.length);
  for (let byte = 0; byte < elementSize; byte++) {
    let source = byte * count;
    for (let element = 0, target = byte; element < count; element++, target += elementSize) {
      out[target] = data[source++];
    }
  }
  const tail = count * elementSize;
  if (tail < data.length) out.set(data.subarray(tail), tail);
  return out;
}
