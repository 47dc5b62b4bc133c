import { deflateSync } from "node:zlib";
import { FILTER_DEFLATE, FILTER_SHUFFLE } from "./filters.js";
import { MessageType } from "./objectHeader.js";
import { HDF5_SIGNATURE } from "./superblock.js";

/** Typed arrays the writer stores as HDF5 little-endian integers or IEEE floats. */
export type WritableNumericArray =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

/** A numeric dataset: row-major `data` of the given shape, optionally chunked and gzip-compressed. */
export interface NumericDatasetDefinition {
  readonly name: string;
  readonly data: WritableNumericArray;
  readonly shape: readonly number[];
  /** Chunk shape; omitted for contiguous storage. Required by `gzipLevel` and `shuffle`. */
  readonly chunks?: readonly number[];
  /** Deflate level 0–9 applied to every chunk. */
  readonly gzipLevel?: number;
  /** Byte shuffle before deflate (helps multi-byte pixels compress). */
  readonly shuffle?: boolean;
}

/** A scalar variable-length UTF-8 string dataset, as h5py writes `f["label"] = "B_cell"`. */
export interface StringDatasetDefinition {
  readonly name: string;
  readonly text: string;
}

/** One dataset of the root group. */
export type DatasetDefinition = NumericDatasetDefinition | StringDatasetDefinition;

// Sizes of this writer's files: 8-byte addresses and lengths, the library's default B-tree ranks.
const OFFSET = 8;
const GROUP_LEAF_K = 4; // a symbol table node holds 2K = 8 members
const GROUP_INTERNAL_K = 16;
const CHUNK_BTREE_K = 32; // the version 0 superblock implies 32 for chunk B-trees
const SUPERBLOCK_SIZE = 96;
const SYMBOL_ENTRY_SIZE = 40;
const BTREE_HEADER_SIZE = 8 + 2 * OFFSET;
const GLOBAL_HEAP_SIZE = 4096; // the format's minimum collection size
/** The local heap's "no free block" marker (the HDF5 library rejects an undefined address). */
const LOCAL_HEAP_NO_FREE_BLOCK = 1;
const UNDEFINED = -1;

/**
 * Encodes datasets into the bytes of an HDF5 file laid out like the files h5py writes with its
 * default format (superblock 0, object headers 1, a symbol-table root group), so that every
 * HDF5 reader since 1.8 opens them. The output depends only on the input: no timestamps, and
 * unused space is zero. At most 8 datasets (one symbol table node). Gzip output is whatever
 * Node's zlib produces, identical from run to run on one Node version.
 */
