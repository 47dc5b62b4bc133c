import { describe, expect, it } from "vitest";
import { BufferByteSource, OutOfRangeError } from "../../../src/io/cif/byteSource.js";
import {
  readFloats,
  readInteger,
  readIntegers,
  readText,
  readTiffDirectory,
  readTiffHeader,
  TiffFormatError,
} from "../../../src/io/cif/tiffStructure.js";
import { type Field, TiffWriter } from "./syntheticCif.js";

function oneDirectory(fields: Field[], littleEndian = true, bigTiff = false) {
  const writer = new TiffWriter(littleEndian, bigTiff);
  writer.directory(fields);
  const source = new BufferByteSource(writer.finish());
  const header = readTiffHeader(source);
  return { source, header, directory: readTiffDirectory(source, header, header.firstDirectoryOffset) };
}

describe("TIFF headers", () => {
  it("reads byte order and version, classic and BigTIFF", () => {
    for (const littleEndian of [true, false]) {
      for (const bigTiff of [false, true]) {
        const { header, directory } = oneDirectory(
          [{ tag: 256, type: 3, values: [7] }],
          littleEndian,
          bigTiff,
        );
        expect(header.littleEndian).toBe(littleEndian);
        expect(header.bigTiff).toBe(bigTiff);
        expect(header.firstDirectoryOffset).toBe(bigTiff ? 16 : 8);
        expect(directory.nextOffset).toBe(0);
      }
    }
  });

  it("rejects what is not a TIFF", () => {
    const header = (bytes: number[]) => readTiffHeader(new BufferByteSource(Uint8Array.from(bytes)));
    expect(() => header([0x49, 0x49])).toThrow(/not a TIFF file \(2 bytes\)/);
    expect(() => header([0x50, 0x4b, 3, 4, 0, 0, 0, 0])).toThrow(/no II\/MM byte-order mark/);
    expect(() => header([0x49, 0x49, 44, 0, 8, 0, 0, 0])).toThrow(/version 44/);
    expect(() => header([0x49, 0x49, 43, 0, 4, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0])).toThrow(
      /BigTIFF with 4-byte offsets/,
    );
    expect(() => header([0x4d, 0x4d, 0, 42, 0, 0, 0, 8])).not.toThrow();
  });
});

describe("TIFF directories", () => {
  it("reads integer, float and text values stored inline or elsewhere, in both byte orders", () => {
    for (const littleEndian of [true, false]) {
      const { source, header, directory } = oneDirectory(
        [
          { tag: 256, type: 3, values: [276] },
          { tag: 280, type: 4, values: [1, 2, 3] },
          { tag: 300, type: 8, values: [-5, 6] },
          { tag: 301, type: 9, values: [-70000] },
          { tag: 302, type: 1, values: [1, 2, 250] },
          { tag: 303, type: 16, values: [2 ** 40 + 3] },
          { tag: 33052, type: 12, values: [30.25, 41.5] },
          { tag: 33053, type: 11, values: [0.5] },
          { tag: 33006, type: 2, values: "IS100 – Lab" },
        ],
        littleEndian,
      );
      expect(readIntegers(source, header, directory, 256)).toEqual([276]);
      expect(readIntegers(source, header, directory, 280)).toEqual([1, 2, 3]);
      expect(readIntegers(source, header, directory, 300)).toEqual([-5, 6]);
      expect(readInteger(source, header, directory, 301)).toBe(-70000);
      expect(readIntegers(source, header, directory, 302)).toEqual([1, 2, 250]);
      expect(readInteger(source, header, directory, 303)).toBe(2 ** 40 + 3);
      expect([...readFloats(source, header, directory, 33052)!]).toEqual([30.25, 41.5]);
      expect([...readFloats(source, header, directory, 33053)!]).toEqual([0.5]);
      expect([...readFloats(source, header, directory, 256)!]).toEqual([276]);
      expect(readText(source, directory, 33006)).toBe("IS100 – Lab");
      expect(readInteger(source, header, directory, 999)).toBeNull();
      expect(readText(source, directory, 999)).toBeNull();
      expect(() => readIntegers(source, header, directory, 33052)).toThrow(TiffFormatError);
      expect(() => readText(source, directory, 256)).toThrow(/expected text/);
    }
  });

  it("falls back to Latin-1 for text that is not UTF-8", () => {
    const writer = new TiffWriter(true, false);
    writer.directory([{ tag: 33005, type: 1, values: [0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0] }]);
    const source = new BufferByteSource(writer.finish());
    const header = readTiffHeader(source);
    expect(readText(source, readTiffDirectory(source, header, 8), 33005)).toBe("Müller");
  });

  it("reports directories and values beyond the end of the file", () => {
    const writer = new TiffWriter(true, false);
    writer.directory([{ tag: 33027, type: 2, values: "x".repeat(100) }]);
    const bytes = writer.finish();
    const cut = new BufferByteSource(bytes.subarray(0, 30));
    const header = readTiffHeader(cut);
    const directory = readTiffDirectory(cut, header, 8);
    expect(() => readText(cut, directory, 33027)).toThrow(OutOfRangeError);
    expect(() => readTiffDirectory(cut, header, 29)).toThrow(/needs bytes 29–30 but the file has 30 bytes/);
    const empty = new Uint8Array(bytes);
    empty[8] = 0;
    expect(() => readTiffDirectory(new BufferByteSource(empty), header, 8)).toThrow(/claims 0 entries/);
  });
});
