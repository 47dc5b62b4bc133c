import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ParquetColumn, ParquetColumnData } from "../../../src/io/parquet/parquetWriter.js";
import { ParquetStreamWriter, writeParquetTable } from "../../../src/io/parquet/parquetWriter.js";
import {
  expectSameTable,
  randomTable,
  readWithDuckDb,
  SPECIAL_DOUBLES,
  SPECIAL_STRINGS,
  temporaryDirectory,
  withDuckDb,
} from "./parquetTestData.js";

const directory = temporaryDirectory();
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const pathOf = (name: string): string => join(directory, name);
const sql = (path: string): string => `'${path.replace(/'/g, "''")}'`;

const ALL_TYPES: ParquetColumn[] = [
  { name: "file", type: "string" },
  { name: "area", type: "double" },
  { name: "ratio", type: "float" },
  { name: "object_number", type: "int64" },
  { name: "channel", type: "int32" },
  { name: "is_edge", type: "boolean" },
];

/** One row group with every special value of every type. */
function specialValues(): ParquetColumnData[] {
  const doubles = [...SPECIAL_DOUBLES, ...SPECIAL_DOUBLES.map((value) => -value)];
  const rows = doubles.length;
  const strings = Array.from({ length: rows }, (_, i) => SPECIAL_STRINGS[i % SPECIAL_STRINGS.length]);
  const floats = new Float32Array(rows);
  const floatSpecials = [
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    1.401298464324817e-45,
  ];
  for (let i = 0; i < rows; i++) floats[i] = i < floatSpecials.length ? floatSpecials[i] : i / 7;
  const int64 = new BigInt64Array(rows);
  const int64Specials = [-(1n << 63n), (1n << 63n) - 1n, 0n, -1n, 1n << 53n];
  for (let i = 0; i < rows; i++)
    int64[i] = i < int64Specials.length ? int64Specials[i] : BigInt(i * 1_000_003);
  const int32 = new Int32Array(rows);
  const int32Specials = [-2147483648, 2147483647, 0, -1];
  for (let i = 0; i < rows; i++) int32[i] = i < int32Specials.length ? int32Specials[i] : i * 65537;
  const booleans = Uint8Array.from({ length: rows }, (_, i) => (i % 3 === 0 || i === rows - 1 ? 1 : 0));
  return [strings, Float64Array.from(doubles), floats, int64, int32, booleans];
}

