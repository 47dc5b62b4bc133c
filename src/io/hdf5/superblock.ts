import { type Hdf5Bytes, UNDEFINED_ADDRESS } from "./byteCursor.js";
import { lookup3Checksum } from "./checksum.js";
import { formatCheck, Hdf5UnsupportedError, supportCheck } from "./errors.js";

/** The 8-byte signature that opens every HDF5 superblock. */
export const HDF5_SIGNATURE = Uint8Array.of(0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a);

/** What the reader needs from the superblock. Addresses are relative to `baseAddress`. */
export interface Superblock {
  readonly version: number;
  /** Byte position of the signature in the file (0, or 512, 1024, ... after a user block). */
  readonly position: number;
  readonly offsetSize: number;
  readonly lengthSize: number;
  readonly baseAddress: number;
  /** End-of-file address: the file must hold at least `baseAddress + endOfFileAddress` bytes. */
  readonly endOfFileAddress: number;
  readonly rootObjectHeaderAddress: number;
}

/**
 * Byte position of the HDF5 signature, searched where the format allows it (0, 512, 1024, 2048,
 * ...), or -1 when the bytes are not an HDF5 file.
 */
export function findSignature(bytes: Uint8Array): number {
  for (
    let position = 0;
    position + HDF5_SIGNATURE.length <= bytes.length;
    position = position ? position * 2 : 512
  ) {
    let match = true;
    for (let i = 0; i < HDF5_SIGNATURE.length; i++) {
      if (bytes[position + i] !== HDF5_SIGNATURE[i]) {
        match = false;
        break;
      }
    }
    if (match) return position;
  }
  return -1;
}

/**
 * Decodes the superblock at `position` (versions 0–3) and sets the file's address and length
 * sizes. Does not compare the end-of-file address with the file size: callers decide what a
 * truncated file means to them.
 */
export function readSuperblock(file: Hdf5Bytes, position: number): Superblock {
  const bytes = file.bytes;
  formatCheck(position + 16 <= bytes.length, "file too short for a superblock");
  const version = bytes[position + 8];
  if (!(version <= 3)) throw new Hdf5UnsupportedError(`superblock version ${version}`);
  const cursor = file.atPosition(position + 9);
  if (version >= 2) {
    const offsetSize = cursor.u8();
    const lengthSize = cursor.u8();
    setSizes(file, offsetSize, lengthSize);
    cursor.skip(1); // file consistency flags
    const fieldsEnd = cursor.pos + 4 * offsetSize;
    formatCheck(fieldsEnd + 4 <= bytes.length, "file too short for a version 2/3 superblock");
    const stored = file.view.getUint32(fieldsEnd, true);
    formatCheck(
      lookup3Checksum(bytes, position, fieldsEnd - position) === stored,
      "superblock checksum mismatch",
    );
    const baseAddress = cursor.address();
    cursor.address(); // superblock extension: only holds optional file-wide settings
    const endOfFileAddress = cursor.address();
    const rootObjectHeaderAddress = cursor.address();
    return finish(file, {
      version,
      position,
      offsetSize,
      lengthSize,
      baseAddress,
      endOfFileAddress,
      rootObjectHeaderAddress,
    });
  }
  cursor.skip(3); // free-space, root group symbol table entry and shared header versions
  const offsetSize = bytes[position + 13];
  const lengthSize = bytes[position + 14];
  setSizes(file, offsetSize, lengthSize);
  cursor.pos = position + 24 + (version === 1 ? 4 : 0); // leaf/internal K, flags (v1: istore K)
  const baseAddress = cursor.address();
  cursor.address(); // global free-space index: irrelevant to reading
  const endOfFileAddress = cursor.address();
  const driverInformation = cursor.address();
  supportCheck(driverInformation === UNDEFINED_ADDRESS, "file driver information block (multi/family file)");
  // Root group symbol table entry: link name offset, then the object header address.
  cursor.address();
  const rootObjectHeaderAddress = cursor.address();
  return finish(file, {
    version,
    position,
    offsetSize,
    lengthSize,
    baseAddress,
    endOfFileAddress,
    rootObjectHeaderAddress,
  });
}

function setSizes(file: Hdf5Bytes, offsetSize: number, lengthSize: number): void {
  if (!(offsetSize === 2 || offsetSize === 4 || offsetSize === 8))
    throw new Hdf5UnsupportedError(`address size ${offsetSize}`);
  if (!(lengthSize === 2 || lengthSize === 4 || lengthSize === 8))
    throw new Hdf5UnsupportedError(`length size ${lengthSize}`);
  file.offsetSize = offsetSize;
  file.lengthSize = lengthSize;
}

function finish(file: Hdf5Bytes, superblock: Superblock): Superblock {
  formatCheck(superblock.baseAddress !== UNDEFINED_ADDRESS, "undefined base address");
  formatCheck(superblock.endOfFileAddress !== UNDEFINED_ADDRESS, "undefined end-of-file address");
  formatCheck(superblock.rootObjectHeaderAddress !== UNDEFINED_ADDRESS, "undefined root group address");
  file.baseAddress = superblock.baseAddress;
  return superblock;
}
