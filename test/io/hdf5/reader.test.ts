import { readFileSync } from "node:fs";
import { deflateSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { lookup3Checksum } from "../../../src/io/hdf5/checksum.js";
import { Hdf5FormatError, Hdf5UnsupportedError } from "../../../src/io/hdf5/errors.js";
import { unshuffle } from "../../../src/io/hdf5/filters.js";
import { Hdf5Dataset, Hdf5File, Hdf5Group } from "../../../src/io/hdf5/reader.js";
import { hdf5, loadHdf5 } from "../../../src/io/hdf5Library.js";

const DIR = new URL("../../fixtures/hdf5/", import.meta.url).pathname;

/** What h5py read from each fixture (written by test/reference/make_hdf5_cases.py into hdf5_cases.json). */
interface Case {
  datasets: Record<
    string,
    { shape: number[] | null; dtype: string; values: (number | string | { bytes: number[] })[] | null }
  >;
  unsupported: boolean;
  note: string;
  superblock: number;
}
const cases: Record<string, Case> = JSON.parse(
  readFileSync(new URL("../../reference/hdf5_cases.json", import.meta.url), "utf8"),
);
const names = Object.keys(cases).sort();

function open(name: string): Hdf5File {
  return Hdf5File.open(readFileSync(`${DIR}${name}`));
}

/** Values of a dataset as h5py's JSON encodes them: numbers, "nan"/"inf", {bytes} for strings. */
function ourValues(dataset: Hdf5Dataset): (number | string | { bytes: number[] })[] {
  const kind = dataset.datatype.kind;
  if (kind === "string" || kind === "vlen-string") {
    return dataset.strings().map((text) => ({ bytes: [...new TextEncoder().encode(text)] }));
  }
  return Array.from(dataset.numbers() as ArrayLike<number | bigint>, (value) => {
    if (typeof value === "bigint") return Number(value);
    if (Number.isNaN(value)) return "nan";
    if (value === Number.POSITIVE_INFINITY) return "inf";
    if (value === Number.NEGATIVE_INFINITY) return "-inf";
    return value;
  });
}

describe("Hdf5File reads what h5py wrote (test/reference/hdf5_cases.json)", () => {
  it("covers superblocks 0 and 3, every layout and chunk index the reader supports", () => {
    expect(names.length).toBeGreaterThanOrEqual(50);
    expect(open("earliest_contiguous.h5").superblock.version).toBe(0);
    expect(open("latest_contiguous.h5").superblock.version).toBe(3);
    const layouts = new Set<string>();
    for (const name of names.filter((n) => !cases[n].unsupported)) {
      const image = open(name).get("image");
      if (!(image instanceof Hdf5Dataset)) continue;
      const layout = image.layout;
      layouts.add(layout.kind === "chunked" ? `chunked/${layout.index.kind}` : layout.kind);
    }
    expect([...layouts].sort()).toEqual([
      "chunked/btree-v1",
      "chunked/fixed-array",
      "chunked/implicit",
      "chunked/single",
      "compact",
      "contiguous",
    ]);
  });

  for (const name of names) {
    const entry = cases[name];
    if (entry.unsupported) {
      it(`${name}: raises Hdf5UnsupportedError (${entry.note})`, () => {
        const readAll = () => {
          const file = open(name);
          for (const member of file.root.names()) {
            const object = file.root.get(member);
            if (object instanceof Hdf5Dataset && object.datatype.kind !== "other") {
              if (object.datatype.kind.endsWith("string")) object.strings();
              else object.numbers();
            }
          }
        };
        expect(readAll).toThrow(Hdf5UnsupportedError);
      });
      continue;
    }
    it(`${name}: every dataset has h5py's shape and values`, () => {
      const file = open(name);
      let checked = 0;
      for (const [key, expected] of Object.entries(entry.datasets)) {
        checked++;
        const dataset = file.get(key);
        expect(dataset).toBeInstanceOf(Hdf5Dataset);
        const ours = dataset as Hdf5Dataset;
        expect(ours.shape).toEqual(expected.shape);
        if (expected.values === null) {
          // A compound type: described, never decoded.
          expect(ours.datatype.kind).toBe("other");
          expect(() => ours.numbers()).toThrow(Hdf5UnsupportedError);
          continue;
        }
        expect(ourValues(ours)).toEqual(expected.values);
      }
      expect(checked).toBeGreaterThan(0);
    });
  }
});

describe("Hdf5File agrees with h5wasm on every supported fixture dataset", () => {
  beforeAll(async () => {
    await loadHdf5();
  });

  it("gives h5wasm's values for every dataset of every supported fixture", () => {
    let datasets = 0;
    for (const name of names.filter((n) => !cases[n].unsupported)) {
      const ours = open(name);
      const theirs = new (hdf5().File)(`${DIR}${name}`, "r");
      try {
        for (const key of Object.keys(cases[name].datasets)) {
          const dataset = ours.get(key) as Hdf5Dataset;
          if (dataset.datatype.kind === "other") continue;
          const reference = theirs.get(key) as InstanceType<ReturnType<typeof hdf5>["Dataset"]>;
          let value: unknown = reference.value;
          if (typeof value === "string" || typeof value === "number" || typeof value === "bigint")
            value = [value];
          const expected = Array.from(value as ArrayLike<unknown>);
          const actual =
            dataset.datatype.kind === "string" || dataset.datatype.kind === "vlen-string"
              ? dataset.strings()
              : Array.from(dataset.numbers() as ArrayLike<unknown>);
          expect(actual, `${name}:${key}`).toEqual(expected);
          datasets++;
        }
      } finally {
        theirs.close();
      }
    }
    console.log(`compared ${datasets} datasets with h5wasm`);
    expect(datasets).toBeGreaterThan(90);
  });
});

describe("Hdf5File structure", () => {
  it("lists group members and follows paths", () => {
    const file = open("soft_link_image.h5");
    expect(file.root.names().sort()).toEqual(["data", "image", "mask"]);
    expect(file.get("data")).toBeInstanceOf(Hdf5Group);
    const nested = file.get("/data/image") as Hdf5Dataset;
    expect(nested.shape).toEqual([6, 7, 3]);
    expect(nested.path).toBe("/data/image");
    expect(file.get("data/missing")).toBeNull();
    expect(file.root.get("missing")).toBeNull();
    expect(() => file.root.get("image")).toThrow(/soft link/);
  });

  it("describes datatypes in numpy notation", () => {
    expect((open("image_be_u2.h5").get("image") as Hdf5Dataset).dtype).toBe(">u2");
    expect((open("image_le_f8.h5").get("image") as Hdf5Dataset).dtype).toBe("<f8");
    expect((open("bool_mask.h5").get("mask") as Hdf5Dataset).dtype).toBe("enum over |i1 (2 members)");
    expect((open("label_fixed_bytes.h5").get("label") as Hdf5Dataset).dtype).toMatch(/\|S6/);
    expect((open("compound_image.h5").get("image") as Hdf5Dataset).dtype).toMatch(/compound of 2/);
  });

  it("reports a file without signature as a format error", () => {
    expect(() => Hdf5File.open(new TextEncoder().encode("not an HDF5 file at all"))).toThrow(Hdf5FormatError);
  });

  it("rejects a corrupted version 3 superblock by its checksum", () => {
    const bytes = new Uint8Array(readFileSync(`${DIR}latest_contiguous.h5`));
    bytes[28] ^= 0x01; // inside the end-of-file address
    expect(() => Hdf5File.open(bytes)).toThrow(/superblock checksum/);
  });

  it("rejects a corrupted version 2 object header by its checksum", () => {
    const bytes = new Uint8Array(readFileSync(`${DIR}latest_contiguous.h5`));
    const file = Hdf5File.open(bytes);
    const at = file.superblock.rootObjectHeaderAddress + 6;
    bytes[at] ^= 0xff;
    expect(() => Hdf5File.open(bytes).root.names()).toThrow(Hdf5FormatError);
  });

  it("rejects a corrupted deflate stream", () => {
    const bytes = new Uint8Array(readFileSync(`${DIR}earliest_chunked_gzip_shuffle.h5`));
    const file = Hdf5File.open(bytes);
    const layout = (file.get("mask") as Hdf5Dataset).layout;
    expect(layout.kind).toBe("chunked");
    // The mask is one chunk stored last in the file: break its zlib header.
    const stored = deflateSync(Buffer.from((file.get("mask") as Hdf5Dataset).numbers() as Uint8Array), {
      level: 9,
    });
    const position = Buffer.from(bytes).indexOf(Buffer.from(stored.subarray(0, 16)));
    expect(position).toBeGreaterThan(0);
    bytes[position] = 0x00;
    expect(() => (Hdf5File.open(bytes).get("mask") as Hdf5Dataset).numbers()).toThrow(/deflate stream/);
  });
});

describe("corrupted files", () => {
  it("never hangs or crashes on random byte damage: every outcome is a value or an Error", () => {
    let state = 20240607;
    const random = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
    let outcomes = 0;
    for (const name of [
      "earliest_chunked_gzip_shuffle.h5",
      "latest_chunked_gzip.h5",
      "earliest_contiguous.h5",
    ]) {
      const original = readFileSync(`${DIR}${name}`);
      // Damage the metadata region, where a wrong byte changes structure rather than pixels.
      const metadataEnd = Math.min(original.length, 2500);
      for (let trial = 0; trial < 300; trial++) {
        const bytes = new Uint8Array(original);
        for (let k = 0; k < 3; k++) bytes[Math.floor(random() * metadataEnd)] = Math.floor(random() * 256);
        try {
          const file = Hdf5File.open(bytes);
          for (const member of file.root.names()) {
            const object = file.root.get(member);
            if (object instanceof Hdf5Dataset && object.datatype.kind !== "other") {
              if (object.datatype.kind.endsWith("string")) object.strings();
              else object.numbers();
            }
          }
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
        }
        outcomes++;
      }
    }
    expect(outcomes).toBe(900);
  });
});

describe("format primitives", () => {
  it("computes Bob Jenkins' lookup3 hashlittle", () => {
    const text = new TextEncoder().encode("Four score and seven years ago");
    // Test vectors from lookup3.c's driver: hashlittle("", 0, 0) and the phrase with 0 and 1.
    expect(lookup3Checksum(new Uint8Array(0), 0, 0)).toBe(0xdeadbeef);
    expect(lookup3Checksum(text, 0, text.length)).toBe(0x17770551);
    expect(lookup3Checksum(text, 0, text.length, 1)).toBe(0xcd628161);
  });

  it("unshuffles bytes grouped by significance, leaving a ragged tail in place", () => {
    // Elements 0x0201, 0x0403, 0x0605 shuffled: low bytes 01 03 05, high bytes 02 04 06; tail 07.
    const shuffled = Uint8Array.of(1, 3, 5, 2, 4, 6, 7);
    expect([...unshuffle(shuffled, 2)]).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect([...unshuffle(Uint8Array.of(9, 8), 1)]).toEqual([9, 8]);
  });
});
