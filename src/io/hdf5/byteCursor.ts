import { formatCheck, Hdf5FormatError, Hdf5UnsupportedError } from "./errors.js";

/** The value HDF5 stores (all bits set) for an address that points nowhere. */
export const UNDEFINED_ADDRESS = -1;

/**
 * The bytes of one HDF5 file and the superblock's sizes of addresses ("offsets") and lengths.
 * Addresses inside the file are relative to `baseAddress`; `absolute` turns them into byte
 * positions in `bytes`.
 */
export class Hdf5Bytes {
  readonly view: DataView;
  offsetSize = 8;
  lengthSize = 8;
  baseAddress = 0;

  readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    // A plain Uint8Array view even for a Node Buffer: keeps every byte access monomorphic and
    // subarray() off Buffer's slower species path.
    this.bytes = plainBytes(bytes);
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Byte position in `bytes` of a file address; throws Hdf5FormatError when it lies outside. */
  absolute(address: number, length = 0): number {
    formatCheck(address !== UNDEFINED_ADDRESS, "undefined address dereferenced");
    const position = this.baseAddress + address;
    if (!(position >= 0 && position + length <= this.bytes.length))
      throw new Hdf5FormatError(
        `address ${address} (+${length} bytes) lies beyond the end of the file (${this.bytes.length} bytes)`,
      );
    return position;
  }

  /** A cursor at a file address, checked to have `length` readable bytes. */
  at(address: number, length = 0): ByteCursor {
    return new ByteCursor(this, this.absolute(address, length));
  }

  /** A cursor at a byte position of `bytes` (not a file address). */
  atPosition(position: number): ByteCursor {
    return new ByteCursor(this, position);
  }

  /** Whether the four bytes at a byte position spell `signature`. */
  hasSignature(position: number, signature: string): boolean {
    const bytes = this.bytes;
    if (position < 0 || position + 4 > bytes.length) return false;
    for (let i = 0; i < 4; i++) if (bytes[position + i] !== signature.charCodeAt(i)) return false;
    return true;
  }
}

/** The same bytes as a plain Uint8Array (a view, not a copy) when they are a subclass such as Buffer. */
export function plainBytes(bytes: Uint8Array): Uint8Array {
  return Object.getPrototypeOf(bytes) === Uint8Array.prototype
    ? bytes
    : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Little-endian sequential reader over Hdf5Bytes; every read is bounds-checked. */
export class ByteCursor {
  constructor(
    readonly file: Hdf5Bytes,
    public pos: number,
  ) {}

  private need(count: number): number {
    const at = this.pos;
    if (!(at + count <= this.file.bytes.length))
      throw new Hdf5FormatError(`read of ${count} bytes at ${at} runs past the end of the file`);
    this.pos = at + count;
    return at;
  }

  /** One unsigned byte. */
  u8(): number {
    return this.file.bytes[this.need(1)];
  }

  /** Unsigned 16-bit little-endian integer. */
  u16(): number {
    return this.file.view.getUint16(this.need(2), true);
  }

  /** Unsigned 32-bit little-endian integer. */
  u32(): number {
    return this.file.view.getUint32(this.need(4), true);
  }

  /** Unsigned little-endian integer of 1–8 bytes; throws Hdf5UnsupportedError above 2^53. */
  uint(size: number): number {
    const at = this.need(size);
    const bytes = this.file.bytes;
    let value = 0;
    for (let i = size - 1; i >= 0; i--) value = value * 256 + bytes[at + i];
    if (!Number.isSafeInteger(value))
      throw new Hdf5UnsupportedError(`integer field of ${size} bytes exceeds 2^53`);
    return value;
  }

  /** A file address, or UNDEFINED_ADDRESS when all its bits are set. */
  address(): number {
    const size = this.file.offsetSize;
    const at = this.pos;
    const bytes = this.file.bytes;
    if (!(at + size <= bytes.length))
      throw new Hdf5FormatError(`address at ${at} runs past the end of the file`);
    let allSet = true;
    for (let i = 0; i < size; i++) {
      if (bytes[at + i] !== 0xff) {
        allSet = false;
        break;
      }
    }
    if (allSet) {
      this.pos = at + size;
      return UNDEFINED_ADDRESS;
    }
    return this.uint(size);
  }

  /** A length field ("size of lengths" bytes). Undefined lengths (all bits set) are rejected. */
  length(): number {
    return this.uint(this.file.lengthSize);
  }

  /** Moves past `count` bytes (checked to exist). */
  skip(count: number): this {
    this.need(count);
    return this;
  }

  /** A copy-free view of the next `count` bytes. */
  bytes(count: number): Uint8Array {
    const at = this.need(count);
    return this.file.bytes.subarray(at, at + count);
  }

  /** Checks and consumes a 4-character ASCII signature. */
  signature(expected: string): void {
    const at = this.pos;
    if (!this.file.hasSignature(at, expected))
      throw new Hdf5FormatError(`signature '${expected}' not found at byte ${at}`);
    this.pos = at + 4;
  }

  /** Advances to the next multiple of `alignment` relative to `origin`. */
  align(alignment: number, origin = 0): this {
    const rest = (this.pos - origin) % alignment;
    if (rest !== 0) this.skip(alignment - rest);
    return this;
  }
}
