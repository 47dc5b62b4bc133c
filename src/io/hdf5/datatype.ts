import type { ByteCursor } from "./byteCursor.js";
import { formatCheck, Hdf5FormatError, Hdf5UnsupportedError } from "./errors.js";

/** How a fixed-length string fills the bytes after its text. */
export type StringPadding = "null-terminated" | "null-padded" | "space-padded";
/** Character set of an HDF5 string. */
export type StringCharset = "ascii" | "utf-8";

/** Two's-complement or unsigned integer of `size` bytes (HDF5 class 0). */
export interface IntegerType {
  readonly kind: "integer";
  readonly size: number;
  readonly littleEndian: boolean;
  readonly signed: boolean;
  /** First bit of the value inside the element; 0 for every ordinary integer. */
  readonly bitOffset: number;
  /** Number of significant bits; `8 * size` for every ordinary integer. */
  readonly precision: number;
}

/** Floating-point number of `size` bytes (HDF5 class 1). */
export interface FloatType {
  readonly kind: "float";
  readonly size: number;
  readonly littleEndian: boolean;
  /** True when the bit layout is IEEE 754 binary16/32/64 (sign, exponent, mantissa, bias). */
  readonly ieee: boolean;
}

/** Enumeration over an integer base type (HDF5 class 8); h5py stores bool this way. */
export interface EnumType {
  readonly kind: "enum";
  readonly size: number;
  readonly base: Datatype;
  readonly memberCount: number;
}

/** Fixed-length string of `size` bytes (HDF5 class 3). */
export interface FixedStringType {
  readonly kind: "string";
  readonly size: number;
  readonly padding: StringPadding;
  readonly charset: StringCharset;
}

/** Variable-length string whose bytes live in the global heap (HDF5 class 9, type 1). */
export interface VariableStringType {
  readonly kind: "vlen-string";
  readonly size: number;
  readonly padding: StringPadding;
  readonly charset: StringCharset;
}

/** Any other class (compound, array, opaque, reference, ...): described, never decoded. */
export interface OtherType {
  readonly kind: "other";
  readonly size: number;
  readonly hdf5Class: number;
  readonly description: string;
}

/** A decoded HDF5 datatype message. */
export type Datatype = IntegerType | FloatType | EnumType | FixedStringType | VariableStringType | OtherType;

const PADDINGS: StringPadding[] = ["null-terminated", "null-padded", "space-padded"];
const CLASS_NAMES = [
  "integer",
  "float",
  "time",
  "string",
  "bitfield",
  "opaque",
  "compound",
  "reference",
  "enum",
  "variable-length",
  "array",
];

/** IEEE 754 layouts by byte size: [exponent location, exponent size, mantissa size, bias]. */
const IEEE_LAYOUTS: Record<number, [number, number, number, number]> = {
  2: [10, 5, 10, 15],
  4: [23, 8, 23, 127],
  8: [52, 11, 52, 1023],
};

/**
 * Decodes a datatype message at the cursor and leaves the cursor after it (properties included),
 * so that nested types (enum and vlen bases) can be read in place. `end` bounds the message.
 */