export function encodeHdf5(datasets: readonly DatasetDefinition[]): Uint8Array {
  const names = datasets.map((d) => d.name);
  if (datasets.length > 2 * GROUP_LEAF_K) throw new Error(`at most ${2 * GROUP_LEAF_K} datasets per file`);
  if (new Set(names).size !== names.length) throw new Error("dataset names must be unique");
  for (const name of names) {
    if (name === "" || name.includes("/") || name.includes("\0"))
      throw new Error(`invalid dataset name '${name}'`);
  }
  const sorted = [...datasets].sort((a, b) => compareUtf8(a.name, b.name));
  const prepared = sorted.map(prepareDataset);

  // Addresses, in file order: superblock, root header, group B-tree, local heap, symbol node,
  // dataset headers, global heap, raw data.
  let end = SUPERBLOCK_SIZE;
  const take = (size: number): number => {
    const at = end;
    end = align8(end + size);
    return at;
  };
  const rootHeaderAddress = take(16 + 8 + 2 * OFFSET);
  const groupBtreeAddress = take(btreeNodeSize(GROUP_INTERNAL_K, 8));
  const heapNames = new Map<string, number>();
  let heapDataSize = 8; // offset 0 holds the empty name that the B-tree's first key points to
  for (const dataset of sorted) {
    heapNames.set(dataset.name, heapDataSize);
    heapDataSize += align8(utf8Bytes(dataset.name).length + 1);
  }
  const localHeapAddress = take(8 + 2 * 8 + OFFSET);
  const heapDataAddress = take(heapDataSize);
  const symbolNodeAddress = take(8 + 2 * GROUP_LEAF_K * SYMBOL_ENTRY_SIZE);
  const headerAddresses = prepared.map((dataset) => take(dataset.headerSize));
  const strings = prepared.filter((d) => d.kind === "string");
  const globalHeapAddress = strings.length > 0 ? take(globalHeapSize(strings)) : UNDEFINED;
  for (const dataset of prepared) dataset.placeRawData(take);
  const fileSize = end;

  const out = new Uint8Array(fileSize);
  const w = new Writer(out);
  writeSuperblock(w, fileSize, rootHeaderAddress, groupBtreeAddress, localHeapAddress);

  // Root group: a symbol table message pointing at the B-tree and the local heap.
  w.seek(rootHeaderAddress);
  writeHeaderPrefix(w, 1, 24);
  w.u16(MessageType.symbolTable).u16(16).u8(0).skip(3).address(groupBtreeAddress).address(localHeapAddress);

  // Group B-tree: one leaf entry whose keys bracket every name (empty name .. greatest name).
  const lastName = sorted.at(-1)?.name;
  w.seek(groupBtreeAddress)
    .ascii("TREE")
    .u8(0)
    .u8(0)
    .u16(sorted.length > 0 ? 1 : 0);
  w.address(UNDEFINED).address(UNDEFINED);
  if (lastName !== undefined) w.u64(0).address(symbolNodeAddress).u64(heapNames.get(lastName)!);

  w.seek(localHeapAddress).ascii("HEAP").u8(0).skip(3).u64(heapDataSize).u64(LOCAL_HEAP_NO_FREE_BLOCK);
  w.address(heapDataAddress);
  for (const dataset of sorted)
    w.seek(heapDataAddress + heapNames.get(dataset.name)!).bytes(utf8Bytes(dataset.name));

  w.seek(symbolNodeAddress).ascii("SNOD").u8(1).u8(0).u16(sorted.length);
  prepared.forEach((dataset, i) => {
    w.address(heapNames.get(dataset.name)!).address(headerAddresses[i]).u32(0).u32(0).skip(16);
  });

  let heapIndex = 0;
  prepared.forEach((dataset, i) => {
    const stringIndex = dataset.kind === "string" ? ++heapIndex : 0;
    dataset.writeHeader(w, headerAddresses[i], globalHeapAddress, stringIndex);
    dataset.writeRawData(w, globalHeapAddress, stringIndex);
  });
  if (strings.length > 0) writeGlobalHeap(w, globalHeapAddress, strings);
  return out;
}

/** A dataset with its encoded messages and raw bytes, ready to be placed and written. */
interface PreparedDataset {
  readonly name: string;
  readonly kind: "numeric" | "string";
  readonly headerSize: number;
  /** UTF-8 bytes of a string dataset. */
  readonly text: Uint8Array;
  placeRawData(take: (size: number) => number): void;
  writeHeader(w: Writer, address: number, globalHeap: number, stringIndex: number): void;
  writeRawData(w: Writer, globalHeap: number, stringIndex: number): void;
}

interface Message {
  readonly type: number;
  readonly body: Uint8Array;
}

function prepareDataset(definition: DatasetDefinition): PreparedDataset {
  if ("text" in definition) return prepareString(definition);
  return prepareNumeric(definition);
}

