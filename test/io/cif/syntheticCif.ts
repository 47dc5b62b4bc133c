/**
 * Test-only writer of Amnis-style .cif files: the two Amnis encoders and a small TIFF writer
 * (either byte order, classic TIFF or BigTIFF), so the reader can be checked on layouts and edge
 * cases the one real example file does not have. Written independently of src/io/cif.
 */
import { createRandom } from "../../../src/util/random.js";

/** Encodes an (height × width) image as Amnis 30817 (planar prediction, signed nibble varints). */
export function encodeAmnisGreyscale(pixels: ArrayLike<number>, width: number, height: number): Uint8Array {
  const nibbles: number[] = [];
  const at = (x: number, y: number) => (x < 0 || y < 0 ? 0 : pixels[y * width + x]);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let residual = at(x, y) - (at(x, y - 1) + (x > 0 ? at(x - 1, y) - at(x - 1, y - 1) : 0));
      for (;;) {
        const group = residual & 7;
        residual >>= 3; // arithmetic shift keeps the sign
        const done = (residual === 0 && (group & 4) === 0) || (residual === -1 && (group & 4) !== 0);
        nibbles.push(done ? group : group | 8);
        if (done) break;
      }
    }
  }
  const bytes = new Uint8Array(Math.ceil(nibbles.length / 2));
  nibbles.forEach((nibble, i) => {
    bytes[i >> 1] |= i % 2 === 0 ? nibble : nibble << 4;
  });
  return bytes;
}

/** Encodes mask codes as Amnis 30818 (value, run length − 1) pairs. */
export function encodeAmnisBitmask(codes: ArrayLike<number>): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < codes.length; ) {
    let run = 1;
    while (run < 256 && i + run < codes.length && codes[i + run] === codes[i]) run++;
    out.push(codes[i], run - 1);
    i += run;
  }
  return Uint8Array.from(out);
}

/** One TIFF field: integer or float values of a type, or text (ASCII). */
export interface Field {
  tag: number;
  type: number;
  values: number[] | string;
}

const TYPE_SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 8: 2, 9: 4, 11: 4, 12: 8, 16: 8 };

/** A TIFF writer laying directories out as Amnis does: directory, its values, then its pixel strips. */
export class TiffWriter {
  private chunks: Uint8Array[] = [];
  private length = 0;
  private pendingPointer: number | null = null;
  private readonly patches: { at: number; value: number }[] = [];

  constructor(
    readonly littleEndian: boolean,
    readonly bigTiff: boolean,
  ) {
    const header = new DataView(new ArrayBuffer(bigTiff ? 16 : 8));
    header.setUint8(0, littleEndian ? 0x49 : 0x4d);
    header.setUint8(1, littleEndian ? 0x49 : 0x4d);
    header.setUint16(2, bigTiff ? 43 : 42, littleEndian);
    if (bigTiff) header.setUint16(4, 8, littleEndian);
    this.pendingPointer = bigTiff ? 8 : 4;
    this.push(new Uint8Array(header.buffer));
  }