export function readDatatype(cursor: ByteCursor, end: number): Datatype {
  const start = cursor.pos;
  formatCheck(start + 8 <= end, "datatype message shorter than 8 bytes");
  const classAndVersion = cursor.u8();
  const hdf5Class = classAndVersion & 0x0f;
  const version = classAndVersion >> 4;
  if (!(version >= 1 && version <= 5))
    throw new Hdf5FormatError(`datatype version ${version} is not defined`);
  const bits0 = cursor.u8();
  const bits1 = cursor.u8();
  cursor.skip(1); // the third bit-field byte matters to none of the classes decoded here
  const size = cursor.u32();
  switch (hdf5Class) {
    case 0: {
      const bitOffset = cursor.u16();
      const precision = cursor.u16();
      return {
        kind: "integer",
        size,
        littleEndian: (bits0 & 1) === 0,
        signed: (bits0 & 0x08) !== 0,
        bitOffset,
        precision,
      };
    }
    case 1: {
      const bitOffset = cursor.u16();
      const precision = cursor.u16();
      const exponentLocation = cursor.u8();
      const exponentSize = cursor.u8();
      const mantissaLocation = cursor.u8();
      const mantissaSize = cursor.u8();
      const exponentBias = cursor.u32();
      const byteOrder = (bits0 & 1) | ((bits0 >> 5) & 2); // bit 6 set means VAX order
      const layout = IEEE_LAYOUTS[size];
      const ieee =
        layout !== undefined &&
        byteOrder < 2 &&
        bitOffset === 0 &&
        precision === size * 8 &&
        ((bits0 >> 4) & 3) === 2 &&
        bits1 === size * 8 - 1 &&
        exponentLocation === layout[0] &&
        exponentSize === layout[1] &&
        mantissaLocation === 0 &&
        mantissaSize === layout[2] &&
        exponentBias === layout[3];
      return { kind: "float", size, littleEndian: byteOrder === 0, ieee };
    }
    case 3:
      return {
        kind: "string",
        size,
        padding: PADDINGS[bits0 & 0x0f] ?? "null-terminated",
        charset: bits0 >> 4 === 1 ? "utf-8" : "ascii",
      };
    case 8: {
      const memberCount = bits0 | (bits1 << 8);
      const base = readDatatype(cursor, end);
      skipEnumMembers(cursor, end, memberCount, version, base.size);
      return { kind: "enum", size, base, memberCount };
    }
    case 9: {
      const base = readDatatype(cursor, end);
      if ((bits0 & 0x0f) === 1) {
        return {
          kind: "vlen-string",
          size,
          padding: PADDINGS[bits0 >> 4] ?? "null-terminated",
          charset: (bits1 & 0x0f) === 1 ? "utf-8" : "ascii",
        };
      }
      return {
        kind: "other",
        size,
        hdf5Class,
        description: `variable-length sequence of ${describeDatatype(base)}`,
      };
    }
    case 6: {
      const members = bits0 | (bits1 << 8);
      return {
        kind: "other",
        size,
        hdf5Class,
        description: `compound of ${members} member(s), ${size} bytes`,
      };
    }
    default: {
      const name = CLASS_NAMES[hdf5Class];
      if (!(name !== undefined)) throw new Hdf5UnsupportedError(`datatype class ${hdf5Class} is not defined`);
      return { kind: "other", size, hdf5Class, description: `${name}, ${size} bytes` };
    }
  }
}

function skipEnumMembers(
  cursor: ByteCursor,
  end: number,
  count: number,
  version: number,
  valueSize: number,
): void {
  const bytes = cursor.file.bytes;
  for (let i = 0; i < count; i++) {
    const nameStart = cursor.pos;
    let at = nameStart;
    while (at < end && bytes[at] !== 0) at++;
    formatCheck(at < end, "enum member name runs past its datatype message");
    // Versions 1 and 2 pad each NUL-terminated name to a multiple of eight bytes.
    const nameBytes = at - nameStart + 1;
    cursor.pos = version >= 3 ? nameStart + nameBytes : nameStart + Math.ceil(nameBytes / 8) * 8;
  }
  cursor.skip(count * valueSize);
}

/** A short human-readable name of a datatype in numpy notation where one exists (e.g. "<u2"). */
export function describeDatatype(type: Datatype): string {
  switch (type.kind) {
    case "integer":
    case "float": {
      const order = type.size === 1 ? "|" : type.littleEndian ? "<" : ">";
      const letter = type.kind === "float" ? "f" : type.signed ? "i" : "u";
      return `${order}${letter}${type.size}`;
    }
    case "enum":
      return `enum over ${describeDatatype(type.base)} (${type.memberCount} members)`;
    case "string":
      return `fixed-length ${type.charset === "utf-8" ? "UTF-8" : "ASCII"} string of ${type.size} bytes (|S${type.size})`;
    case "vlen-string":
      return `variable-length ${type.charset === "utf-8" ? "UTF-8" : "ASCII"} string`;
    case "other":
      return type.description;
  }
}

/** True for integers, floats and enums over integers: the types a pixel or mask may have. */
export function isNumeric(type: Datatype): boolean {
  return (
    type.kind === "integer" || type.kind === "float" || (type.kind === "enum" && type.base.kind === "integer")
  );
}