function prepareString(definition: StringDatasetDefinition): PreparedDataset {
  const text = utf8Bytes(definition.text);
  let rawAddress = UNDEFINED;
  const messages = (): Message[] => [
    { type: MessageType.dataspace, body: dataspaceMessage([]) },
    { type: MessageType.datatype, body: vlenStringDatatype() },
    { type: MessageType.fillValue, body: fillValueMessage(2) },
    { type: MessageType.dataLayout, body: contiguousLayoutMessage(rawAddress, 16) },
  ];
  return {
    name: definition.name,
    kind: "string",
    headerSize: headerSize(messages()),
    text,
    placeRawData(take) {
      rawAddress = take(16);
    },
    writeHeader(w, address) {
      writeObjectHeader(w, address, messages());
    },
    writeRawData(w, globalHeap, stringIndex) {
      w.seek(rawAddress).u32(text.length).address(globalHeap).u32(stringIndex);
    },
  };
}

function prepareNumeric(definition: NumericDatasetDefinition): PreparedDataset {
  const { data, shape, chunks } = definition;
  const count = shape.reduce((a, b) => a * b, 1);
  if (shape.some((size) => !Number.isSafeInteger(size) || size < 0))
    throw new Error(`invalid shape (${shape.join(", ")})`);
  if (count !== data.length) {
    throw new Error(`dataset '${definition.name}' has ${data.length} values for shape (${shape.join(", ")})`);
  }
  const elementSize = data.BYTES_PER_ELEMENT;
  const raw = littleEndianBytes(data);
  const filtered = (definition.gzipLevel ?? null) !== null || definition.shuffle === true;
  if (filtered && !chunks)
    throw new Error(`dataset '${definition.name}': gzip and shuffle need chunked storage`);
  const level = definition.gzipLevel;
  if (level !== undefined && !(Number.isInteger(level) && level >= 0 && level <= 9)) {
    throw new Error(`gzip level ${level} is not an integer from 0 to 9`);
  }
  const datatype = numericDatatype(data);
  if (!chunks) {
    let rawAddress = UNDEFINED;
    const messages = (): Message[] => [
      { type: MessageType.dataspace, body: dataspaceMessage(shape) },
      { type: MessageType.datatype, body: datatype },
      { type: MessageType.fillValue, body: fillValueMessage(2) },
      { type: MessageType.dataLayout, body: contiguousLayoutMessage(rawAddress, raw.length) },
    ];
    return {
      name: definition.name,
      kind: "numeric",
      headerSize: headerSize(messages()),
      text: new Uint8Array(0),
      placeRawData(take) {
        // HDF5 leaves a never-written contiguous dataset unallocated; so does an empty one here.
        rawAddress = raw.length > 0 ? take(raw.length) : UNDEFINED;
      },
      writeHeader(w, address) {
        writeObjectHeader(w, address, messages());
      },
      writeRawData(w) {
        if (raw.length > 0) w.seek(rawAddress).bytes(raw);
      },
    };
  }

  if (chunks.length !== shape.length || chunks.some((size) => !Number.isSafeInteger(size) || size < 1)) {
    throw new Error(`chunk shape (${chunks.join(", ")}) does not fit shape (${shape.join(", ")})`);
  }
  const filters: { id: number; name: string; values: number[] }[] = [];
  if (definition.shuffle) filters.push({ id: FILTER_SHUFFLE, name: "shuffle", values: [elementSize] });
  if (level !== undefined) filters.push({ id: FILTER_DEFLATE, name: "deflate", values: [level] });
  const storedChunks = count === 0 ? [] : encodeChunks(raw, shape, chunks, elementSize, filters);
  const btree = planChunkBtree(storedChunks, chunks.length + 1);
  const messages = (): Message[] => {
    const list: Message[] = [
      { type: MessageType.dataspace, body: dataspaceMessage(shape) },
      { type: MessageType.datatype, body: datatype },
      { type: MessageType.fillValue, body: fillValueMessage(3) },
      { type: MessageType.dataLayout, body: chunkedLayoutMessage(btree.rootAddress, chunks, elementSize) },
    ];
    if (filters.length > 0)
      list.push({ type: MessageType.filterPipeline, body: filterPipelineMessage(filters) });
    return list;
  };
  return {
    name: definition.name,
    kind: "numeric",
    headerSize: headerSize(messages()),
    text: new Uint8Array(0),
    placeRawData(take) {
      btree.place(take);
      for (const chunk of storedChunks) chunk.address = take(chunk.bytes.length);
    },
    writeHeader(w, address) {
      writeObjectHeader(w, address, messages());
    },
    writeRawData(w) {
      btree.write(w, elementSize);
      for (const chunk of storedChunks) w.seek(chunk.address).bytes(chunk.bytes);
    },
  };
}

