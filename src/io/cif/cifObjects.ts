import { setImmediate as nextTurn } from "node:timers/promises";
import type { CellImage } from "../../image/cellImage.js";
import { CellReadError, type CellReadErrorKind } from "../cellReadError.js";
import {
  AMNIS_BITMASK,
  AMNIS_GREYSCALE,
  AmnisDecodeError,
  decodeAmnisBitmask,
  decodeAmnisGreyscale,
  minimumCompressedBytes,
} from "./amnisCompression.js";
import { AmnisTag, DirectoryKind, TiffTag } from "./amnisTags.js";
import { BufferByteSource, type ByteSource, FileByteSource, OutOfRangeError } from "./byteSource.js";
import { type CifMetadata, readCifMetadata } from "./cifMetadata.js";
import {
  readFloats,
  readInteger,
  readIntegers,
  readTiffDirectory,
  readTiffHeader,
  type TiffDirectory,
  TiffFormatError,
  type TiffHeader,
} from "./tiffStructure.js";

/** One object (cell event) of a .cif/.rif file, decoded. */
export interface CifObject extends CellImage {
  readonly kind: "object";
  /** The object number the instrument gave (tag 33003; the position in the file when absent). */
  readonly objectNumber: number;
  /** 0-based position of the object in the file. */
  readonly index: number;
  /** C row-major planes of exact integer pixel values (12-bit data in 16-bit containers). */
  readonly image: Float64Array[];
  /**
   * C row-major 0/1 planes (every nonzero mask code is 1: IDEAS marks edge-clipped object pixels
   * 2 or 3), or `null` when the file stores no mask for the object (.rif files).
   */
  readonly mask: Uint8Array[] | null;
  /** Background mean per channel as the instrument computed it (tag 33052), or `null`. */
  readonly backgroundMean: Float64Array | null;
  /** Background standard deviation per channel (tag 33053), or `null`. */
  readonly backgroundStd: Float64Array | null;
  /** The file's metadata (the same object for every object of a file). */
  readonly metadata: CifMetadata;
}

/** An object that could not be read: errors are data, the stream goes on where it can. */
export interface CifObjectError {
  readonly kind: "error";
  /** The path the file was opened with. */
  readonly file: string;
  /** The damaged object's number when its directory could be read, otherwise `null`. */
  readonly objectNumber: number | null;
  /** Number of the last object read before the damage (`null` when there was none). */
  readonly previousObjectNumber: number | null;
  /** Category of the problem, as CellReadError's kinds. */
  readonly errorKind: CellReadErrorKind;
  /** What went wrong, starting with the object it concerns ("object 17: …"). */
  readonly reason: string;
}

/** What the object stream yields. */
export type CifRecord = CifObject | CifObjectError;

/** Where an object's directories are: enough to decode it later without walking the file again. */
export interface CifObjectLocation {
  readonly objectNumber: number;
  readonly index: number;
  readonly imageDirectoryOffset: number;
  /** `null` when no mask directory follows the image directory. */
  readonly maskDirectoryOffset: number | null;
}

/** A located object with its parsed directories (internal to the stream). */
interface LocatedObject extends CifObjectLocation {
  readonly imageDirectory: TiffDirectory;
  readonly maskDirectory: TiffDirectory | null;
}

/** Options of CifReader.open. */
export interface CifOpenOptions {
  /** Read-ahead window in bytes (default 64 KiB; a few KiB suit walks that skip the pixels). */
  readonly windowSize?: number;
}

/** A pixel buffer larger than this (width × height of one directory) is treated as corruption. */
const MAX_DIRECTORY_PIXELS = 1 << 26;

/**
 * An open .cif/.rif file (an Amnis TIFF: a file-information directory, then an image directory
 * and a mask directory per object, channels tiled side by side). Reads on demand through a
 * window, so files of any size stream in constant memory. Synchronous, for worker threads and
 * hot loops; see readCif for the async stream. Close it when done.
 */
export class CifReader {
  readonly metadata: CifMetadata;
  private readonly firstObjectOffset: number;
  private imageScratch = new Int32Array(0);
  private maskScratch = new Uint8Array(0);

  private constructor(
    private readonly source: ByteSource,
    private readonly header: TiffHeader,
    readonly file: string,
  ) {
    const first = readTiffDirectory(source, header, header.firstDirectoryOffset);
    this.metadata = readCifMetadata(source, header, first, file);
    const kind = readInteger(source, header, first, AmnisTag.directoryKind);
    const compression = readInteger(source, header, first, TiffTag.compression);
    const holdsObject =
      kind === DirectoryKind.image ||
      kind === DirectoryKind.mask ||
      (kind === null && (compression === AMNIS_GREYSCALE || compression === AMNIS_BITMASK));
    this.firstObjectOffset = holdsObject ? first.offset : first.nextOffset;
  }