  /** Appends a directory with `fields` (sorted by tag here) and its strips; StripOffsets is filled in. */
  directory(fields: Field[], strips: Uint8Array[] = []): void {
    const offsetType = this.bigTiff ? 16 : 4;
    const all = fields.filter((f) => f.tag !== 273 && f.tag !== 279);
    if (strips.length > 0) {
      all.push({ tag: 273, type: offsetType, values: strips.map(() => 0) });
      all.push({ tag: 279, type: offsetType, values: strips.map((s) => s.length) });
    }
    all.sort((a, b) => a.tag - b.tag);
    this.align();
    const start = this.length;
    this.patch(start);
    const entrySize = this.bigTiff ? 20 : 12;
    const countSize = this.bigTiff ? 8 : 2;
    const pointerSize = this.bigTiff ? 8 : 4;
    let external = start + countSize + all.length * entrySize + pointerSize;
    const placed = all.map((field) => {
      const bytes = this.encodeValues(field);
      const inline = bytes.length <= pointerSize;
      const at = inline ? -1 : external;
      if (!inline) external += bytes.length + (bytes.length % 2);
      return { field, bytes, at };
    });
    let stripAt = external;
    const stripOffsets = strips.map((strip) => {
      const at = stripAt;
      stripAt += strip.length;
      return at;
    });
    const offsetsField = placed.find((p) => p.field.tag === 273);
    if (offsetsField) offsetsField.bytes = this.encodeValues({ ...offsetsField.field, values: stripOffsets });

    const table = new DataView(new ArrayBuffer(countSize + all.length * entrySize + pointerSize));
    if (this.bigTiff) table.setBigUint64(0, BigInt(all.length), this.littleEndian);
    else table.setUint16(0, all.length, this.littleEndian);
    placed.forEach(({ field, bytes, at }, i) => {
      const e = countSize + i * entrySize;
      const count = typeof field.values === "string" ? bytes.length : field.values.length;
      table.setUint16(e, field.tag, this.littleEndian);
      table.setUint16(e + 2, field.type, this.littleEndian);
      if (this.bigTiff) table.setBigUint64(e + 4, BigInt(count), this.littleEndian);
      else table.setUint32(e + 4, count, this.littleEndian);
      const valueField = e + (this.bigTiff ? 12 : 8);
      if (at < 0) new Uint8Array(table.buffer).set(bytes, valueField);
      else if (this.bigTiff) table.setBigUint64(valueField, BigInt(at), this.littleEndian);
      else table.setUint32(valueField, at, this.littleEndian);
    });
    this.pendingPointer = start + countSize + all.length * entrySize;
    this.push(new Uint8Array(table.buffer));
    for (const { bytes, at } of placed) {
      if (at < 0) continue;
      this.push(bytes);
      if (bytes.length % 2) this.push(new Uint8Array(1));
    }
    for (const strip of strips) this.push(strip);
  }

  /** The file's bytes (the last directory's next pointer is 0). */
  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    const view = new DataView(out.buffer);
    for (const { at: where, value } of this.patches) {
      if (this.bigTiff) view.setBigUint64(where, BigInt(value), this.littleEndian);
      else view.setUint32(where, value, this.littleEndian);
    }
    return out;
  }

  private patch(value: number): void {
    if (this.pendingPointer !== null) this.patches.push({ at: this.pendingPointer, value });
  }

  private align(): void {
    if (this.length % 2) this.push(new Uint8Array(1));
  }

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  private encodeValues(field: Field): Uint8Array {
    if (typeof field.values === "string") return new TextEncoder().encode(`${field.values}\0`);
    const size = TYPE_SIZES[field.type];
    const view = new DataView(new ArrayBuffer(size * field.values.length));
    field.values.forEach((value, i) => {
      if (field.type === 1) view.setUint8(i, value);
      else if (field.type === 3) view.setUint16(2 * i, value, this.littleEndian);
      else if (field.type === 4) view.setUint32(4 * i, value, this.littleEndian);
      else if (field.type === 8) view.setInt16(2 * i, value, this.littleEndian);
      else if (field.type === 9) view.setInt32(4 * i, value, this.littleEndian);
      else if (field.type === 11) view.setFloat32(4 * i, value, this.littleEndian);
      else if (field.type === 12) view.setFloat64(8 * i, value, this.littleEndian);
      else if (field.type === 16) view.setBigUint64(8 * i, BigInt(value), this.littleEndian);
    });
    return new Uint8Array(view.buffer);
  }
}

/** One object of a synthetic file: C channels of height × width, tiled side by side. */
export interface SyntheticObject {
  objectNumber: number;
  height: number;
  /** Width of one channel. */
  width: number;
  /** height × (width · C) pixel values, row-major, channels side by side. */
  tiles: Int32Array;
  /** Mask codes in the same layout, or null for no mask directory. */
  maskTiles: Uint8Array | null;
}

/** How to write a synthetic .cif. */
export interface SyntheticCifOptions {
  channels: number;
  objects: SyntheticObject[];
  littleEndian?: boolean;
  bigTiff?: boolean;
  /** Acquisition XML (tag 33027); default one marking the first `channels` channels in use. */
  xml?: string | null;
  /** Extra fields of the first directory (e.g. tag 33000 or 33007). */
  firstFields?: Field[];
  /** Leave out tag 33002 (directory kind) everywhere. */
  withoutKindTags?: boolean;
  /** Split each image's compressed data into this many strips (default 1, as Amnis writes). */
  imageStrips?: number;
}