describe("ParquetStreamWriter read back by DuckDB", () => {
  it("writes every column type with the right DuckDB type and exact special values", async () => {
    const path = pathOf("special.parquet");
    const data = specialValues();
    writeParquetTable(path, ALL_TYPES, data);
    const compared = expectSameTable(await readWithDuckDb(path), ALL_TYPES, [data]);
    console.log(`special values: compared ${compared} values`);
    expect(compared).toBe(ALL_TYPES.length * data[0].length);
  });

  it("accepts number[] / boolean[] input and odd row counts for booleans", async () => {
    const path = pathOf("arrays.parquet");
    const rows = 13;
    const data: ParquetColumnData[] = [
      Array.from({ length: rows }, (_, i) => `r${i}`),
      Array.from({ length: rows }, (_, i) => i / 3),
      Array.from({ length: rows }, (_, i) => i * 0.25),
      Array.from({ length: rows }, (_, i) => (i - 6) * 2 ** 40),
      Array.from({ length: rows }, (_, i) => i - 6),
      Array.from({ length: rows }, (_, i) => i % 4 === 1),
    ];
    writeParquetTable(path, ALL_TYPES, data);
    const compared = expectSameTable(await readWithDuckDb(path), ALL_TYPES, [data]);
    expect(compared).toBe(ALL_TYPES.length * rows);
  });

  it("streams many row groups of varying sizes", async () => {
    const path = pathOf("many.parquet");
    const writer = new ParquetStreamWriter(path, ALL_TYPES);
    const groups: ParquetColumnData[][] = [];
    for (let g = 0; g < 41; g++) {
      const rows = 1 + ((g * 37) % 250);
      const group = randomTable(ALL_TYPES, rows, g);
      writer.writeRowGroup(group, rows);
      groups.push(group);
    }
    expect(writer.rowGroupCount).toBe(41);
    writer.close();
    const compared = expectSameTable(await readWithDuckDb(path), ALL_TYPES, groups);
    console.log(`41 row groups: compared ${compared} values`);
    const rowGroups = await withDuckDb((query) =>
      query(`SELECT num_row_groups, num_rows FROM parquet_file_metadata(${sql(path)})`),
    );
    expect(rowGroups[0]).toEqual([41n, BigInt(writer.rowCount)]);
  });

  it("writes 1,600 double columns plus metadata columns", async () => {
    const path = pathOf("wide.parquet");
    const columns: ParquetColumn[] = [
      { name: "file", type: "string" },
      { name: "set", type: "string" },
      ...Array.from({ length: 1600 }, (_, i) => ({
        name: `feature_${i}_Ch${(i % 5) + 1}`,
        type: "double" as const,
      })),
    ];
    const writer = new ParquetStreamWriter(path, columns, {
      keyValueMetadata: { scifai: '{"columns":1602}' },
    });
    const groups = [randomTable(columns, 70, 1), randomTable(columns, 33, 2)];
    for (const group of groups) writer.writeRowGroup(group, group[0].length);
    writer.close();
    const compared = expectSameTable(await readWithDuckDb(path), columns, groups);
    console.log(`1,602 columns: compared ${compared} values`);
    expect(compared).toBe(1602 * 103);
  });

  it("writes gzip-compressed pages that DuckDB decompresses to the same values", async () => {
    const path = pathOf("gzip.parquet");
    const plainPath = pathOf("gzip-reference.parquet");
    const groups = [specialValues(), randomTable(ALL_TYPES, 500, 7)];
    for (const [file, compression] of [
      [path, "gzip"],
      [plainPath, "none"],
    ] as const) {
      const writer = new ParquetStreamWriter(file, ALL_TYPES, { compression });
      for (const group of groups) writer.writeRowGroup(group, group[0].length);
      writer.close();
    }
    expectSameTable(await readWithDuckDb(path), ALL_TYPES, groups);
    const codecs = await withDuckDb((query) =>
      query(`SELECT DISTINCT compression FROM parquet_metadata(${sql(path)})`),
    );
    expect(codecs).toEqual([["GZIP"]]);
    expect(readFileSync(path).length).toBeLessThan(readFileSync(plainPath).length);
  });

  it("splits column chunks into several pages, including a string larger than a page", async () => {
    const path = pathOf("pages.parquet");
    const rows = 2000;
    const group = randomTable(ALL_TYPES, rows, 11);
    (group[0] as string[])[1234] = "a long string ".repeat(500);
    // 64-byte pages: 8 doubles, 16 floats, 512 booleans and a few strings per page.
    writeParquetTable(path, ALL_TYPES, group, { maxPageBytes: 64 });
    expectSameTable(await readWithDuckDb(path), ALL_TYPES, [group]);
    const singlePage = pathOf("pages-single.parquet");
    writeParquetTable(singlePage, ALL_TYPES, group);
    // Every extra page adds a page header: the 64-byte-page file must be much larger.
    expect(readFileSync(path).length).toBeGreaterThan(readFileSync(singlePage).length + 250 * 10);
  });

  it("writes a readable file with zero rows", async () => {
    const path = pathOf("empty.parquet");
    const writer = new ParquetStreamWriter(path, ALL_TYPES);
    writer.writeRowGroup(randomTable(ALL_TYPES, 0, 0), 0);
    writer.close();
    const view = await readWithDuckDb(path);
    expect(view.rowCount).toBe(0);
    expect(view.types).toEqual(["VARCHAR", "DOUBLE", "FLOAT", "BIGINT", "INTEGER", "BOOLEAN"]);
    writeParquetTable(pathOf("empty-table.parquet"), ALL_TYPES, randomTable(ALL_TYPES, 0, 0));
    expect((await readWithDuckDb(pathOf("empty-table.parquet"))).rowCount).toBe(0);
  });

  it("writes key-value metadata and created_by into the footer", async () => {
    const path = pathOf("kv.parquet");
    const keyValueMetadata = { "scifai.schema": '{"families":["shape"]}', empty: "", ünï: "cödé" };
    writeParquetTable(path, ALL_TYPES, randomTable(ALL_TYPES, 5, 3), {
      keyValueMetadata,
      createdBy: "scifai version 0.1.0",
    });
    const [pairs, created] = await withDuckDb(async (query) => [
      await query(`SELECT decode(key), decode(value) FROM parquet_kv_metadata(${sql(path)})`),
      await query(`SELECT created_by FROM parquet_file_metadata(${sql(path)})`),
    ]);
    expect(pairs).toEqual(Object.entries(keyValueMetadata));
    expect(created).toEqual([["scifai version 0.1.0"]]);
  });
});

