/**
 * The .cif object stream on the real example file, on synthetic files of every layout, and on
 * damaged copies.
 *
 * Where the expected values come from: Java is installed here but Bio-Formats is not, and its jars
 * may not be downloaded, so no third-party decoder output is available. Instead:
 * - the instrument's own tags: ImageWidth/ImageLength of every image and mask directory
 *   (width = C × channel width), the object numbers (33003), the declared object count (33018),
 *   and the background mean it computed per object and channel (33052), which the decoded border
 *   pixels must match within 2 grey levels (a wrong channel order or predictor misses by ≥ 4);
 * - decoding invariants: each compressed stream decodes to exactly its pixel count with nothing
 *   but zero padding left over, and the mask runs fill their image exactly (the decoder throws
 *   otherwise, so "no error record" is itself the check); pixels are plausible 12-bit values;
 * - a second implementation written separately in plain Python
 *   (test/io/cif/reference/cifReference.py → cifReference.json): per-object, per-channel pixel
 *   sums, position-weighted sums (catch transposed or shifted pixels), extremes, border means and
 *   mask areas; the first and last objects' values are also written out below.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CellReadError } from "../../../src/io/cellReadError.js";
import {
  type CifObject,
  type CifObjectError,
  CifReader,
  type CifRecord,
  readCif,
  readCifSync,
} from "../../../src/io/cif/cifObjects.js";
import { createRandom } from "../../../src/util/random.js";
import {
  EXAMPLE_CIF,
  loadCifReference,
  objectDirectories,
  type ReferenceObject,
  rawDirectories,
} from "./exampleCif.js";
import { acquisitionXml, buildCif, planeOf, randomObjects } from "./syntheticCif.js";

const reference = loadCifReference();
const exampleBytes = new Uint8Array(readFileSync(EXAMPLE_CIF));
const work = mkdtempSync(join(tmpdir(), "scifai-cif-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function objectsOf(records: CifRecord[]): CifObject[] {
  return records.filter((r): r is CifObject => r.kind === "object");
}

function errorsOf(records: CifRecord[]): CifObjectError[] {
  return records.filter((r): r is CifObjectError => r.kind === "error");
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}

function weightedSum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i] * ((i % 7919) + 1);
  return total;
}

function borderMean(plane: Float64Array, height: number, width: number): number {
  let total = 0;
  let count = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (y === 0 || y === height - 1 || x === 0 || x === width - 1) {
        total += plane[y * width + x];
        count++;
      }
    }
  }
  return total / count;
}

/** Decodes a damaged copy; the reader must neither throw nor hang. */
function readDamaged(bytes: Uint8Array): CifRecord[] {
  const path = join(work, "damaged.cif");
  writeFileSync(path, bytes);
  return [...readCifSync(path)];
}

const full = [...readCifSync(EXAMPLE_CIF)];
const fullObjects = objectsOf(full);

/** Whether two lists of typed arrays hold the same values (vitest's deep equality is slow on big arrays). */
function samePlanes(a: readonly ArrayLike<number>[] | null, b: readonly ArrayLike<number>[] | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.length !== b.length) return false;
  return a.every((plane, c) => {
    const other = b[c];
    if (plane.length !== other.length) return false;
    for (let i = 0; i < plane.length; i++) if (plane[i] !== other[i]) return false;
    return true;
  });
}

/** The objects of a damaged copy equal the undamaged decode of the same object numbers. */
function expectSameAsUndamaged(objects: CifObject[]): void {
  for (const object of objects) {
    const original = fullObjects.find((o) => o.objectNumber === object.objectNumber)!;
    expect(samePlanes(object.image, original.image)).toBe(true);
    expect(samePlanes(object.mask, original.mask)).toBe(true);
  }
}

