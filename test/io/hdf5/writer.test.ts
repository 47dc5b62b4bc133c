import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeCellFile } from "../../../src/io/cellFile.js";
import { Hdf5Dataset, Hdf5File } from "../../../src/io/hdf5/reader.js";
import {
  type DatasetDefinition,
  encodeHdf5,
  type WritableNumericArray,
} from "../../../src/io/hdf5/writer.js";
import { hdf5, loadHdf5 } from "../../../src/io/hdf5Library.js";

const GOLDEN = new URL("../../fixtures/hdf5/", import.meta.url).pathname;
const PYTHON = "/usr/bin/python3";
const work = mkdtempSync(join(tmpdir(), "scifai-hdf5-writer-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Deterministic values that use every byte of the type. */
function ramp<T extends WritableNumericArray>(make: (n: number) => T, n: number, scale: number): T {
  const out = make(n);
  for (let i = 0; i < n; i++) out[i] = ((i * 7919) % 65521) * scale;
  return out;
}

const shape = [7, 6, 3];
const count = 7 * 6 * 3;
const numericCases: [string, WritableNumericArray][] = [
  ["uint8", ramp((n) => new Uint8Array(n), count, 1)],
  ["int8", Int8Array.from({ length: count }, (_, i) => ((i * 37) % 256) - 128)],
  ["uint16", ramp((n) => new Uint16Array(n), count, 1)],
  ["int16", Int16Array.from({ length: count }, (_, i) => ((i * 7919) % 65536) - 32768)],
  ["uint32", Uint32Array.from({ length: count }, (_, i) => (i * 2654435761) >>> 0)],
  ["int32", Int32Array.from({ length: count }, (_, i) => (i * 2654435761) | 0)],
  ["float32", Float32Array.from({ length: count }, (_, i) => (i - 50) / 3)],
  ["float64", Float64Array.from({ length: count }, (_, i) => (i === 3 ? Number.NaN : (i - 50) / 7))],
];
const storages: [string, Partial<DatasetDefinition>][] = [
  ["contiguous", {}],
  ["chunked", { chunks: [3, 4, 2] }],
  ["gzip", { chunks: [4, 6, 3], gzipLevel: 6 }],
  ["gzip+shuffle", { chunks: [2, 5, 3], gzipLevel: 1, shuffle: true }],
];

/** Files written for the cross-reader checks: name → datasets written. */
const written = new Map<string, DatasetDefinition[]>();
for (const [storageName, storage] of storages) {
  const datasets: DatasetDefinition[] = numericCases.map(([typeName, data]) => ({
    name: typeName,
    data,
    shape,
    ...storage,
  }));
  written.set(`${storageName}.h5`, datasets.slice(0, 4));
  written.set(`${storageName}_more.h5`, [...datasets.slice(4), { name: "label", text: "Zelle_äβ ✓" }]);
}
// 81 and 4225 chunks: B-trees of two and three levels (a node holds at most 64 chunks).
written.set("btree_two_levels.h5", [
  {
    name: "image",
    data: ramp((n) => new Uint16Array(n), 9 * 9 * 3, 1),
    shape: [9, 9, 3],
    chunks: [1, 1, 3],
    gzipLevel: 4,
  },
]);
written.set("btree_three_levels.h5", [
  { name: "image", data: ramp((n) => new Uint16Array(n), 65 * 65, 1), shape: [65, 65, 1], chunks: [1, 1, 1] },
]);
written.set("scalar_and_empty.h5", [
  { name: "scalar", data: Float64Array.of(2.5), shape: [] },
  { name: "empty", data: new Uint16Array(0), shape: [0, 4, 3] },
  { name: "empty_string", text: "" },
]);

function valuesOf(definition: DatasetDefinition): unknown[] {
  return "text" in definition ? [definition.text] : Array.from(definition.data as ArrayLike<number>);
}

beforeAll(async () => {
  await loadHdf5();
  for (const [name, datasets] of written) writeFileSync(join(work, name), encodeHdf5(datasets));
});

describe("encodeHdf5", () => {
  it("writes byte-identical files for the same input", () => {
    for (const datasets of written.values()) {
      expect(Buffer.compare(encodeHdf5(datasets), encodeHdf5(datasets))).toBe(0);
    }
  });

  it("writes the committed golden bytes (layout changes must be deliberate)", () => {
    // Regenerate with UPDATE_HDF5_GOLDEN=1 after an intended change of the file layout.
    const cell = goldenCell();
    const goldens: [string, Uint8Array][] = [
      ["written_cell_uint16.h5", encodeCellFile(cell)],
      [
        "written_cell_float32_no_label.h5",
        encodeCellFile({ ...cell, image: Float32Array.from(cell.image), label: null }),
      ],
      // Deflate output is Node's zlib's: a Node upgrade that changes it shows up here first.
      [
        "written_cell_gzip_shuffle.h5",
        encodeCellFile(cell, { compression: "gzip", chunks: [3, 4, 3], shuffle: true }),
      ],
    ];
    for (const [name, bytes] of goldens) {
      if (process.env.UPDATE_HDF5_GOLDEN === "1") writeFileSync(`${GOLDEN}${name}`, bytes);
      expect(Buffer.compare(bytes, readFileSync(`${GOLDEN}${name}`)), name).toBe(0);
    }
  });

  it("is read back exactly by the built-in reader", () => {
    for (const [name, datasets] of written) {
      const file = Hdf5File.open(readFileSync(join(work, name)));
      expect(file.root.names()).toEqual(datasets.map((d) => d.name).sort());
      for (const definition of datasets) {
        const dataset = file.get(definition.name) as Hdf5Dataset;
        expect(dataset).toBeInstanceOf(Hdf5Dataset);
        if ("text" in definition) {
          expect(dataset.shape).toEqual([]);
          expect(dataset.strings()).toEqual([definition.text]);
        } else {
          expect(dataset.shape).toEqual(definition.shape);
          expect(Array.from(dataset.numbers() as ArrayLike<number>), `${name}:${definition.name}`).toEqual(
            valuesOf(definition),
          );
          const layout = dataset.layout;
          expect(layout.kind).toBe(definition.chunks ? "chunked" : "contiguous");
        }
      }
    }
  });

  it("is read back exactly by h5wasm", () => {
    let datasets = 0;
    for (const [name, definitions] of written) {
      const file = new (hdf5().File)(join(work, name), "r");
      try {
        for (const definition of definitions) {
          const dataset = file.get(definition.name) as InstanceType<ReturnType<typeof hdf5>["Dataset"]>;
          let value: unknown = dataset.value;
          if (typeof value === "string" || typeof value === "number") value = [value];
          expect(Array.from(value as ArrayLike<unknown>), `${name}:${definition.name}`).toEqual(
            valuesOf(definition),
          );
          if (!("text" in definition)) expect(dataset.shape).toEqual(definition.shape);
          datasets++;
        }
      } finally {
        file.close();
      }
    }
    expect(datasets).toBe(41);
  });

  const h5py = pythonWithH5py();
  if (!h5py.available) console.log(`skipping the h5py check of written files: ${h5py.reason}`);
  it.skipIf(!h5py.available)("is read back exactly by h5py", () => {
    const files = [...written.keys()].map((name) => join(work, name));
    const cellFile = join(work, "cell_gzip.h5");
    writeFileSync(
      cellFile,
      encodeCellFile(goldenCell(), { compression: "gzip", chunks: [2, 3, 2], shuffle: true }),
    );
    const result = spawnSync(PYTHON, ["-c", H5PY_DUMP, ...files, cellFile], {
      encoding: "utf8",
      maxBuffer: 1 << 26,
    });
    expect(result.status, result.stderr).toBe(0);
    const dump: Record<
      string,
      Record<string, { shape: number[]; values: unknown[]; chunks: number[] | null }>
    > = JSON.parse(result.stdout.replaceAll("NaN", '"nan"'));
    let datasets = 0;
    for (const [name, definitions] of written) {
      const file = dump[join(work, name)];
      for (const definition of definitions) {
        const expected = valuesOf(definition).map((v) =>
          typeof v === "number" && Number.isNaN(v) ? "nan" : v,
        );
        expect(file[definition.name].values, `${name}:${definition.name}`).toEqual(expected);
        if (!("text" in definition)) {
          expect(file[definition.name].shape).toEqual(definition.shape);
          expect(file[definition.name].chunks).toEqual(definition.chunks ?? null);
        }
        datasets++;
      }
    }
    const cell = dump[cellFile];
    expect(cell.image.values).toEqual(Array.from(goldenCell().image));
    expect(cell.mask.values).toEqual(Array.from(goldenCell().mask!));
    expect(cell.label.values).toEqual(["B_cell"]);
    expect(cell.image.chunks).toEqual([2, 3, 2]);
    console.log(`h5py read ${datasets + 3} datasets written by encodeHdf5/encodeCellFile`);
  });

  it("rejects inconsistent input", () => {
    expect(() => encodeHdf5([{ name: "a", data: new Uint8Array(5), shape: [2, 2] }])).toThrow(/4|values/);
    expect(() => encodeHdf5([{ name: "a/b", data: new Uint8Array(1), shape: [1] }])).toThrow(/name/);
    expect(() =>
      encodeHdf5([
        { name: "a", text: "x" },
        { name: "a", text: "y" },
      ]),
    ).toThrow(/unique/);
    expect(() => encodeHdf5([{ name: "a", data: new Uint8Array(4), shape: [2, 2], gzipLevel: 4 }])).toThrow(
      /chunked/,
    );
    expect(() => encodeHdf5([{ name: "a", data: new Uint8Array(4), shape: [2, 2], chunks: [1] }])).toThrow(
      /chunk/,
    );
    const nine = Array.from({ length: 9 }, (_, i) => ({ name: `d${i}`, text: "x" }));
    expect(() => encodeHdf5(nine)).toThrow(/at most 8/);
  });
});

function goldenCell() {
  const height = 5;
  const width = 4;
  const channels = 3;
  const image = Uint16Array.from({ length: height * width * channels }, (_, i) => 800 + ((i * 97) % 400));
  const mask = Uint8Array.from({ length: height * width * channels }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0));
  return { height, width, channels, image, mask, label: "B_cell" as string | null };
}

function pythonWithH5py(): { available: boolean; reason: string } {
  if (!existsSync(PYTHON)) return { available: false, reason: `${PYTHON} does not exist` };
  const probe = spawnSync(PYTHON, ["-c", "import h5py"], { encoding: "utf8" });
  if (probe.status !== 0)
    return { available: false, reason: `h5py is not importable: ${probe.stderr.trim()}` };
  return { available: true, reason: "" };
}

/** Prints every root dataset of the files given as arguments as JSON (strings decoded). */
const H5PY_DUMP = `
import json, sys, h5py, numpy as np
out = {}
for path in sys.argv[1:]:
    with h5py.File(path, "r") as f:
        entry = {}
        for key in f:
            d = f[key]
            if d.dtype.kind == "O":
                values = [d.asstr()[()]] if d.shape == () else list(d.asstr()[()])
            else:
                values = np.asarray(d[()]).reshape(-1).tolist()
            entry[key] = {"shape": list(d.shape), "values": values, "chunks": list(d.chunks) if d.chunks else None}
        out[path] = entry
print(json.dumps(out))
`;