describe("ParquetStreamWriter statistics", () => {
  const columns: ParquetColumn[] = [
    { name: "x", type: "double" },
    { name: "s", type: "string" },
    { name: "n", type: "int32" },
  ];
  const groups: ParquetColumnData[][] = [
    [new Float64Array([1, 2, Number.NaN]), ["b", "a", "c"], new Int32Array([5, -3, 9])],
    [new Float64Array([0, -0, 3]), ["é", "z", "y"], new Int32Array([0, 0, 0])],
    [
      new Float64Array([-5, 7.5, Number.POSITIVE_INFINITY]),
      ["m", "x".repeat(300), ""],
      new Int32Array([1, 2, 3]),
    ],
    [new Float64Array([Number.NaN, Number.NaN]), ["q", "q"], new Int32Array([-1, -2])],
  ];
  const path = pathOf("statistics.parquet");

  it("records min/max only where they are safe (no NaN in the chunk, short strings)", async () => {
    const writer = new ParquetStreamWriter(path, columns);
    for (const group of groups) writer.writeRowGroup(group, group[0].length);
    writer.close();
    const rows = await withDuckDb((query) =>
      query(
        `SELECT row_group_id, path_in_schema, stats_min_value, stats_max_value, stats_null_count
         FROM parquet_metadata(${sql(path)}) ORDER BY row_group_id, column_id`,
      ),
    );
    const stats = rows.map((row) => [Number(row[0]), row[1], row[2], row[3], row[4]]);
    expect(stats.filter((row) => row[1] === "x").map((row) => [row[2], row[3]])).toEqual([
      [null, null], // a NaN in the chunk: no min/max
      ["-0.0", "3.0"], // zero minimum written as −0
      ["-5.0", null], // +inf is recorded, but DuckDB does not report (or use) infinite bounds
      [null, null], // all NaN
    ]);
    expect(stats.filter((row) => row[1] === "s").map((row) => [row[2], row[3]])).toEqual([
      ["a", "c"],
      ["y", "é"], // byte-wise UTF-8 order: é (0xC3…) sorts after z
      ["", null], // the 300-byte maximum is left out
      ["q", "q"],
    ]);
    expect(stats.filter((row) => row[1] === "n").map((row) => [row[2], row[3]])).toEqual([
      ["-3", "9"],
      ["0", "0"],
      ["1", "3"],
      ["-2", "-1"],
    ]);
    expect(stats.every((row) => row[4] === 0n)).toBe(true);
  });

  it("merges string min/max across ASCII and non-ASCII pages of a chunk", async () => {
    const multiPage = pathOf("statistics-pages.parquet");
    const pad = "-".repeat(40);
    // ~45-byte strings and 64-byte pages: one string per page, alternating between the two encoders.
    const strings = [`b${pad}`, `é${pad}`, `a${pad}`, `zz${pad}`, `\u{1F9EB}${pad}`, `c${pad}`];
    writeParquetTable(multiPage, [{ name: "s", type: "string" }], [strings], { maxPageBytes: 64 });
    const [[min, max]] = await withDuckDb((query) =>
      query(`SELECT stats_min_value, stats_max_value FROM parquet_metadata(${sql(multiPage)})`),
    );
    const byBytes = [...strings].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect([min, max]).toEqual([byBytes[0], byBytes[byBytes.length - 1]]);
    expect(max).toBe(`\u{1F9EB}${pad}`);
    expectSameTable(await readWithDuckDb(multiPage), [{ name: "s", type: "string" }], [[strings]]);
  });

  it("gives DuckDB filters the same answers as a full scan (NaN, ±0, strings)", async () => {
    const xs = groups.flatMap((group) => [...(group[0] as Float64Array)]);
    const ss = groups.flatMap((group) => group[1] as string[]);
    // DuckDB orders NaN above +inf and treats −0 = +0.
    const greater = (value: number, bound: number): boolean => Number.isNaN(value) || value > bound;
    const cases: [string, number][] = [
      ["x > 2.5", xs.filter((v) => greater(v, 2.5)).length],
      ["x > 1e308", xs.filter((v) => greater(v, 1e308)).length],
      ["x = 0", xs.filter((v) => v === 0).length],
      ["x < 0", xs.filter((v) => v < 0).length],
      ["isnan(x)", xs.filter((v) => Number.isNaN(v)).length],
      ["s > 'x'", ss.filter((v) => Buffer.compare(Buffer.from(v), Buffer.from("x")) > 0).length],
      ["s = ''", ss.filter((v) => v === "").length],
    ];
    const counts = await withDuckDb(async (query) => {
      const out: number[] = [];
      for (const [where] of cases) {
        const [[count]] = await query(`SELECT count(*) FROM read_parquet(${sql(path)}) WHERE ${where}`);
        out.push(Number(count));
      }
      return out;
    });
    expect(counts).toEqual(cases.map((entry) => entry[1]));
  });
});

