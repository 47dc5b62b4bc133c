import { type Hdf5Bytes, UNDEFINED_ADDRESS } from "./byteCursor.js";
import { formatCheck, Hdf5FormatError, supportCheck } from "./errors.js";
import { MessageType, type ObjectHeader } from "./objectHeader.js";

/** Where a group member's name leads: an object header, or a soft/external/user link. */
export type LinkTarget =
  | { readonly kind: "hard"; readonly address: number }
  | { readonly kind: "soft" | "external" | "user-defined" };

const utf8 = new TextDecoder("utf-8");

/** UTF-8 text of a name; plain ASCII skips TextDecoder, whose per-call cost dominates short names. */
function decodeName(bytes: Uint8Array): string {
  let ascii = "";
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte >= 0x80) return utf8.decode(bytes);
    ascii += String.fromCharCode(byte);
  }
  return ascii;
}

/**
 * The members of a group, name → target, from either storage the format has: a symbol table
 * (B-tree + local heap, what h5py writes by default) or link messages in the object header
 * (compact storage, libver "latest"). Dense storage (fractal heap) raises Hdf5UnsupportedError.
 */
export function readGroupLinks(file: Hdf5Bytes, header: ObjectHeader): Map<string, LinkTarget> {
  const links = new Map<string, LinkTarget>();
  const symbolTable = header.find(MessageType.symbolTable);
  if (symbolTable) {
    const cursor = file.atPosition(symbolTable.position);
    const btreeAddress = cursor.address();
    const heapAddress = cursor.address();
    const heap = readLocalHeap(file, heapAddress);
    readGroupBtreeNode(file, btreeAddress, heap, links, -1, new Set());
    return links;
  }
  const linkInfo = header.find(MessageType.linkInfo);
  if (linkInfo) {
    const cursor = file.atPosition(linkInfo.position);
    formatCheck(cursor.u8() === 0, "link info message version");
    const flags = cursor.u8();
    if (flags & 0x01) cursor.skip(8); // maximum creation index
    const fractalHeapAddress = cursor.address();
    supportCheck(fractalHeapAddress === UNDEFINED_ADDRESS, "dense link storage (fractal heap)");
  }
  for (const message of header.all(MessageType.link)) {
    const [name, target] = readLinkMessage(file, message.position, message.position + message.size);
    links.set(name, target);
  }
  return links;
}

/** True when the header describes a group (symbol table, link info or link messages). */
export function isGroupHeader(header: ObjectHeader): boolean {
  return header.messages.some(
    (m) =>
      m.type === MessageType.symbolTable || m.type === MessageType.linkInfo || m.type === MessageType.link,
  );
}

function readLinkMessage(file: Hdf5Bytes, position: number, end: number): [string, LinkTarget] {
  const cursor = file.atPosition(position);
  formatCheck(cursor.u8() === 1, "link message version");
  const flags = cursor.u8();
  const linkType = flags & 0x08 ? cursor.u8() : 0;
  if (flags & 0x04) cursor.skip(8); // creation order
  if (flags & 0x10) cursor.skip(1); // name character set: names are decoded as UTF-8 either way
  const nameLength = cursor.uint(1 << (flags & 3));
  formatCheck(cursor.pos + nameLength <= end, "link name runs past its message");
  const name = decodeName(cursor.bytes(nameLength));
  if (linkType === 0) return [name, { kind: "hard", address: cursor.address() }];
  if (linkType === 1) return [name, { kind: "soft" }];
  if (linkType === 64) return [name, { kind: "external" }];
  return [name, { kind: "user-defined" }];
}

/** A local heap's data segment (holds the NUL-terminated member names of a symbol table). */
interface LocalHeap {
  readonly start: number;
  readonly size: number;
}

function readLocalHeap(file: Hdf5Bytes, address: number): LocalHeap {
  const cursor = file.at(address, 8);
  cursor.signature("HEAP");
  formatCheck(cursor.u8() === 0, "local heap version");
  cursor.skip(3);
  const size = cursor.length();
  cursor.length(); // free list head
  const dataAddress = cursor.address();
  return { start: file.absolute(dataAddress, size), size };
}

function heapString(file: Hdf5Bytes, heap: LocalHeap, offset: number): string {
  formatCheck(offset < heap.size, "symbol name offset beyond its local heap");
  const bytes = file.bytes;
  const start = heap.start + offset;
  const end = heap.start + heap.size;
  let stop = start;
  while (stop < end && bytes[stop] !== 0) stop++;
  formatCheck(stop < end, "symbol name not NUL-terminated inside its local heap");
  return decodeName(bytes.subarray(start, stop));
}

/**
 * Walks a version-1 group B-tree (node type 0); leaves point to symbol table nodes. Levels must
 * fall by one per step and no node may be visited twice, so corrupt pointers cannot loop.
 */
function readGroupBtreeNode(
  file: Hdf5Bytes,
  address: number,
  heap: LocalHeap,
  links: Map<string, LinkTarget>,
  expectedLevel: number,
  visited: Set<number>,
): void {
  formatCheck(!visited.has(address), "group B-tree node visited twice");
  visited.add(address);
  const cursor = file.at(address, 8);
  cursor.signature("TREE");
  const nodeType = cursor.u8();
  if (!(nodeType === 0))
    throw new Hdf5FormatError(`B-tree node type ${nodeType} where group nodes were expected`);
  const level = cursor.u8();
  if (expectedLevel >= 0) formatCheck(level === expectedLevel, "group B-tree child at the wrong level");
  const entries = cursor.u16();
  cursor.address();
  cursor.address();
  for (let i = 0; i < entries; i++) {
    cursor.length(); // key: heap offset of the largest name in the child
    const child = cursor.address();
    if (level > 0) readGroupBtreeNode(file, child, heap, links, level - 1, visited);
    else readSymbolNode(file, child, heap, links);
  }
}

function readSymbolNode(
  file: Hdf5Bytes,
  address: number,
  heap: LocalHeap,
  links: Map<string, LinkTarget>,
): void {
  const cursor = file.at(address, 8);
  cursor.signature("SNOD");
  formatCheck(cursor.u8() === 1, "symbol table node version");
  cursor.skip(1);
  const count = cursor.u16();
  for (let i = 0; i < count; i++) {
    const nameOffset = cursor.address();
    const objectAddress = cursor.address();
    const cacheType = cursor.u32();
    cursor.skip(4 + 16); // reserved, scratch pad
    const name = heapString(file, heap, nameOffset);
    // Cache type 2 marks a soft link; its object header address is meaningless.
    links.set(name, cacheType === 2 ? { kind: "soft" } : { kind: "hard", address: objectAddress });
  }
}