  /**
   * Opens a .cif/.rif file and reads its metadata. Throws CellReadError naming the file when it is
   * missing ("not-found"), truncated before its first directory ends ("truncated"), or not an
   * Amnis TIFF ("unreadable").
   */
  static open(path: string, options: CifOpenOptions = {}): CifReader {
    let source: FileByteSource;
    try {
      source = new FileByteSource(path, options.windowSize);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") throw new CellReadError(path, "not-found", "file not found");
      if (code === "EISDIR") throw new CellReadError(path, "not-found", "is a directory, not a file");
      throw new CellReadError(path, "unreadable", `cannot read file (${(error as Error).message})`);
    }
    return CifReader.fromSource(source, path);
  }

  /** A reader over bytes in memory; `name` names the file in errors. Throws as `open`. */
  static fromBytes(bytes: Uint8Array, name: string): CifReader {
    return CifReader.fromSource(new BufferByteSource(bytes), name);
  }

  private static fromSource(source: ByteSource, file: string): CifReader {
    try {
      return new CifReader(source, readTiffHeader(source), file);
    } catch (error) {
      source.close();
      if (error instanceof OutOfRangeError) {
        throw new CellReadError(
          file,
          "truncated",
          `truncated .cif file: the file information ${error.message}`,
        );
      }
      const detail = error instanceof Error ? error.message : String(error);
      throw new CellReadError(file, "unreadable", `not a readable .cif file: ${detail}`);
    }
  }

  /** Releases the file. */
  close(): void {
    this.source.close();
  }

  /**
   * Every object in file order, decoded, with an error record in place of each object that cannot
   * be read. A decoding error skips only that object; damage to the directory chain (truncation,
   * a corrupt offset, a loop) ends the stream after one error record. Never throws for file
   * content.
   */
  *records(): Generator<CifRecord> {
    let truncated = false;
    for (const located of this.walk()) {
      if (located.kind === "error") {
        // Right after an object cut by the end of the file, the chain's failure to go on says nothing new.
        if (!(truncated && located.errorKind === "truncated")) yield located;
        return;
      }
      const record = this.decodeLocated(located.object, located.previousObjectNumber);
      truncated = record.kind === "error" && record.errorKind === "truncated";
      yield record;
    }
  }

  /**
   * Where every object is, from the directories alone (no pixel is read), with an error record
   * last when the directory chain is damaged.
   */
  *locations(): Generator<CifObjectLocation | CifObjectError> {
    for (const located of this.walk()) {
      if (located.kind === "error") {
        yield located;
        return;
      }
      const { objectNumber, index, imageDirectoryOffset, maskDirectoryOffset } = located.object;
      yield { objectNumber, index, imageDirectoryOffset, maskDirectoryOffset };
    }
  }

  /** Decodes the object at `location` (from `locations()`): the object or its error record. */
  readAt(location: CifObjectLocation): CifRecord {
    let located: LocatedObject;
    try {
      const imageDirectory = readTiffDirectory(this.source, this.header, location.imageDirectoryOffset);
      const maskDirectory =
        location.maskDirectoryOffset === null
          ? null
          : readTiffDirectory(this.source, this.header, location.maskDirectoryOffset);
      located = { ...location, imageDirectory, maskDirectory };
    } catch (error) {
      return this.errorRecord(error, location.objectNumber, null);
    }
    return this.decodeLocated(located, null);
  }

  /** Walks the directory chain, pairing each image directory with the mask directory after it. */
  private *walk(): Generator<
    { kind: "object"; object: LocatedObject; previousObjectNumber: number | null } | CifObjectError
  > {
    const visited = new Set<number>();
    let offset = this.firstObjectOffset;
    let index = 0;
    let previous: number | null = null;
    let pending: { directory: TiffDirectory; objectNumber: number } | null = null;
    const emit = (maskDirectory: TiffDirectory | null) => {
      const { directory, objectNumber } = pending!;
      const object: LocatedObject = {
        objectNumber,
        index,
        imageDirectoryOffset: directory.offset,
        maskDirectoryOffset: maskDirectory?.offset ?? null,
        imageDirectory: directory,
        maskDirectory,
      };
      const result = { kind: "object" as const, object, previousObjectNumber: previous };
      previous = objectNumber;
      index++;
      pending = null;
      return result;
    };
    while (offset !== 0) {
      if (visited.has(offset)) {
        const error = new TiffFormatError(`the directory chain loops back to offset ${offset}`);
        yield this.errorRecord(error, pending?.objectNumber ?? null, previous);
        return;
      }
      visited.add(offset);
      let directory: TiffDirectory;
      let kind: number | null;
      let objectNumber: number | null;
      try {
        directory = readTiffDirectory(this.source, this.header, offset);
        kind = directoryKindOf(this.source, this.header, directory);
        objectNumber =
          kind === DirectoryKind.image
            ? readInteger(this.source, this.header, directory, AmnisTag.objectNumber)
            : null;
      } catch (error) {
        yield this.errorRecord(error, pending?.objectNumber ?? null, previous);
        return;
      }
      if (kind === DirectoryKind.image) {
        if (pending) yield emit(null);
        pending = { directory, objectNumber: objectNumber ?? index };
      } else if (kind === DirectoryKind.mask && pending) {
        yield emit(directory);
      }
      // Other directories (a mask without an image, unknown kinds) hold no object of their own.
      offset = directory.nextOffset;
    }
    if (pending) yield emit(null);
  }