describe("ParquetStreamWriter input checks and determinism", () => {
  it("produces byte-identical files from the same input (plain and gzip)", () => {
    const groups = [specialValues(), randomTable(ALL_TYPES, 300, 5), randomTable(ALL_TYPES, 17, 6)];
    for (const compression of ["none", "gzip"] as const) {
      const files = ["a", "b"].map((name) => {
        const path = pathOf(`deterministic-${compression}-${name}.parquet`);
        const writer = new ParquetStreamWriter(path, ALL_TYPES, {
          compression,
          keyValueMetadata: { k: "v" },
        });
        for (const group of groups) writer.writeRowGroup(group, group[0].length);
        writer.close();
        return readFileSync(path);
      });
      expect(files[0].length).toBeGreaterThan(1000);
      expect(files[0].equals(files[1])).toBe(true);
    }
  });

  it("rejects bad input before writing a byte and stays usable", async () => {
    const path = pathOf("checks.parquet");
    const writer = new ParquetStreamWriter(path, ALL_TYPES);
    const good = randomTable(ALL_TYPES, 4, 1);
    const replace = (c: number, values: unknown): ParquetColumnData[] =>
      good.map((column, i) => (i === c ? (values as ParquetColumnData) : column));
    expect(() => writer.writeRowGroup(good, 5)).toThrow(/4 values for a row group of 5 rows/);
    expect(() => writer.writeRowGroup(good.slice(1), 4)).toThrow(/needs 6 columns/);
    expect(() => writer.writeRowGroup(replace(0, [1, 2, 3, 4]), 4)).toThrow(/"file".*not string/);
    expect(() => writer.writeRowGroup(replace(1, new Float32Array(4)), 4)).toThrow(/"area".*Float32Array/);
    expect(() => writer.writeRowGroup(replace(3, [1, 2, 3.5, 4]), 4)).toThrow(/"object_number".*3.5/);
    expect(() => writer.writeRowGroup(replace(4, [1, 2, 2 ** 31, 4]), 4)).toThrow(/"channel".*32-bit/);
    expect(() => writer.writeRowGroup(replace(5, Uint8Array.of(0, 1, 2, 1)), 4)).toThrow(
      /"is_edge".*not 0 or 1/,
    );
    expect(() => writer.writeRowGroup(good, -1)).toThrow(/non-negative/);
    expect(writer.state().fileLength).toBe(4);
    writer.writeRowGroup(good, 4);
    writer.close();
    expect(() => writer.writeRowGroup(good, 4)).toThrow(/closed/);
    expectSameTable(await readWithDuckDb(path), ALL_TYPES, [good]);
  });

  it("rejects invalid schemas and options", () => {
    const path = pathOf("invalid.parquet");
    expect(() => new ParquetStreamWriter(path, [])).toThrow(/at least one column/);
    expect(
      () =>
        new ParquetStreamWriter(path, [
          { name: "a", type: "double" },
          { name: "a", type: "string" },
        ]),
    ).toThrow(/repeated/);
    expect(() => new ParquetStreamWriter(path, [{ name: "", type: "double" }])).toThrow(/empty name/);
    expect(() => new ParquetStreamWriter(path, [{ name: "a", type: "decimal" as "double" }])).toThrow(
      /unknown type/,
    );
    expect(
      () => new ParquetStreamWriter(path, [{ name: "a", type: "double" }], { compression: "zstd" as "gzip" }),
    ).toThrow(/unsupported Parquet compression/);
    expect(() => new ParquetStreamWriter(path, [{ name: "a", type: "double" }], { maxPageBytes: 3 })).toThrow(
      /maxPageBytes/,
    );
  });
});