/** One chunk as stored: filtered bytes, its element offset and (once placed) its address. */
interface StoredChunk {
  readonly bytes: Uint8Array;
  readonly offset: number[];
  address: number;
}

/** Cuts row-major raw bytes into full-size chunks (zero-padded at the edges) and filters them. */
function encodeChunks(
  raw: Uint8Array,
  shape: readonly number[],
  chunkShape: readonly number[],
  elementSize: number,
  filters: { id: number; values: number[] }[],
): StoredChunk[] {
  const rank = shape.length;
  const counts = shape.map((size, d) => Math.ceil(size / chunkShape[d]));
  const total = counts.reduce((a, b) => a * b, 1);
  const chunkElements = chunkShape.reduce((a, b) => a * b, 1);
  const stride = new Array<number>(rank);
  const chunkStride = new Array<number>(rank);
  stride[rank - 1] = elementSize;
  chunkStride[rank - 1] = elementSize;
  for (let d = rank - 2; d >= 0; d--) {
    stride[d] = stride[d + 1] * shape[d + 1];
    chunkStride[d] = chunkStride[d + 1] * chunkShape[d + 1];
  }
  const out: StoredChunk[] = [];
  for (let linear = 0; linear < total; linear++) {
    const offset = new Array<number>(rank);
    for (let d = rank - 1, rest = linear; d >= 0; d--) {
      offset[d] = (rest % counts[d]) * chunkShape[d];
      rest = Math.floor(rest / counts[d]);
    }
    const chunk = new Uint8Array(chunkElements * elementSize);
    const extent = offset.map((start, d) => Math.min(chunkShape[d], shape[d] - start));
    const runBytes = extent[rank - 1] * elementSize;
    const counter = new Array<number>(rank).fill(0);
    for (;;) {
      let source = 0;
      let target = 0;
      for (let d = 0; d < rank - 1; d++) {
        source += (offset[d] + counter[d]) * stride[d];
        target += counter[d] * chunkStride[d];
      }
      source += offset[rank - 1] * elementSize;
      chunk.set(raw.subarray(source, source + runBytes), target);
      let d = rank - 2;
      while (d >= 0 && ++counter[d] >= extent[d]) counter[d--] = 0;
      if (d < 0) break;
    }
    let bytes: Uint8Array = chunk;
    for (const filter of filters) {
      if (filter.id === FILTER_SHUFFLE) bytes = shuffle(bytes, elementSize);
      else bytes = new Uint8Array(deflateSync(bytes, { level: filter.values[0] }));
    }
    out.push({ bytes, offset, address: UNDEFINED });
  }
  return out;
}

/** HDF5's shuffle: byte 0 of every element, then byte 1 of every element, and so on. */
function shuffle(data: Uint8Array, elementSize: number): Uint8Array {
  const count = Math.floor(data.length / elementSize);
  if (elementSize <= 1 || count <= 1) return data;
  const out = new Uint8Array(data.length);
  for (let byte = 0; byte < elementSize; byte++) {
    let target = byte * count;
    for (let element = 0, source = byte; element < count; element++, source += elementSize) {
      out[target++] = data[source];
    }
  }
  out.set(data.subarray(count * elementSize), count * elementSize);
  return out;
}

