/**
 * Encoder for the Apache Thrift compact protocol, the serialisation of every Parquet page header and
 * of the file footer. Only the encoding side and only the wire types Parquet metadata uses.
 *
 * Wire rules (Thrift compact protocol specification):
 * - i16/i32/i64 are zigzag-folded, then written as unsigned LEB128 varints (7 bits a byte, low first).
 * - A field header is one byte `(delta << 4) | type` when the field id exceeds the previous field id of
 *   the same struct by 1..15; otherwise the type byte followed by the zigzag varint of the id.
 * - Booleans in fields carry their value in the type nibble (1 true, 2 false) and have no payload.
 * - binary/string: varint byte length, then the bytes (strings as UTF-8).
 * - A list header is `(size << 4) | elementType` for sizes below 15, else `0xF0 | elementType` and a
 *   varint size; list elements have no field headers.
 * - Every struct ends with a stop byte 0; field ids restart at 0 inside a nested struct.
 */

/** Compact-protocol wire type codes (the low nibble of a field header or list header). */
export const ThriftType = {
  BOOLEAN_TRUE: 1,
  BOOLEAN_FALSE: 2,
  BYTE: 3,
  I16: 4,
  I32: 5,
  I64: 6,
  DOUBLE: 7,
  BINARY: 8,
  LIST: 9,
  SET: 10,
  MAP: 11,
  STRUCT: 12,
} as const;

/** A compact-protocol element type usable in a list header. */
export type ThriftElementType = (typeof ThriftType)[keyof typeof ThriftType];

const TWO_POW_32 = 4294967296;
/** Above this magnitude `2 * |v| + 1` is no longer exact in a double, so i64 falls back to bigint. */
const EXACT_ZIGZAG_LIMIT = 2 ** 52;
const UINT64_MASK = (1n << 64n) - 1n;
const utf8 = new TextEncoder();

/**
 * Growable byte buffer that writes Thrift compact-protocol structs. Field-id deltas are tracked per
 * nesting level; call `beginStruct`/`beginStructElement` and `endStruct` in pairs.
 */
export class ThriftCompactWriter {
  private buffer: Uint8Array;
  private view: DataView;
  private used = 0;
  private lastFieldId = 0;
  private readonly fieldIdStack: number[] = [];

  constructor(initialCapacity = 256) {
    this.buffer = new Uint8Array(Math.max(16, initialCapacity));
    this.view = new DataView(this.buffer.buffer);
  }

  /** Number of bytes written so far. */
  get length(): number {
    return this.used;
  }

  /** Forgets all bytes and nesting state so the buffer can be reused without reallocating. */
  reset(): void {
    this.used = 0;
    this.lastFieldId = 0;
    this.fieldIdStack.length = 0;
  }