  private decodeLocated(located: LocatedObject, previous: number | null): CifRecord {
    try {
      return this.decode(located);
    } catch (error) {
      return this.errorRecord(error, located.objectNumber, previous);
    }
  }

  private decode(located: LocatedObject): CifObject {
    const channels = this.metadata.channelCount;
    const image = this.readDirectoryPixels(located.imageDirectory, AMNIS_GREYSCALE, "image");
    const { height, tileWidth } = image;
    const width = tileWidth / channels;
    const planes = splitTiles(this.imageScratch, height, width, channels);
    let mask: Uint8Array[] | null = null;
    if (located.maskDirectory) {
      const maskPixels = this.readDirectoryPixels(located.maskDirectory, AMNIS_BITMASK, "mask");
      if (maskPixels.height !== height || maskPixels.tileWidth !== tileWidth) {
        throw new TiffFormatError(
          `mask is ${maskPixels.tileWidth}×${maskPixels.height} pixels, image ${tileWidth}×${height}`,
        );
      }
      mask = splitMaskTiles(this.maskScratch, height, width, channels);
    }
    return {
      kind: "object",
      objectNumber: located.objectNumber,
      index: located.index,
      height,
      width,
      channels,
      image: planes,
      mask,
      backgroundMean: this.perChannel(located.imageDirectory, AmnisTag.backgroundMean),
      backgroundStd: this.perChannel(located.imageDirectory, AmnisTag.backgroundStd),
      metadata: this.metadata,
    };
  }

  /** Decodes one directory's strips into the image or mask scratch buffer. */
  private readDirectoryPixels(
    directory: TiffDirectory,
    expected: number,
    what: "image" | "mask",
  ): { height: number; tileWidth: number } {
    const integer = (tag: number) => readInteger(this.source, this.header, directory, tag);
    const tileWidth = integer(TiffTag.imageWidth) ?? 0;
    const height = integer(TiffTag.imageLength) ?? 0;
    const compression = integer(TiffTag.compression);
    const channels = this.metadata.channelCount;
    if (compression !== expected) {
      throw new UnsupportedCompressionError(
        `${what} uses compression ${compression ?? "none"}; only Amnis ${expected} is supported for ${what}s`,
      );
    }
    if (tileWidth < 1 || height < 1 || tileWidth * height > MAX_DIRECTORY_PIXELS) {
      throw new TiffFormatError(`${what} has an implausible size ${tileWidth}×${height}`);
    }
    if (tileWidth % channels !== 0) {
      throw new TiffFormatError(`${what} width ${tileWidth} is not a multiple of the ${channels} channels`);
    }
    const offsets = readIntegers(this.source, this.header, directory, TiffTag.stripOffsets) ?? [];
    const counts = readIntegers(this.source, this.header, directory, TiffTag.stripByteCounts) ?? [];
    if (offsets.length === 0 || offsets.length !== counts.length) {
      throw new TiffFormatError(
        `${what} has ${offsets.length} strip offsets and ${counts.length} byte counts`,
      );
    }
    const pixels = tileWidth * height;
    const compressedBytes = counts.reduce((sum, count) => sum + count, 0);
    if (compressedBytes < minimumCompressedBytes(expected, pixels)) {
      throw new AmnisDecodeError(
        `${what} data of ${compressedBytes} bytes cannot hold ${tileWidth}×${height} pixels`,
      );
    }
    const data = this.stripBytes(offsets, counts, compressedBytes);
    try {
      if (expected === AMNIS_GREYSCALE) {
        if (this.imageScratch.length < pixels) this.imageScratch = new Int32Array(pixels);
        decodeAmnisGreyscale(data, tileWidth, height, this.imageScratch);
      } else {
        if (this.maskScratch.length < pixels) this.maskScratch = new Uint8Array(pixels);
        decodeAmnisBitmask(data, tileWidth, height, this.maskScratch);
      }
    } catch (error) {
      if (error instanceof AmnisDecodeError) throw new AmnisDecodeError(`${what}: ${error.message}`);
      throw error;
    }
    return { height, tileWidth };
  }