/** A version 1 B-tree over chunks: leaves of up to 2K chunks, parents of up to 2K nodes. */
function planChunkBtree(chunks: StoredChunk[], keyDimensions: number) {
  const capacity = 2 * CHUNK_BTREE_K;
  const keySize = 8 + 8 * keyDimensions;
  const nodeSize = btreeNodeSize(CHUNK_BTREE_K, keySize);
  interface Node {
    level: number;
    children: (StoredChunk | Node)[];
    first: StoredChunk;
    last: StoredChunk;
    address: number;
  }
  const levels: Node[][] = [];
  let current: (StoredChunk | Node)[] = chunks;
  for (let level = 0; level === 0 || current.length > 1; level++) {
    const nodes: Node[] = [];
    for (let i = 0; i < Math.max(current.length, 1); i += capacity) {
      const children = current.slice(i, i + capacity);
      const first = children.length ? firstChunk(children[0]) : (undefined as unknown as StoredChunk);
      const last = children.length ? lastChunk(children[children.length - 1]) : first;
      nodes.push({ level, children, first, last, address: UNDEFINED });
    }
    levels.push(nodes);
    current = nodes;
  }
  const root = levels[levels.length - 1][0];
  return {
    get rootAddress(): number {
      return root.address;
    },
    place(take: (size: number) => number): void {
      for (let l = levels.length - 1; l >= 0; l--)
        for (const node of levels[l]) node.address = take(nodeSize);
    },
    write(w: Writer, elementSize: number): void {
      for (const nodes of levels) {
        nodes.forEach((node, i) => {
          w.seek(node.address).ascii("TREE").u8(1).u8(node.level).u16(node.children.length);
          w.address(i > 0 ? nodes[i - 1].address : UNDEFINED);
          w.address(i + 1 < nodes.length ? nodes[i + 1].address : UNDEFINED);
          if (node.children.length === 0) return;
          for (const child of node.children) {
            writeChunkKey(w, firstChunk(child), false, elementSize);
            w.address(child.address);
          }
          // The right key of a node is the left key of whatever follows it, and past the very
          // last chunk a key one element-size step beyond it, as the HDF5 library writes.
          const next = i + 1 < nodes.length ? nodes[i + 1].first : null;
          if (next) writeChunkKey(w, next, false, elementSize);
          else writeChunkKey(w, node.last, true, elementSize);
        });
      }
    },
  };

  function firstChunk(item: StoredChunk | Node): StoredChunk {
    return "bytes" in item ? item : item.first;
  }
  function lastChunk(item: StoredChunk | Node): StoredChunk {
    return "bytes" in item ? item : item.last;
  }
  function writeChunkKey(w: Writer, chunk: StoredChunk, beyond: boolean, elementSize: number): void {
    w.u32(beyond ? 0 : chunk.bytes.length).u32(0);
    for (const start of chunk.offset) w.u64(start);
    w.u64(beyond ? elementSize : 0);
  }
}

function btreeNodeSize(k: number, keySize: number): number {
  return BTREE_HEADER_SIZE + (2 * k + 1) * keySize + 2 * k * OFFSET;
}

function writeSuperblock(
  w: Writer,
  fileSize: number,
  rootHeader: number,
  groupBtree: number,
  localHeap: number,
): void {
  w.seek(0).bytes(HDF5_SIGNATURE);
  w.u8(0).u8(0).u8(0).u8(0).u8(0).u8(OFFSET).u8(8).u8(0);
  w.u16(GROUP_LEAF_K).u16(GROUP_INTERNAL_K).u32(0);
  w.address(0).address(UNDEFINED).address(fileSize).address(UNDEFINED);
  // Root group symbol table entry, caching the B-tree and heap addresses (cache type 1).
  w.address(0).address(rootHeader).u32(1).u32(0).address(groupBtree).address(localHeap);
}

