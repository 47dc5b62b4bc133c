/** The real example .cif, its golden values, and a minimal independent directory walker for damaging copies. */
import { readFileSync } from "node:fs";
import { FIXTURES } from "../../helpers/fixtures.js";

/** A real 40× ImageStream file with 111 objects (see ../shared/fixtures/cif/SOURCE.md). */
export const EXAMPLE_CIF = `${FIXTURES}cif/example.cif`;

/** Per-object golden values written by test/io/cif/reference/cifReference.py. */
export interface ReferenceObject {
  objectNumber: number;
  tagImageWidth: number;
  tagImageLength: number;
  tagMaskWidth: number;
  tagMaskLength: number;
  tagBackgroundMean: number[];
  sums: number[];
  weightedSums: number[];
  minimum: number;
  maximum: number;
  borderMeans: number[];
  maskAreas: number[];
  maskCodes: number[];
}

/** The golden file of test/io/cif/reference/cifReference.py. */
export interface CifReference {
  fileSize: number;
  declaredObjectCount: number;
  instrument: string;
  channels: number;
  channelNames: string[];
  magnification: number;
  objects: ReferenceObject[];
}

/** Reads the golden values of example.cif. */
export function loadCifReference(): CifReference {
  return JSON.parse(readFileSync(new URL("./reference/cifReference.json", import.meta.url), "utf8"));
}

/** A directory of a little-endian classic TIFF: where it is and where each entry's value field is. */
export interface RawDirectory {
  offset: number;
  /** Byte position of each tag's 4-byte value field. */
  valueField: Map<number, number>;
  /** Byte position of the 4-byte next-directory pointer. */
  nextPointer: number;
  /** Inline first value of each SHORT/LONG tag. */
  value: Map<number, number>;
}

/** Walks the directories of a little-endian classic TIFF (enough for example.cif). */
export function rawDirectories(bytes: Uint8Array): RawDirectory[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: RawDirectory[] = [];
  let offset = view.getUint32(4, true);
  while (offset !== 0) {
    const count = view.getUint16(offset, true);
    const valueField = new Map<number, number>();
    const value = new Map<number, number>();
    for (let i = 0; i < count; i++) {
      const at = offset + 2 + 12 * i;
      const tag = view.getUint16(at, true);
      const type = view.getUint16(at + 2, true);
      valueField.set(tag, at + 8);
      if (type === 3) value.set(tag, view.getUint16(at + 8, true));
      if (type === 4) value.set(tag, view.getUint32(at + 8, true));
    }
    const nextPointer = offset + 2 + 12 * count;
    out.push({ offset, valueField, nextPointer, value });
    offset = view.getUint32(nextPointer, true);
  }
  return out;
}

/** Image and mask directories of object `k` (0-based; example.cif stores them in pairs after the first). */
export function objectDirectories(directories: RawDirectory[], k: number): [RawDirectory, RawDirectory] {
  return [directories[1 + 2 * k], directories[2 + 2 * k]];
}