describe("example.cif (real 40× ImageStream file)", () => {
  it("reads the file metadata from the first directory and the acquisition XML", () => {
    const reader = CifReader.open(EXAMPLE_CIF);
    try {
      const metadata = reader.metadata;
      expect(metadata.littleEndian).toBe(true);
      expect(metadata.bigTiff).toBe(false);
      expect(metadata.channelCount).toBe(reference.channels); // 6: "1 1 1 1 1 1 0 0 0 0 0 0" in the XML
      expect(metadata.channelNames).toEqual(reference.channelNames); // Display/Channel{k}Name
      expect(metadata.channelNames).toEqual(["Ch1", "Ch2", "Ch3", "Ch4", "Ch5", "Ch6"]);
      expect(metadata.instrumentChannels).toEqual([1, 2, 3, 4, 5, 6]);
      expect(metadata.magnification).toBe(40);
      expect(metadata.instrument).toBe("IS100-Lab"); // tag 33006
      expect(metadata.declaredObjectCount).toBe(111); // tag 33018
      expect(metadata.acquisitionXml).toContain("<Magnification>40</Magnification>");
    } finally {
      reader.close();
    }
  });

  it("streams all 111 objects with their numbers, in file order, without an error", async () => {
    const records: CifRecord[] = [];
    for await (const record of readCif(EXAMPLE_CIF)) records.push(record);
    expect(errorsOf(records)).toEqual([]);
    const objects = objectsOf(records);
    expect(objects).toHaveLength(111);
    expect(objects.map((o) => o.objectNumber)).toEqual(reference.objects.map((o) => o.objectNumber));
    expect(objects.map((o) => o.objectNumber)).toEqual(Array.from({ length: 111 }, (_, i) => i));
    expect(objects.map((o) => o.index)).toEqual(Array.from({ length: 111 }, (_, i) => i));
    expectSameAsUndamaged(objects);
  });

  it("decodes every object to the sizes in its TIFF tags and the second implementation's pixels", () => {
    fullObjects.forEach((object, k) => {
      const expected: ReferenceObject = reference.objects[k];
      expect(object.channels).toBe(6);
      expect(object.height).toBe(expected.tagImageLength);
      expect(object.width * 6).toBe(expected.tagImageWidth);
      expect([expected.tagMaskWidth, expected.tagMaskLength]).toEqual([
        expected.tagImageWidth,
        expected.tagImageLength,
      ]);
      expect(object.image.map(sum)).toEqual(expected.sums);
      expect(object.image.map(weightedSum)).toEqual(expected.weightedSums);
      expect(Math.min(...object.image.map((p) => Math.min(...p)))).toBe(expected.minimum);
      expect(Math.max(...object.image.map((p) => Math.max(...p)))).toBe(expected.maximum);
      expect(object.mask!.map(sum)).toEqual(expected.maskAreas);
      for (const plane of object.image) expect(plane).toHaveLength(object.height * object.width);
      for (const plane of object.mask!) {
        expect(plane).toHaveLength(object.height * object.width);
        expect(plane.every((v) => v === 0 || v === 1)).toBe(true);
      }
    });
  });

  it("gives plausible 12-bit pixels whose borders match the instrument's background means", () => {
    let lowest = Number.POSITIVE_INFINITY;
    let highest = Number.NEGATIVE_INFINITY;
    fullObjects.forEach((object, k) => {
      const expected = reference.objects[k];
      expect([...object.backgroundMean!]).toEqual(expected.tagBackgroundMean);
      object.image.forEach((plane, c) => {
        const border = borderMean(plane, object.height, object.width);
        expect(border).toBeCloseTo(expected.borderMeans[c], 9);
        // Instrument (tag 33052) against our pixels: within 2 grey levels (worst seen 1.71).
        expect(Math.abs(border - expected.tagBackgroundMean[c])).toBeLessThan(2);
        for (const value of plane) {
          lowest = Math.min(lowest, value);
          highest = Math.max(highest, value);
        }
      });
    });
    expect(Number.isInteger(lowest) && Number.isInteger(highest)).toBe(true);
    expect(lowest).toBeGreaterThanOrEqual(0);
    expect(highest).toBeLessThan(4096);
  });

  it("decodes the first and the last object (values from cifReference.py)", () => {
    const first = fullObjects[0];
    expect([first.objectNumber, first.height, first.width]).toEqual([0, 43, 46]);
    expect(first.image.map(sum)).toEqual([156846, 70423, 85794, 89862, 439893, 84102]);
    expect(first.mask!.map(sum)).toEqual([359, 0, 246, 315, 588, 0]);
    const last = fullObjects[110];
    expect([last.objectNumber, last.height, last.width]).toEqual([110, 45, 44]);
    expect(last.image.map(sum)).toEqual([148719, 67580, 80506, 87354, 439990, 82788]);
    expect(last.mask!.map(sum)).toEqual([356, 0, 0, 0, 667, 0]);
  });

  it("counts edge-clipped mask codes (2, 3) as object pixels", () => {
    // Object 4 is the only one with codes beyond 0/1 (cifReference.json maskCodes).
    expect(reference.objects.filter((o) => o.maskCodes.length > 2).map((o) => o.objectNumber)).toEqual([4]);
    expect(fullObjects[4].mask!.map(sum)).toEqual(reference.objects[4].maskAreas);
  });

  it("lists object locations without decoding and reads any object by its location", () => {
    const reader = CifReader.open(EXAMPLE_CIF);
    try {
      const locations = [...reader.locations()];
      expect(locations.map((l) => ("objectNumber" in l ? l.objectNumber : null))).toEqual(
        fullObjects.map((o) => o.objectNumber),
      );
      for (const k of [110, 0, 57]) {
        const record = reader.readAt(locations[k] as Parameters<CifReader["readAt"]>[0]) as CifObject;
        expect(samePlanes(record.image, fullObjects[k].image)).toBe(true);
        expect(samePlanes(record.mask, fullObjects[k].mask)).toBe(true);
      }
    } finally {
      reader.close();
    }
  });
});

