import { describe, expect, it } from "vitest";
import { ThriftCompactWriter, ThriftType } from "../../../src/io/parquet/thriftCompact.js";

/** Bytes produced by `build` on a fresh writer, as a plain array for readable diffs. */
function bytesOf(build: (writer: ThriftCompactWriter) => void): number[] {
  const writer = new ThriftCompactWriter(16);
  build(writer);
  return [...writer.toUint8Array()];
}

const repeat = (byte: number, count: number): number[] => new Array(count).fill(byte);

describe("ThriftCompactWriter varints", () => {
  it("writes unsigned LEB128, low 7-bit group first", () => {
    expect(bytesOf((w) => w.writeVarint(0))).toEqual([0x00]);
    expect(bytesOf((w) => w.writeVarint(1))).toEqual([0x01]);
    expect(bytesOf((w) => w.writeVarint(127))).toEqual([0x7f]);
    expect(bytesOf((w) => w.writeVarint(128))).toEqual([0x80, 0x01]);
    // 300 = 0b10_0101100 → 0xAC (0x2C | continuation), 0x02
    expect(bytesOf((w) => w.writeVarint(300))).toEqual([0xac, 0x02]);
    expect(bytesOf((w) => w.writeVarint(0xffffffff))).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    // 2^32 = 2^28 · 16: four empty groups, then 16
    expect(bytesOf((w) => w.writeVarint(2 ** 32))).toEqual([0x80, 0x80, 0x80, 0x80, 0x10]);
    // 2^53 = 2^49 · 16: seven empty groups, then 16
    expect(bytesOf((w) => w.writeVarint(2 ** 53))).toEqual([...repeat(0x80, 7), 0x10]);
    expect(bytesOf((w) => w.writeVarintBig((1n << 64n) - 1n))).toEqual([...repeat(0xff, 9), 0x01]);
  });

  it("rejects what a varint cannot hold", () => {
    expect(() => bytesOf((w) => w.writeVarint(-1))).toThrow(RangeError);
    expect(() => bytesOf((w) => w.writeVarint(1.5))).toThrow(RangeError);
    expect(() => bytesOf((w) => w.writeVarintBig(1n << 64n))).toThrow(RangeError);
  });

  it("zigzag-folds i32 so that small magnitudes of either sign stay short", () => {
    expect(bytesOf((w) => w.writeI32(0))).toEqual([0x00]);
    expect(bytesOf((w) => w.writeI32(-1))).toEqual([0x01]);
    expect(bytesOf((w) => w.writeI32(1))).toEqual([0x02]);
    expect(bytesOf((w) => w.writeI32(-2))).toEqual([0x03]);
    expect(bytesOf((w) => w.writeI32(-64))).toEqual([0x7f]);
    expect(bytesOf((w) => w.writeI32(64))).toEqual([0x80, 0x01]);
    expect(bytesOf((w) => w.writeI32(2147483647))).toEqual([0xfe, 0xff, 0xff, 0xff, 0x0f]);
    expect(bytesOf((w) => w.writeI32(-2147483648))).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(() => bytesOf((w) => w.writeI32(2147483648))).toThrow(RangeError);
  });

  it("zigzag-folds i64 from numbers and bigints over the whole range", () => {
    expect(bytesOf((w) => w.writeI64(-1))).toEqual([0x01]);
    expect(bytesOf((w) => w.writeI64(-1n))).toEqual([0x01]);
    expect(bytesOf((w) => w.writeI64(150))).toEqual([0xac, 0x02]);
    // 2^52 → 2^53; -2^52 → 2^53 - 1 (53 one bits: seven full groups, then 0b1111)
    expect(bytesOf((w) => w.writeI64(2 ** 52))).toEqual([...repeat(0x80, 7), 0x10]);
    expect(bytesOf((w) => w.writeI64(-(2 ** 52)))).toEqual([...repeat(0xff, 7), 0x0f]);
    // 2^53 takes the bigint path: zigzag 2^54 = 2^49 · 32
    expect(bytesOf((w) => w.writeI64(2 ** 53))).toEqual([...repeat(0x80, 7), 0x20]);
    expect(bytesOf((w) => w.writeI64(-(2 ** 53)))).toEqual([...repeat(0xff, 7), 0x1f]);
    // 2^63 - 1 → 2^64 - 2; -2^63 → 2^64 - 1
    expect(bytesOf((w) => w.writeI64((1n << 63n) - 1n))).toEqual([0xfe, ...repeat(0xff, 8), 0x01]);
    expect(bytesOf((w) => w.writeI64(-(1n << 63n)))).toEqual([...repeat(0xff, 9), 0x01]);
    expect(() => bytesOf((w) => w.writeI64(1n << 63n))).toThrow(RangeError);
    expect(() => bytesOf((w) => w.writeI64(0.5))).toThrow(RangeError);
  });
});