function writeHeaderPrefix(w: Writer, messageCount: number, bodySize: number): void {
  w.u8(1).u8(0).u16(messageCount).u32(1).u32(bodySize).skip(4);
}

function headerSize(messages: Message[]): number {
  return 16 + messages.reduce((sum, m) => sum + 8 + align8(m.body.length), 0);
}

function writeObjectHeader(w: Writer, address: number, messages: Message[]): void {
  w.seek(address);
  writeHeaderPrefix(w, messages.length, headerSize(messages) - 16);
  for (const message of messages) {
    // Flag 1 (constant) on the messages the library also marks constant: datatype, fill value.
    const constant = message.type === MessageType.datatype || message.type === MessageType.fillValue;
    w.u16(message.type)
      .u16(align8(message.body.length))
      .u8(constant ? 1 : 0)
      .skip(3);
    w.bytes(message.body).skip(align8(message.body.length) - message.body.length);
  }
}

function dataspaceMessage(shape: readonly number[]): Uint8Array {
  const body = new Writer(new Uint8Array(8 + 16 * shape.length));
  body
    .u8(1)
    .u8(shape.length)
    .u8(shape.length > 0 ? 1 : 0)
    .skip(5);
  for (const size of shape) body.u64(size);
  for (const size of shape) body.u64(size); // maximum dimensions: fixed size
  return body.out;
}

function numericDatatype(data: WritableNumericArray): Uint8Array {
  const size = data.BYTES_PER_ELEMENT;
  if (data instanceof Float32Array || data instanceof Float64Array) {
    const body = new Writer(new Uint8Array(20));
    const [exponentLocation, exponentSize, mantissaSize, bias] =
      size === 4 ? [23, 8, 23, 127] : [52, 11, 52, 1023];
    // Class 1 version 1; little-endian, implied-MSB mantissa normalisation, sign in the top bit.
    body
      .u8(0x11)
      .u8(0x20)
      .u8(size * 8 - 1)
      .u8(0)
      .u32(size);
    body
      .u16(0)
      .u16(size * 8)
      .u8(exponentLocation)
      .u8(exponentSize)
      .u8(0)
      .u8(mantissaSize)
      .u32(bias);
    return body.out;
  }
  const signed = data instanceof Int8Array || data instanceof Int16Array || data instanceof Int32Array;
  const body = new Writer(new Uint8Array(12));
  body
    .u8(0x10)
    .u8(signed ? 0x08 : 0)
    .u8(0)
    .u8(0)
    .u32(size)
    .u16(0)
    .u16(size * 8);
  return body.out;
}

function vlenStringDatatype(): Uint8Array {
  const body = new Writer(new Uint8Array(20));
  // Class 9 version 1: string, null-terminated padding, UTF-8; base type: 1-byte unsigned char.
  body
    .u8(0x19)
    .u8(0x01)
    .u8(0x01)
    .u8(0)
    .u32(4 + OFFSET + 4);
  body.u8(0x10).u8(0).u8(0).u8(0).u32(1).u16(0).u16(8);
  return body.out;
}

/** Fill value message version 2 with the library's default (zero) fill value. */
function fillValueMessage(allocationTime: number): Uint8Array {
  return Uint8Array.of(2, allocationTime, 0, 1, 0, 0, 0, 0);
}

function contiguousLayoutMessage(address: number, size: number): Uint8Array {
  const body = new Writer(new Uint8Array(2 + OFFSET + 8));
  body.u8(3).u8(1).address(address).u64(size);
  return body.out;
}

function chunkedLayoutMessage(
  btreeAddress: number,
  chunks: readonly number[],
  elementSize: number,
): Uint8Array {
  const body = new Writer(new Uint8Array(3 + OFFSET + 4 * (chunks.length + 1)));
  body
    .u8(3)
    .u8(2)
    .u8(chunks.length + 1)
    .address(btreeAddress);
  for (const size of chunks) body.u32(size);
  body.u32(elementSize);
  return body.out;
}