  /** The compressed bytes of all strips: a view for one strip (the common case), a copy for more. */
  private stripBytes(offsets: number[], counts: number[], total: number): Uint8Array {
    if (offsets.length === 1) return this.source.bytesAt(offsets[0], counts[0]);
    const joined = new Uint8Array(total);
    let at = 0;
    offsets.forEach((offset, i) => {
      joined.set(this.source.bytesAt(offset, counts[i]), at);
      at += counts[i];
    });
    return joined;
  }

  private perChannel(directory: TiffDirectory, tag: number): Float64Array | null {
    try {
      const values = readFloats(this.source, this.header, directory, tag);
      return values && values.length === this.metadata.channelCount ? values : null;
    } catch {
      return null; // informative only: a damaged value never costs the object
    }
  }

  private errorRecord(error: unknown, objectNumber: number | null, previous: number | null): CifObjectError {
    const subject =
      objectNumber !== null
        ? `object ${objectNumber}`
        : previous !== null
          ? `the object after object ${previous}`
          : "the first object";
    let errorKind: CellReadErrorKind = "unreadable";
    let detail: string;
    if (error instanceof OutOfRangeError) {
      errorKind = "truncated";
      detail = `truncated .cif file: ${error.message}`;
    } else if (error instanceof UnsupportedCompressionError) {
      errorKind = "unsupported-type";
      detail = error.message;
    } else if (error instanceof AmnisDecodeError) {
      detail = `corrupt ${error.message}`;
    } else if (error instanceof Error) {
      detail = error.message;
    } else {
      detail = String(error);
    }
    return {
      kind: "error",
      file: this.file,
      objectNumber,
      previousObjectNumber: previous,
      errorKind,
      reason: `${subject}: ${detail}`,
    };
  }
}

class UnsupportedCompressionError extends Error {
  override readonly name = "UnsupportedCompressionError";
}

/** The CellReadError for an error record (its message names the file and the object). */
export function cifErrorAsCellReadError(record: CifObjectError): CellReadError {
  return new CellReadError(record.file, record.errorKind, record.reason);
}

/** Tag 33002, or the kind implied by the compression when a file lacks the tag. */
function directoryKindOf(source: ByteSource, header: TiffHeader, directory: TiffDirectory): number | null {
  const kind = readInteger(source, header, directory, AmnisTag.directoryKind);
  if (kind !== null) return kind;
  const compression = readInteger(source, header, directory, TiffTag.compression);
  if (compression === AMNIS_GREYSCALE) return DirectoryKind.image;
  if (compression === AMNIS_BITMASK) return DirectoryKind.mask;
  return null;
}

/** Cuts an (H, C·W) tiled image into C row-major float64 planes of H × W. */
function splitTiles(tiles: Int32Array, height: number, width: number, channels: number): Float64Array[] {
  const rowLength = width * channels;
  const planes: Float64Array[] = [];
  for (let c = 0; c < channels; c++) {
    const plane = new Float64Array(height * width);
    for (let y = 0, to = 0; y < height; y++) {
      const from = y * rowLength + c * width;
      for (let x = 0; x < width; x++, to++) plane[to] = tiles[from + x];
    }
    planes.push(plane);
  }
  return planes;
}

/** Cuts an (H, C·W) tiled mask into C planes of 0/1 (nonzero codes become 1). */
function splitMaskTiles(tiles: Uint8Array, height: number, width: number, channels: number): Uint8Array[] {
  const rowLength = width * channels;
  const planes: Uint8Array[] = [];
  for (let c = 0; c < channels; c++) {
    const plane = new Uint8Array(height * width);
    for (let y = 0, to = 0; y < height; y++) {
      const from = y * rowLength + c * width;
      for (let x = 0; x < width; x++, to++) plane[to] = tiles[from + x] !== 0 ? 1 : 0;
    }
    planes.push(plane);
  }
  return planes;
}

/**
 * Streams the objects of a .cif/.rif file (see CifReader.records) without loading the file: an
 * async generator that lets other work run every few objects. Throws CellReadError when the file
 * cannot be opened as a .cif at all; per-object problems are yielded as error records. Breaking
 * out of the loop closes the file.
 */
export async function* readCif(path: string, options: CifOpenOptions = {}): AsyncGenerator<CifRecord> {
  const reader = CifReader.open(path, options);
  try {
    let count = 0;
    for (const record of reader.records()) {
      yield record;
      if (++count % 32 === 0) await nextTurn();
    }
  } finally {
    reader.close();
  }
}

/** Synchronous readCif, for worker threads. Throws and yields as readCif; closes the file when done. */
export function* readCifSync(path: string, options: CifOpenOptions = {}): Generator<CifRecord> {
  const reader = CifReader.open(path, options);
  try {
    yield* reader.records();
  } finally {
    reader.close();
  }
}