describe("synthetic .cif files", () => {
  const channels = 3;
  const objects = randomObjects(7, 12, channels);

  function expectDecoded(records: CifRecord[], withMasks = true): void {
    expect(errorsOf(records)).toEqual([]);
    const decoded = objectsOf(records);
    expect(decoded.map((o) => o.objectNumber)).toEqual(objects.map((o) => o.objectNumber));
    decoded.forEach((object, k) => {
      const source = objects[k];
      expect([object.height, object.width, object.channels]).toEqual([source.height, source.width, channels]);
      for (let c = 0; c < channels; c++) {
        expect(object.image[c]).toEqual(planeOf(source.tiles, source.height, source.width, channels, c));
        if (!withMasks) continue;
        const codes = planeOf(source.maskTiles!, source.height, source.width, channels, c);
        expect([...object.mask![c]]).toEqual([...codes].map((v) => (v !== 0 ? 1 : 0)));
      }
      if (!withMasks) expect(object.mask).toBeNull();
    });
  }

  for (const littleEndian of [true, false]) {
    for (const bigTiff of [false, true]) {
      it(`reads ${littleEndian ? "little" : "big"}-endian ${bigTiff ? "BigTIFF" : "classic TIFF"}`, () => {
        const bytes = buildCif({ channels, objects, littleEndian, bigTiff });
        const reader = CifReader.fromBytes(bytes, "synthetic.cif");
        expect(reader.metadata.littleEndian).toBe(littleEndian);
        expect(reader.metadata.bigTiff).toBe(bigTiff);
        expectDecoded([...reader.records()]);
      });
    }
  }

  it("joins images stored in several strips", () => {
    expectDecoded([
      ...CifReader.fromBytes(buildCif({ channels, objects, imageStrips: 3 }), "s.cif").records(),
    ]);
  });

  it("infers image and mask directories from the compression when tag 33002 is missing", () => {
    const bytes = buildCif({ channels, objects, withoutKindTags: true });
    expectDecoded([...CifReader.fromBytes(bytes, "s.cif").records()]);
  });

  it("gives mask null for objects stored without a mask (.rif files)", () => {
    const bytes = buildCif({ channels, objects: objects.map((o) => ({ ...o, maskTiles: null })) });
    expectDecoded([...CifReader.fromBytes(bytes, "s.rif").records()], false);
  });

  it("takes the channel count and names from tags 33000 and 33007 when present", () => {
    const bytes = buildCif({
      channels,
      objects,
      xml: null,
      firstFields: [
        { tag: 33000, type: 3, values: [3] },
        { tag: 33007, type: 2, values: "BF|CD3|MHCII" },
        { tag: 33008, type: 2, values: "Brightfield|T cells|B cells" },
      ],
    });
    const reader = CifReader.fromBytes(bytes, "s.cif");
    expect(reader.metadata.channelNames).toEqual(["BF", "CD3", "MHCII"]);
    expect(reader.metadata.channelDescriptions).toEqual(["Brightfield", "T cells", "B cells"]);
    expect(reader.metadata.instrumentChannels).toBeNull();
    expect(reader.metadata.magnification).toBeNull();
    expectDecoded([...reader.records()]);
  });

  it("names the channels in use from the XML display names", () => {
    const xml = acquisitionXml(3, ["BF", "F-Actin &amp; more", "CD3"], 60);
    const reader = CifReader.fromBytes(buildCif({ channels, objects, xml }), "s.cif");
    expect(reader.metadata.channelNames).toEqual(["BF", "F-Actin & more", "CD3"]);
    expect(reader.metadata.magnification).toBe(60);
  });

  it("refuses a file whose channel count is nowhere", () => {
    expect(() => CifReader.fromBytes(buildCif({ channels, objects, xml: null }), "s.cif")).toThrow(
      /s\.cif: not a readable \.cif file: channel count not found/,
    );
  });

  it("reports an object whose width is not a multiple of the channel count and goes on", () => {
    const odd = [...objects];
    odd[2] = { ...objects[2], width: 5, tiles: new Int32Array(objects[2].height * 15), maskTiles: null };
    // Written with 3 channels but declared as 4: only tile widths divisible by 4 can be read.
    const bytes = buildCif({ channels, objects: odd, xml: acquisitionXml(4) });
    const records = [...CifReader.fromBytes(bytes, "s.cif").records()];
    const bad = odd.filter((o) => (o.width * 3) % 4 !== 0).map((o) => o.objectNumber);
    expect(errorsOf(records).map((e) => e.objectNumber)).toEqual(bad);
    expect(errorsOf(records)[0].reason).toMatch(/width \d+ is not a multiple of the 4 channels/);
    expect(objectsOf(records).length).toBe(odd.length - bad.length);
  });
});

