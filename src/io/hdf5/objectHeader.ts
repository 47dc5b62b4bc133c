import { type Hdf5Bytes, UNDEFINED_ADDRESS } from "./byteCursor.js";
import { lookup3Checksum } from "./checksum.js";
import { formatCheck, Hdf5FormatError, Hdf5UnsupportedError, supportCheck } from "./errors.js";

/** Header message types this reader knows (HDF5 File Format Specification, section IV.A.2). */
export const MessageType = {
  nil: 0x00,
  dataspace: 0x01,
  linkInfo: 0x02,
  datatype: 0x03,
  fillValueOld: 0x04,
  fillValue: 0x05,
  link: 0x06,
  externalFiles: 0x07,
  dataLayout: 0x08,
  bogus: 0x09,
  groupInfo: 0x0a,
  filterPipeline: 0x0b,
  attribute: 0x0c,
  comment: 0x0d,
  modificationTimeOld: 0x0e,
  sharedMessageTable: 0x0f,
  continuation: 0x10,
  symbolTable: 0x11,
  modificationTime: 0x12,
  btreeK: 0x13,
  driverInfo: 0x14,
  attributeInfo: 0x15,
  referenceCount: 0x16,
  fileSpaceInfo: 0x17,
} as const;

const LAST_KNOWN_TYPE = 0x17;
const FLAG_SHARED = 0x02;
const FLAG_FAIL_IF_UNKNOWN_ALWAYS = 0x80;

/** One message of an object header: its type, flags and where its body lies in the file bytes. */
export interface HeaderMessage {
  readonly type: number;
  readonly flags: number;
  /** Byte position of the message body in the file bytes (not a file address). */
  readonly position: number;
  readonly size: number;
}

/** The messages of an object header, continuation blocks followed. */
export class ObjectHeader {
  constructor(
    readonly address: number,
    readonly messages: HeaderMessage[],
  ) {}

  /** The first message of a type, or undefined. Throws Hdf5UnsupportedError if it is shared. */
  find(type: number): HeaderMessage | undefined {
    for (const message of this.messages) {
      if (message.type === type) {
        if (!((message.flags & FLAG_SHARED) === 0))
          throw new Hdf5UnsupportedError(`shared header message of type ${type}`);
        return message;
      }
    }
    return undefined;
  }

  /** Every message of a type, in header order. */
  all(type: number): HeaderMessage[] {
    return this.messages.filter((message) => message.type === type);
  }
}

/** Decodes the object header at `address` (version 1 or 2) with all its continuation blocks. */
export function readObjectHeader(file: Hdf5Bytes, address: number): ObjectHeader {
  const position = file.absolute(address, 4);
  const messages: HeaderMessage[] = [];
  if (file.hasSignature(position, "OHDR")) readVersion2(file, position, messages);
  else readVersion1(file, position, messages);
  return new ObjectHeader(address, messages);
}

function readVersion1(file: Hdf5Bytes, position: number, messages: HeaderMessage[]): void {
  const cursor = file.atPosition(position);
  const version = cursor.u8();
  if (!(version === 1))
    throw new Hdf5FormatError(`object header version ${version} at address ${position - file.baseAddress}`);
  cursor.skip(1);
  cursor.skip(2); // message count: the blocks are walked to their ends instead
  cursor.skip(4); // object reference count
  const firstSize = cursor.u32();
  // Version 1 messages are 8-byte aligned: the 12-byte prefix is followed by 4 bytes of padding.
  const blocks: [number, number][] = [[position + 16, firstSize]];
  for (let b = 0; b < blocks.length; b++) {
    const [start, size] = blocks[b];
    const end = start + size;
    formatCheck(end <= file.bytes.length, "object header block runs past the end of the file");
    const body = file.atPosition(start);
    while (body.pos + 8 <= end) {
      const type = body.u16();
      const messageSize = body.u16();
      const flags = body.u8();
      body.skip(3);
      const messagePosition = body.pos;
      if (!(messagePosition + messageSize <= end))
        throw new Hdf5FormatError(`header message of type ${type} overruns its block`);
      body.pos += messageSize;
      accept(file, messages, blocks, type, flags, messagePosition, messageSize);
    }
    supportCheck(blocks.length < 10_000, "object header with too many continuation blocks");
  }
}

function readVersion2(file: Hdf5Bytes, position: number, messages: HeaderMessage[]): void {
  const cursor = file.atPosition(position + 4);
  const version = cursor.u8();
  if (!(version === 2)) throw new Hdf5FormatError(`object header version ${version}`);
  const flags = cursor.u8();
  if (flags & 0x20) cursor.skip(16); // access, modification, change and birth times
  if (flags & 0x10) cursor.skip(4); // attribute storage phase change values
  const firstSize = cursor.uint(1 << (flags & 3));
  const withCreationOrder = (flags & 0x04) !== 0;
  const first = cursor.pos;
  const blocks: [number, number][] = [[first, firstSize]];
  checkBlock(file, position, first + firstSize);
  for (let b = 0; b < blocks.length; b++) {
    const [start, size] = blocks[b];
    if (b > 0) {
      formatCheck(file.hasSignature(start, "OCHK"), "object header continuation block without 'OCHK'");
      checkBlock(file, start, start + size - 4);
    }
    const bodyStart = b > 0 ? start + 4 : start;
    const end = b > 0 ? start + size - 4 : start + size;
    const headerSize = withCreationOrder ? 6 : 4;
    const body = file.atPosition(bodyStart);
    // A gap smaller than a message header may close a block.
    while (body.pos + headerSize <= end) {
      const type = body.u8();
      const messageSize = body.u16();
      const messageFlags = body.u8();
      if (withCreationOrder) body.skip(2);
      const messagePosition = body.pos;
      if (!(messagePosition + messageSize <= end))
        throw new Hdf5FormatError(`header message of type ${type} overruns its block`);
      body.pos += messageSize;
      accept(file, messages, blocks, type, messageFlags, messagePosition, messageSize);
    }
    supportCheck(blocks.length < 10_000, "object header with too many continuation blocks");
  }
}

/** Verifies the lookup3 checksum stored right after `end` over the bytes from `start`. */
function checkBlock(file: Hdf5Bytes, start: number, end: number): void {
  formatCheck(end + 4 <= file.bytes.length, "object header runs past the end of the file");
  const stored = file.view.getUint32(end, true);
  formatCheck(lookup3Checksum(file.bytes, start, end - start) === stored, "object header checksum mismatch");
}

function accept(
  file: Hdf5Bytes,
  messages: HeaderMessage[],
  blocks: [number, number][],
  type: number,
  flags: number,
  position: number,
  size: number,
): void {
  if (type === MessageType.continuation) {
    const cursor = file.atPosition(position);
    const address = cursor.address();
    const length = cursor.length();
    formatCheck(address !== UNDEFINED_ADDRESS, "continuation message with undefined address");
    const start = file.absolute(address, length);
    if (blocks.some(([known]) => known === start))
      throw new Hdf5FormatError("object header continuation loops");
    blocks.push([start, length]);
    return;
  }
  if (type > LAST_KNOWN_TYPE) {
    if (!((flags & FLAG_FAIL_IF_UNKNOWN_ALWAYS) === 0))
      throw new Hdf5UnsupportedError(`unknown header message type ${type}`);
  }
  messages.push({ type, flags, position, size });
}