/** Default acquisition XML: channels 1…C in use, named "Ch{k}" unless `names` are given. */
export function acquisitionXml(channels: number, names: string[] = [], magnification = 40): string {
  const flags = Array.from({ length: 12 }, (_, i) => (i < channels ? "1" : "0")).join(" ");
  const display = Array.from(
    { length: 12 },
    (_, i) => `    <Channel${i + 1}Name>${names[i] ?? `Ch${i + 1}`}</Channel${i + 1}Name>`,
  ).join("\n");
  return `<?xml version="1.0" encoding="UTF-8" standalone="no" ?>
<settings>
  <Imaging>
    <Magnification>${magnification}</Magnification>
    <ChannelInUseIndicators_0_11>${flags} </ChannelInUseIndicators_0_11>
  </Imaging>
  <Display>
${display}
  </Display>
</settings>`;
}

/** Writes a synthetic .cif with the layout of the instrument's files. */
export function buildCif(options: SyntheticCifOptions): Uint8Array {
  const writer = new TiffWriter(options.littleEndian ?? true, options.bigTiff ?? false);
  const xml = options.xml === undefined ? acquisitionXml(options.channels) : options.xml;
  const kind = (value: number): Field[] =>
    options.withoutKindTags ? [] : [{ tag: 33002, type: 3, values: [value] }];
  writer.directory([
    { tag: 256, type: 4, values: [1] },
    { tag: 257, type: 4, values: [1] },
    ...kind(1),
    { tag: 33018, type: 4, values: [options.objects.length] },
    ...(xml === null ? [] : [{ tag: 33027, type: 2, values: xml }]),
    ...(options.firstFields ?? []),
  ]);
  for (const object of options.objects) {
    const tileWidth = object.width * options.channels;
    const encoded = encodeAmnisGreyscale(object.tiles, tileWidth, object.height);
    const strips = splitBytes(encoded, options.imageStrips ?? 1);
    writer.directory(
      [
        { tag: 256, type: 4, values: [tileWidth] },
        { tag: 257, type: 4, values: [object.height] },
        { tag: 258, type: 3, values: [16] },
        { tag: 259, type: 3, values: [30817] },
        ...kind(2),
        { tag: 33003, type: 4, values: [object.objectNumber] },
        { tag: 33052, type: 12, values: Array.from({ length: options.channels }, (_, c) => 10 + c) },
      ],
      strips,
    );
    if (object.maskTiles) {
      writer.directory(
        [
          { tag: 256, type: 4, values: [tileWidth] },
          { tag: 257, type: 4, values: [object.height] },
          { tag: 258, type: 3, values: [8] },
          { tag: 259, type: 3, values: [30818] },
          ...kind(3),
        ],
        [encodeAmnisBitmask(object.maskTiles)],
      );
    }
  }
  return writer.finish();
}

function splitBytes(bytes: Uint8Array, parts: number): Uint8Array[] {
  const size = Math.ceil(bytes.length / parts);
  return Array.from({ length: parts }, (_, i) =>
    bytes.subarray(i * size, Math.min(bytes.length, (i + 1) * size)),
  );
}

/**
 * Seeded random objects: smooth-ish 12-bit images with occasional jumps to 0 and 65535 (so large
 * negative and positive prediction errors occur) and masks with codes 0–3.
 */
export function randomObjects(seed: number, count: number, channels: number): SyntheticObject[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, (_, k) => {
    const height = 1 + random.integer(40);
    const width = 1 + random.integer(40);
    const tileWidth = width * channels;
    const tiles = new Int32Array(height * tileWidth);
    const maskTiles = new Uint8Array(height * tileWidth);
    for (let i = 0; i < tiles.length; i++) {
      const jump = random.uniform();
      tiles[i] = jump < 0.02 ? 0 : jump < 0.04 ? 65535 : 200 + random.integer(3800);
      maskTiles[i] = random.uniform() < 0.7 ? 0 : 1 + random.integer(3);
    }
    return { objectNumber: 3 * k + 5, height, width, tiles, maskTiles };
  });
}

/** The channel-c plane of tiled values, row-major. */
export function planeOf(
  tiles: ArrayLike<number>,
  height: number,
  width: number,
  channels: number,
  c: number,
) {
  const out = new Float64Array(height * width);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) out[y * width + x] = tiles[y * width * channels + c * width + x];
  }
  return out;
}
