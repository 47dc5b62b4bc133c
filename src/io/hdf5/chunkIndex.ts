import { type Hdf5Bytes, UNDEFINED_ADDRESS } from "./byteCursor.js";
import { lookup3Checksum } from "./checksum.js";
import type { ChunkedLayout } from "./dataLayout.js";
import { formatCheck, Hdf5FormatError, supportCheck } from "./errors.js";

/** One stored chunk: where it is, how many bytes it occupies and which filters were skipped. */
export interface ChunkRecord {
  /** File address of the stored (possibly filtered) bytes. */
  readonly address: number;
  readonly storedSize: number;
  readonly filterMask: number;
  /** Element coordinates of the chunk's first element, one per dataset dimension. */
  readonly offset: number[];
}

/**
 * Every allocated chunk of a chunked dataset. Chunks never written are absent (they read as the
 * fill value). `chunkBytes` is the unfiltered size of one chunk; `filtered` tells whether the
 * dataset has a filter pipeline (the chunk sizes of unfiltered indexes are implied).
 */
export function listChunks(
  file: Hdf5Bytes,
  layout: ChunkedLayout,
  shape: number[],
  chunkBytes: number,
  filtered: boolean,
): ChunkRecord[] {
  if (layout.address === UNDEFINED_ADDRESS) return [];
  const index = layout.index;
  switch (index.kind) {
    case "btree-v1": {
      const chunks: ChunkRecord[] = [];
      readBtreeNode(file, layout.address, shape.length, chunks, -1, new Set());
      return chunks;
    }
    case "single":
      return [
        {
          address: layout.address,
          storedSize: index.filteredSize ?? chunkBytes,
          filterMask: index.filterMask,
          offset: shape.map(() => 0),
        },
      ];
    case "implicit": {
      supportCheck(!filtered, "implicit chunk index with filters");
      const grid = chunkGrid(shape, layout.chunkShape);
      const chunks: ChunkRecord[] = [];
      for (let i = 0; i < grid.count; i++) {
        chunks.push({
          address: layout.address + i * chunkBytes,
          storedSize: chunkBytes,
          filterMask: 0,
          offset: chunkOffset(i, grid.counts, layout.chunkShape),
        });
      }
      return chunks;
    }
    case "fixed-array":
      return readFixedArray(file, layout, shape, chunkBytes);
  }
}

/** Number of chunks along each dimension and in total. */
function chunkGrid(shape: number[], chunkShape: number[]): { counts: number[]; count: number } {
  const counts = shape.map((size, d) => Math.ceil(size / chunkShape[d]));
  return { counts, count: counts.reduce((a, b) => a * b, 1) };
}

/** Element offset of the chunk with row-major linear index `linear` in the chunk grid. */
function chunkOffset(linear: number, counts: number[], chunkShape: number[]): number[] {
  const offset = new Array<number>(counts.length);
  for (let d = counts.length - 1; d >= 0; d--) {
    offset[d] = (linear % counts[d]) * chunkShape[d];
    linear = Math.floor(linear / counts[d]);
  }
  return offset;
}

/**
 * Walks a version-1 B-tree of raw data chunks (node type 1) depth first. Levels must fall by one
 * per step and no node may be visited twice, so corrupt pointers cannot loop.
 */
function readBtreeNode(
  file: Hdf5Bytes,
  address: number,
  rank: number,
  chunks: ChunkRecord[],
  expectedLevel: number,
  visited: Set<number>,
): void {
  formatCheck(!visited.has(address), "chunk B-tree node visited twice");
  visited.add(address);
  const cursor = file.at(address, 8);
  cursor.signature("TREE");
  const nodeType = cursor.u8();
  if (!(nodeType === 1))
    throw new Hdf5FormatError(`B-tree node type ${nodeType} where raw data chunks were expected`);
  const level = cursor.u8();
  if (expectedLevel >= 0) formatCheck(level === expectedLevel, "chunk B-tree child at the wrong level");
  const entries = cursor.u16();
  cursor.address(); // left sibling
  cursor.address(); // right sibling
  for (let i = 0; i < entries; i++) {
    const storedSize = cursor.u32();
    const filterMask = cursor.u32();
    const offset: number[] = [];
    for (let d = 0; d < rank; d++) offset.push(cursor.uint(8));
    cursor.skip(8); // offset within the element dimension: always zero
    const child = cursor.address();
    if (level > 0) readBtreeNode(file, child, rank, chunks, level - 1, visited);
    else chunks.push({ address: child, storedSize, filterMask, offset });
  }
}

/** Reads a fixed array chunk index (header "FAHD" and one unpaged data block "FADB"). */
function readFixedArray(
  file: Hdf5Bytes,
  layout: ChunkedLayout,
  shape: number[],
  chunkBytes: number,
): ChunkRecord[] {
  const header = file.at(layout.address, 12);
  const headerStart = header.pos;
  header.signature("FAHD");
  formatCheck(header.u8() === 0, "fixed array header version");
  const clientId = header.u8();
  if (!(clientId <= 1)) throw new Hdf5FormatError(`fixed array client ${clientId}`);
  const entrySize = header.u8();
  const pageBits = header.u8();
  const entryCount = header.length();
  const dataBlockAddress = header.address();
  verifyChecksum(file, headerStart, header.pos, "fixed array header");
  supportCheck(entryCount <= 2 ** pageBits, "paged fixed array chunk index");
  const grid = chunkGrid(shape, layout.chunkShape);
  if (!(entryCount === grid.count))
    throw new Hdf5FormatError(`fixed array of ${entryCount} entries for ${grid.count} chunks`);
  if (dataBlockAddress === UNDEFINED_ADDRESS) return [];
  const block = file.at(dataBlockAddress, 12);
  const blockStart = block.pos;
  block.signature("FADB");
  formatCheck(block.u8() === 0, "fixed array data block version");
  formatCheck(block.u8() === clientId, "fixed array data block of another client");
  block.address(); // header address
  const offsetSize = file.offsetSize;
  const sizeBytes = entrySize - offsetSize - 4;
  formatCheck(
    clientId === 0 ? entrySize === offsetSize : sizeBytes >= 1 && sizeBytes <= 8,
    "fixed array entry size",
  );
  const chunks: ChunkRecord[] = [];
  for (let i = 0; i < entryCount; i++) {
    const address = block.address();
    const storedSize = clientId === 1 ? block.uint(sizeBytes) : chunkBytes;
    const filterMask = clientId === 1 ? block.u32() : 0;
    if (address === UNDEFINED_ADDRESS) continue;
    chunks.push({ address, storedSize, filterMask, offset: chunkOffset(i, grid.counts, layout.chunkShape) });
  }
  verifyChecksum(file, blockStart, block.pos, "fixed array data block");
  return chunks;
}

function verifyChecksum(file: Hdf5Bytes, start: number, end: number, what: string): void {
  if (!(end + 4 <= file.bytes.length)) throw new Hdf5FormatError(`${what} runs past the end of the file`);
  const stored = file.view.getUint32(end, true);
  if (!(lookup3Checksum(file.bytes, start, end - start) === stored))
    throw new Hdf5FormatError(`${what} checksum mismatch`);
}