describe("a second Parquet reader", () => {
  it("reads the file with pyarrow or fastparquet when /usr/bin/python3 has one", async () => {
    const path = pathOf("python.parquet");
    const data = specialValues();
    writeParquetTable(path, ALL_TYPES, data, { compression: "gzip" });
    const probe = spawnSync(
      "/usr/bin/python3",
      [
        "-c",
        "import importlib.util as u; print(','.join(m for m in ('pyarrow','fastparquet') if u.find_spec(m)))",
      ],
      { encoding: "utf8" },
    );
    const engines = probe.status === 0 ? probe.stdout.trim().split(",").filter(Boolean) : [];
    if (engines.length === 0) {
      const reason = probe.error ? String(probe.error) : "neither pyarrow nor fastparquet is installed there";
      console.log(`python reader check skipped: ${reason} (DuckDB remains the independent reader)`);
      expect((await readWithDuckDb(path)).rowCount).toBe(data[0].length);
      return;
    }
    const script = [
      "import sys, json",
      "import pandas as pd",
      "frame = pd.read_parquet(sys.argv[1], engine=sys.argv[2])",
      "area = [repr(float(v)) for v in frame['area']]",
      "print(json.dumps({'rows': len(frame), 'columns': list(frame.columns), 'file': list(frame['file']), 'area': area}))",
    ].join("\n");
    for (const engine of engines) {
      const run = spawnSync("/usr/bin/python3", ["-c", script, path, engine], {
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(run.status, run.stderr).toBe(0);
      const read = JSON.parse(run.stdout) as {
        rows: number;
        columns: string[];
        file: string[];
        area: string[];
      };
      expect(read.rows).toBe(data[0].length);
      expect(read.columns).toEqual(ALL_TYPES.map((column) => column.name));
      expect(read.file).toEqual(data[0]);
      // Python's repr is the shortest round-trip text: nan, inf, -inf and -0.0 included.
      const fromPython = (text: string): number =>
        text === "nan" ? Number.NaN : Number(text.replace("inf", "Infinity"));
      const areas = data[1] as Float64Array;
      read.area.forEach((text, row) => {
        if (!Object.is(fromPython(text), areas[row]))
          throw new Error(`${engine}: area row ${row} read as ${text}`);
      });
      console.log(`python reader check: ${engine} read ${read.rows} rows`);
    }
  });
});