function filterPipelineMessage(filters: { id: number; name: string; values: number[] }[]): Uint8Array {
  let size = 8;
  for (const filter of filters) {
    size += 8 + align8(filter.name.length + 1) + 4 * filter.values.length + (filter.values.length % 2) * 4;
  }
  const body = new Writer(new Uint8Array(size));
  body.u8(1).u8(filters.length).skip(6);
  for (const filter of filters) {
    const nameSize = align8(filter.name.length + 1);
    // Flag 1: optional, as the library registers deflate and shuffle.
    body.u16(filter.id).u16(nameSize).u16(1).u16(filter.values.length);
    body.ascii(filter.name).skip(nameSize - filter.name.length);
    for (const value of filter.values) body.u32(value);
    if (filter.values.length % 2) body.skip(4);
  }
  return body.out;
}

function globalHeapSize(strings: PreparedDataset[]): number {
  const used = 16 + strings.reduce((sum, s) => sum + 16 + align8(s.text.length), 0);
  return Math.max(GLOBAL_HEAP_SIZE, used + 16);
}

function writeGlobalHeap(w: Writer, address: number, strings: PreparedDataset[]): void {
  const size = globalHeapSize(strings);
  w.seek(address).ascii("GCOL").u8(1).skip(3).u64(size);
  strings.forEach((s, i) => {
    w.u16(i + 1)
      .u16(0)
      .u32(0)
      .u64(s.text.length)
      .bytes(s.text)
      .skip(align8(s.text.length) - s.text.length);
  });
  // Object 0 describes the free space to the end of the collection, its own header included.
  const free = address + size - w.position;
  w.u16(0).u16(0).u32(0).u64(free);
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function littleEndianBytes(data: WritableNumericArray): Uint8Array {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const size = data.BYTES_PER_ELEMENT;
  if (LITTLE_ENDIAN_HOST || size === 1) return bytes;
  const swapped = new Uint8Array(bytes.length);
  for (let at = 0; at < bytes.length; at += size) {
    for (let b = 0; b < size; b++) swapped[at + b] = bytes[at + size - 1 - b];
  }
  return swapped;
}

const encoder = new TextEncoder();

function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Byte-wise comparison of UTF-8 encodings: the order HDF5's symbol tables keep (strcmp). */
function compareUtf8(a: string, b: string): number {
  const x = utf8Bytes(a);
  const y = utf8Bytes(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

function align8(size: number): number {
  return Math.ceil(size / 8) * 8;
}

/** Little-endian writer at a movable position in a preallocated buffer. */
class Writer {
  private readonly view: DataView;
  position = 0;

  constructor(readonly out: Uint8Array) {
    this.view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  }

  seek(position: number): this {
    this.position = position;
    return this;
  }

  skip(count: number): this {
    this.position += count;
    return this;
  }

  u8(value: number): this {
    this.out[this.position++] = value;
    return this;
  }

  u16(value: number): this {
    this.view.setUint16(this.position, value, true);
    this.position += 2;
    return this;
  }

  u32(value: number): this {
    this.view.setUint32(this.position, value, true);
    this.position += 4;
    return this;
  }

  u64(value: number): this {
    this.view.setBigUint64(this.position, BigInt(value), true);
    this.position += 8;
    return this;
  }

  /** An address, or all bits set for UNDEFINED. */
  address(value: number): this {
    return value === UNDEFINED ? this.u64(0).fillLast(8, 0xff) : this.u64(value);
  }

  bytes(data: Uint8Array): this {
    this.out.set(data, this.position);
    this.position += data.length;
    return this;
  }

  ascii(text: string): this {
    for (let i = 0; i < text.length; i++) this.out[this.position++] = text.charCodeAt(i);
    return this;
  }

  private fillLast(count: number, value: number): this {
    this.out.fill(value, this.position - count, this.position);
    return this;
  }
}