  /** A view of the bytes written so far; valid until the next write or reset (copy to keep it). */
  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.used);
  }

  /**
   * A copy of the bytes written since the last take (or reset), then forgets them but keeps the nesting
   * state: a long struct can be emitted in pieces with raw bytes written elsewhere in between.
   */
  takeBytes(): Uint8Array {
    const taken = this.buffer.slice(0, this.used);
    this.used = 0;
    return taken;
  }

  /** A copy of the bytes written so far. */
  toUint8Array(): Uint8Array {
    return this.buffer.slice(0, this.used);
  }

  private ensure(extra: number): void {
    const needed = this.used + extra;
    if (needed <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buffer.subarray(0, this.used));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }

  /** Appends one raw byte (0..255). */
  writeByte(value: number): void {
    this.ensure(1);
    this.buffer[this.used++] = value & 0xff;
  }

  /** Appends raw bytes without a length prefix. */
  writeRaw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }

  /** Unsigned LEB128 varint of a non-negative integer up to 2^53 (throws otherwise). */
  writeVarint(value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > Number.MAX_SAFE_INTEGER + 1) {
      throw new RangeError(`varint needs a non-negative safe integer, got ${value}`);
    }
    this.ensure(10);
    const out = this.buffer;
    let at = this.used;
    // Bit operations only hold 32 bits: peel 7-bit groups arithmetically above that.
    while (value >= TWO_POW_32) {
      out[at++] = (value % 128) | 0x80;
      value = Math.floor(value / 128);
    }
    while (value >= 0x80) {
      out[at++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    out[at++] = value;
    this.used = at;
  }

  /** Unsigned LEB128 varint of a bigint in [0, 2^64). */
  writeVarintBig(value: bigint): void {
    if (value < 0n || value > UINT64_MASK) throw new RangeError(`varint out of 64-bit range: ${value}`);
    this.ensure(10);
    while (value >= 0x80n) {
      this.buffer[this.used++] = Number(value & 0x7fn) | 0x80;
      value >>= 7n;
    }
    this.buffer[this.used++] = Number(value);
  }

  /** Zigzag varint of a 32-bit signed integer (i16 and i32 on the wire); throws outside int32. */
  writeI32(value: number): void {
    if (!Number.isInteger(value) || value < -2147483648 || value > 2147483647) {
      throw new RangeError(`i32 out of range: ${value}`);
    }
    this.writeVarint(((value << 1) ^ (value >> 31)) >>> 0);
  }

  /** Zigzag varint of a 64-bit signed integer given as a safe-integer number or a bigint. */
  writeI64(value: number | bigint): void {
    if (typeof value === "number") {
      if (!Number.isInteger(value)) throw new RangeError(`i64 must be an integer, got ${value}`);
      if (Math.abs(value) <= EXACT_ZIGZAG_LIMIT) {
        this.writeVarint(value >= 0 ? value * 2 : -value * 2 - 1);
        return;
      }
      value = BigInt(value);
    }
    if (value < -(1n << 63n) || value >= 1n << 63n) throw new RangeError(`i64 out of range: ${value}`);
    this.writeVarintBig(((value << 1n) ^ (value >> 63n)) & UINT64_MASK);
  }

  /** IEEE-754 double, 8 bytes little-endian (the compact protocol's byte order for doubles). */
  writeDouble(value: number): void {
    this.ensure(8);
    this.view.setFloat64(this.used, value, true);
    this.used += 8;
  }

  /** Varint length followed by the bytes. */
  writeBinary(bytes: Uint8Array): void {
    this.writeVarint(bytes.length);
    this.writeRaw(bytes);
  }

  /** A string as UTF-8 binary (lone surrogates become U+FFFD, as TextEncoder does). */
  writeString(text: string): void {
    this.writeBinary(utf8.encode(text));
  }

  /** Field header: the short delta form when possible, else type byte + zigzag i16 field id. */
  writeFieldHeader(fieldId: number, type: number): void {
    if (!Number.isInteger(fieldId) || fieldId < 1 || fieldId > 32767) {
      throw new RangeError(`field id out of range: ${fieldId}`);
    }
    const delta = fieldId - this.lastFieldId;
    if (delta > 0 && delta <= 15) {
      this.writeByte((delta << 4) | type);
    } else {
      this.writeByte(type);
      this.writeI32(fieldId);
    }
    this.lastFieldId = fieldId;
  }

  /** An i32 field (also used for Thrift enums). */
  i32Field(fieldId: number, value: number): void {
    this.writeFieldHeader(fieldId, ThriftType.I32);
    this.writeI32(value);
  }

  /** An i64 field. */
  i64Field(fieldId: number, value: number | bigint): void {
    this.writeFieldHeader(fieldId, ThriftType.I64);
    this.writeI64(value);
  }

  /** A bool field: the value lives in the header's type nibble. */
  boolField(fieldId: number, value: boolean): void {
    this.writeFieldHeader(fieldId, value ? ThriftType.BOOLEAN_TRUE : ThriftType.BOOLEAN_FALSE);
  }

  /** A double field. */
  doubleField(fieldId: number, value: number): void {
    this.writeFieldHeader(fieldId, ThriftType.DOUBLE);
    this.writeDouble(value);
  }

  /** A binary field. */
  binaryField(fieldId: number, bytes: Uint8Array): void {
    this.writeFieldHeader(fieldId, ThriftType.BINARY);
    this.writeBinary(bytes);
  }

  /** A string field (UTF-8 binary on the wire). */
  stringField(fieldId: number, text: string): void {
    this.writeFieldHeader(fieldId, ThriftType.BINARY);
    this.writeString(text);
  }

  /** Opens a struct-valued field; its own fields follow, then `endStruct()`. */
  beginStruct(fieldId: number): void {
    this.writeFieldHeader(fieldId, ThriftType.STRUCT);
    this.beginStructElement();
  }

  /** Opens a struct without a field header: a top-level struct or an element of a struct list. */
  beginStructElement(): void {
    this.fieldIdStack.push(this.lastFieldId);
    this.lastFieldId = 0;
  }

  /** Writes the stop byte and returns to the enclosing struct's field-id sequence. */
  endStruct(): void {
    this.writeByte(0);
    const outer = this.fieldIdStack.pop();
    if (outer === undefined) throw new Error("endStruct without a matching beginStruct");
    this.lastFieldId = outer;
  }

  /** Opens a list-valued field of `size` elements of `elementType`; the elements follow directly. */
  beginList(fieldId: number, elementType: ThriftElementType, size: number): void {
    this.writeFieldHeader(fieldId, ThriftType.LIST);
    this.writeListHeader(elementType, size);
  }

  /** List header without a field header (for lists nested in lists). */
  writeListHeader(elementType: ThriftElementType, size: number): void {
    if (size < 15) {
      this.writeByte((size << 4) | elementType);
    } else {
      this.writeByte(0xf0 | elementType);
      this.writeVarint(size);
    }
  }
}