describe("ThriftCompactWriter structs", () => {
  it("uses the one-byte delta header for ids 1..15 apart and the long form otherwise", () => {
    const bytes = bytesOf((w) => {
      w.beginStructElement();
      w.i32Field(1, 5); // (1 << 4) | I32, zigzag 10
      w.i64Field(3, -1); // delta 2: (2 << 4) | I64, zigzag 1
      w.boolField(20, true); // delta 17: type byte BOOLEAN_TRUE, zigzag i16 40
      w.stringField(21, "hi"); // delta 1: (1 << 4) | BINARY, length 2, 'h' 'i'
      w.boolField(5, false); // backwards: type byte BOOLEAN_FALSE, zigzag 10
      w.endStruct();
    });
    expect(bytes).toEqual([0x15, 0x0a, 0x26, 0x01, 0x01, 0x28, 0x18, 0x02, 0x68, 0x69, 0x02, 0x0a, 0x00]);
  });

  it("restarts field ids inside nested structs and resumes the outer sequence after them", () => {
    const bytes = bytesOf((w) => {
      w.beginStructElement();
      w.beginStruct(1); // 0x1C
      w.i32Field(15, 1); // delta 15 in the inner struct: 0xF5, zigzag 2
      w.beginStruct(16); // 0x1C
      w.endStruct(); // empty struct: 0x00
      w.endStruct(); // 0x00
      w.i32Field(16, 7); // outer delta 16 - 1 = 15: 0xF5, zigzag 14
      w.endStruct();
    });
    expect(bytes).toEqual([0x1c, 0xf5, 0x02, 0x1c, 0x00, 0x00, 0xf5, 0x0e, 0x00]);
  });

  it("writes list headers with the size in the high nibble below 15 and as a varint from 15", () => {
    expect(
      bytesOf((w) => {
        w.beginList(1, ThriftType.I32, 3);
        for (const v of [1, 2, 3]) w.writeI32(v);
      }),
    ).toEqual([0x19, 0x35, 0x02, 0x04, 0x06]);
    expect(bytesOf((w) => w.beginList(1, ThriftType.I64, 0))).toEqual([0x19, 0x06]);
    expect(bytesOf((w) => w.beginList(2, ThriftType.BINARY, 14))).toEqual([0x29, 0xe8]);
    expect(bytesOf((w) => w.beginList(2, ThriftType.BINARY, 15))).toEqual([0x29, 0xf8, 0x0f]);
    expect(bytesOf((w) => w.beginList(2, ThriftType.STRUCT, 300))).toEqual([0x29, 0xfc, 0xac, 0x02]);
  });

  it("writes lists of structs whose elements have no field header", () => {
    const bytes = bytesOf((w) => {
      w.beginStructElement();
      w.beginList(2, ThriftType.STRUCT, 2); // 0x29, 0x2C
      for (const key of ["a", "b"]) {
        w.beginStructElement();
        w.stringField(1, key); // 0x18, 0x01, key
        w.endStruct();
      }
      w.i64Field(3, 1); // after the list: delta 1 from field 2
      w.endStruct();
    });
    expect(bytes).toEqual([0x29, 0x2c, 0x18, 0x01, 0x61, 0x00, 0x18, 0x01, 0x62, 0x00, 0x16, 0x02, 0x00]);
  });

  it("writes binary, UTF-8 strings and little-endian doubles", () => {
    expect(bytesOf((w) => w.binaryField(1, new Uint8Array([0, 255])))).toEqual([0x18, 0x02, 0x00, 0xff]);
    expect(bytesOf((w) => w.writeString("é"))).toEqual([0x02, 0xc3, 0xa9]);
    expect(bytesOf((w) => w.writeString(""))).toEqual([0x00]);
    expect(bytesOf((w) => w.doubleField(1, 1))).toEqual([0x17, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
    const long = bytesOf((w) => w.writeBinary(new Uint8Array(200).fill(7)));
    expect(long.slice(0, 2)).toEqual([0xc8, 0x01]);
    expect(long.length).toBe(202);
  });

  it("grows past its initial capacity and can be reset for reuse", () => {
    const writer = new ThriftCompactWriter(16);
    for (let i = 0; i < 1000; i++) writer.writeVarint(300);
    expect(writer.length).toBe(2000);
    expect(writer.bytes()[1998]).toBe(0xac);
    writer.reset();
    writer.i32Field(1, 0);
    expect([...writer.bytes()]).toEqual([0x15, 0x00]);
  });

  it("rejects unbalanced structs and invalid field ids", () => {
    expect(() => bytesOf((w) => w.endStruct())).toThrow();
    expect(() => bytesOf((w) => w.i32Field(0, 1))).toThrow(RangeError);
    expect(() => bytesOf((w) => w.i32Field(40000, 1))).toThrow(RangeError);
  });
});