describe("damaged .cif files", () => {
  it("throws a CellReadError naming the file when it cannot be opened as a .cif", () => {
    const missing = join(work, "missing.cif");
    expect(() => CifReader.open(missing)).toThrow(new CellReadError(missing, "not-found", "file not found"));
    expect(() => CifReader.open(work)).toThrow(/is a directory/);
    const text = join(work, "text.cif");
    writeFileSync(text, "hello, this is not a TIFF file");
    expect(() => CifReader.open(text)).toThrow(`${text}: not a readable .cif file: not a TIFF file`);
    for (const cut of [6, 100, 5000]) {
      const path = join(work, `cut${cut}.cif`);
      writeFileSync(path, exampleBytes.subarray(0, cut));
      let error: unknown;
      try {
        CifReader.open(path);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(CellReadError);
      expect((error as CellReadError).kind).toBe(cut < 8 ? "unreadable" : "truncated");
      expect((error as CellReadError).message.startsWith(path)).toBe(true);
    }
  });

  it("yields the objects before a truncation and one error naming the object it hit", () => {
    const directories = rawDirectories(exampleBytes);
    const objectStart = (k: number) => objectDirectories(directories, k)[0].offset;
    const lastMask = objectDirectories(directories, 110)[1];
    const lastPixelByte = lastMask.value.get(273)! + lastMask.value.get(279)! - 1;
    const random = createRandom(3);
    const cuts = [
      objectStart(0), // the first object's directory is gone
      objectStart(50) + 40, // inside object 50's image directory
      objectDirectories(directories, 50)[0].value.get(273)! + 100, // inside its pixels
      objectDirectories(directories, 80)[1].offset + 10, // inside object 80's mask directory
      lastPixelByte, // the last byte of the last mask's pixels
      lastPixelByte + 1, // only the time stamp after the pixels is cut: nothing is lost
      ...Array.from(
        { length: 12 },
        () => objectStart(0) + random.integer(exampleBytes.length - objectStart(0)),
      ),
    ];
    for (const cut of cuts) {
      const records = readDamaged(exampleBytes.subarray(0, cut));
      // The object whose bytes the cut falls in: the last one starting before it.
      let hit = 0;
      while (hit + 1 < 111 && objectStart(hit + 1) <= cut) hit++;
      const objects = objectsOf(records);
      const errors = errorsOf(records);
      if (cut > lastPixelByte) {
        expect(errors).toEqual([]);
        expect(objects).toHaveLength(111);
        continue;
      }
      expect(objects.map((o) => o.objectNumber)).toEqual(Array.from({ length: hit }, (_, i) => i));
      expectSameAsUndamaged(objects);
      expect(errors).toHaveLength(1);
      expect(records.at(-1)).toBe(errors[0]);
      expect(errors[0].errorKind).toBe("truncated");
      const named = errors[0].objectNumber ?? (errors[0].previousObjectNumber ?? -1) + 1;
      expect(named).toBe(hit);
      expect(errors[0].reason).toMatch(
        /^(object \d+|the object after object \d+|the first object): truncated \.cif file: needs bytes/,
      );
    }
  });

  it("skips a corrupt object and reads the rest", () => {
    const directories = rawDirectories(exampleBytes);
    const cases: [string, number, (bytes: Uint8Array, view: DataView) => void, RegExp][] = [
      [
        "an unknown compression",
        20,
        (_, view) => view.setUint16(objectDirectories(directories, 20)[0].valueField.get(259)!, 1234, true),
        /^object 20: image uses compression 1234; only Amnis 30817/,
      ],
      [
        "mask runs that overrun",
        30,
        (bytes) => {
          const mask = objectDirectories(directories, 30)[1];
          const start = mask.value.get(273)!;
          for (let i = 1; i < mask.value.get(279)!; i += 2) bytes[start + i] = 0xff;
        },
        /^object 30: corrupt mask: mask runs overrun/,
      ],
      [
        "image data that never end a value",
        40,
        (bytes) => {
          const image = objectDirectories(directories, 40)[0];
          bytes.fill(0xff, image.value.get(273)!, image.value.get(273)! + image.value.get(279)!);
        },
        /^object 40: corrupt image: pixel 0: a value runs longer than 10 nibbles/,
      ],
      [
        "a width that is not a multiple of the channels",
        5,
        (_, view) => view.setUint32(objectDirectories(directories, 5)[0].valueField.get(256)!, 277, true),
        /^object 5: image width 277 is not a multiple of the 6 channels/,
      ],
      [
        "a height far beyond its data",
        7,
        (_, view) => view.setUint32(objectDirectories(directories, 7)[0].valueField.get(257)!, 60000, true),
        /^object 7: corrupt image data of \d+ bytes cannot hold \d+×60000 pixels/,
      ],
    ];
    for (const [, k, damage, message] of cases) {
      const bytes = exampleBytes.slice();
      damage(bytes, new DataView(bytes.buffer));
      const records = readDamaged(bytes);
      const errors = errorsOf(records);
      expect(errors).toHaveLength(1);
      expect(errors[0].objectNumber).toBe(k);
      expect(errors[0].reason).toMatch(message);
      const objects = objectsOf(records);
      expect(objects.map((o) => o.objectNumber)).toEqual(
        fullObjects.map((o) => o.objectNumber).filter((n) => n !== k),
      );
      expectSameAsUndamaged(objects);
      expect(records.indexOf(errors[0])).toBe(k); // in its place in the stream
    }
    const unsupported = exampleBytes.slice();
    new DataView(unsupported.buffer).setUint16(
      objectDirectories(directories, 20)[0].valueField.get(259)!,
      1234,
      true,
    );
    expect(errorsOf(readDamaged(unsupported))[0].errorKind).toBe("unsupported-type");
  });

  it("ends with one error on a broken directory chain (loop, wild pointer, garbage directory)", () => {
    const directories = rawDirectories(exampleBytes);
    const cases: [string, (view: DataView) => void, number, RegExp][] = [
      [
        "a loop back to object 10",
        (view) =>
          view.setUint32(objectDirectories(directories, 60)[1].nextPointer, directories[21].offset, true),
        60,
        /^the object after object 60: the directory chain loops back to offset/,
      ],
      [
        "a pointer beyond the end",
        (view) => view.setUint32(objectDirectories(directories, 70)[1].nextPointer, 0x7fffffff, true),
        70,
        /^the object after object 70: truncated \.cif file: needs bytes 2147483647/,
      ],
      [
        "a directory with no entries",
        (view) => view.setUint16(objectDirectories(directories, 90)[0].offset, 0, true),
        89,
        /^the object after object 89: directory at offset \d+ claims 0 entries/,
      ],
    ];
    for (const [, damage, last, message] of cases) {
      const bytes = exampleBytes.slice();
      damage(new DataView(bytes.buffer));
      const records = readDamaged(bytes);
      expect(objectsOf(records).map((o) => o.objectNumber)).toEqual(
        Array.from({ length: last + 1 }, (_, i) => i),
      );
      expect(errorsOf(records)).toHaveLength(1);
      expect(errorsOf(records)[0].reason).toMatch(message);
    }
  });

  it("survives random byte corruption without throwing or hanging", () => {
    const random = createRandom(17);
    const start = rawDirectories(exampleBytes)[1].offset;
    for (let trial = 0; trial < 25; trial++) {
      const bytes = exampleBytes.slice();
      for (let i = 0; i < 8; i++) bytes[start + random.integer(bytes.length - start)] = random.integer(256);
      const records = readDamaged(bytes);
      expect(records.length).toBeGreaterThan(0);
      // Each changed byte can split at most one object into two records.
      expect(records.length).toBeLessThanOrEqual(111 + 8);
      for (const record of records) {
        if (record.kind === "error") {
          expect(record.reason).toMatch(/^(object \d+|the object after object \d+|the first object): /);
          continue;
        }
        expect(record.image).toHaveLength(6);
        for (const plane of record.image) expect(plane).toHaveLength(record.height * record.width);
      }
    }
  });
});
