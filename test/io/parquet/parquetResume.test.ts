import { appendFileSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type {
  ParquetColumn,
  ParquetColumnData,
  ParquetWriterOptions,
  ParquetWriterState,
} from "../../../src/io/parquet/parquetWriter.js";
import { ParquetStreamWriter } from "../../../src/io/parquet/parquetWriter.js";
import type { RowGroupEntryStore } from "../../../src/io/parquet/rowGroupEntries.js";
import { expectSameTable, randomTable, readWithDuckDb, temporaryDirectory } from "./parquetTestData.js";

const directory = temporaryDirectory();
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const pathOf = (name: string): string => join(directory, name);

const COLUMNS: ParquetColumn[] = [
  { name: "file", type: "string" },
  { name: "object_number", type: "int64" },
  { name: "is_edge", type: "boolean" },
  ...Array.from({ length: 40 }, (_, i) => ({
    name: `f${i}`,
    type: i % 7 === 0 ? ("float" as const) : ("double" as const),
  })),
  { name: "set", type: "int32" },
];
const GROUPS: ParquetColumnData[][] = Array.from({ length: 9 }, (_, g) =>
  randomTable(COLUMNS, 20 + g * 13, 100 + g),
);

/** Writes `groups` uninterrupted and returns the file's bytes. */
function uninterrupted(name: string, options: ParquetWriterOptions): Buffer {
  const path = pathOf(name);
  const writer = new ParquetStreamWriter(path, COLUMNS, options);
  for (const group of GROUPS) writer.writeRowGroup(group, group[0].length);
  writer.close();
  return readFileSync(path);
}

/** What a crashing caller leaves behind: the state it persisted (as JSON text) after row group `k`. */
function crashAfter(
  path: string,
  options: ParquetWriterOptions,
  persistedAfter: number,
  writtenAfter: number,
): string {
  const writer = new ParquetStreamWriter(path, COLUMNS, options);
  let persisted = JSON.stringify(writer.state());
  for (let g = 0; g < writtenAfter; g++) {
    writer.writeRowGroup(GROUPS[g], GROUPS[g][0].length);
    if (g + 1 === persistedAfter) persisted = JSON.stringify(writer.state());
  }
  // The writer is dropped without close(); the rows written after the persisted state and garbage
  // (a torn write) stay in the file, more of it than the rest of the run rewrites, so only truncation
  // can remove it.
  appendFileSync(path, Buffer.alloc(400_000, "torn write \u00ff"));
  return persisted;
}

/** Resumes from the persisted JSON state, writes the remaining row groups and closes. */
function resumeAndFinish(path: string, options: ParquetWriterOptions, persisted: string): Buffer {
  const state = JSON.parse(persisted) as ParquetWriterState;
  const writer = ParquetStreamWriter.resume(path, COLUMNS, options, state);
  expect(writer.rowCount).toBe(state.rowCount);
  for (let g = writer.rowGroupCount; g < GROUPS.length; g++)
    writer.writeRowGroup(GROUPS[g], GROUPS[g][0].length);
  writer.close();
  return readFileSync(path);
}

describe("ParquetStreamWriter resume", () => {
  for (const compression of ["none", "gzip"] as const) {
    it(`finishes a killed run byte-identically to an uninterrupted one (${compression})`, async () => {
      const options: ParquetWriterOptions = { compression, keyValueMetadata: { run: "resume-test" } };
      const reference = uninterrupted(`reference-${compression}.parquet`, options);
      for (const [persistedAfter, writtenAfter] of [
        [0, 0],
        [0, 2],
        [4, 4],
        [4, 6],
        [8, 9],
      ]) {
        const path = pathOf(`crashed-${compression}-${persistedAfter}-${writtenAfter}.parquet`);
        const persisted = crashAfter(path, options, persistedAfter, writtenAfter);
        const resumed = resumeAndFinish(path, options, persisted);
        expect(resumed.equals(reference), `persisted after ${persistedAfter}, written ${writtenAfter}`).toBe(
          true,
        );
      }
      const path = pathOf(`crashed-${compression}-4-6.parquet`);
      const compared = expectSameTable(await readWithDuckDb(path), COLUMNS, GROUPS);
      console.log(
        `resumed file (${compression}): ${reference.length} bytes, DuckDB compared ${compared} values`,
      );
    });
  }

  it("survives a crash during close() and a second crash after resuming", () => {
    const options: ParquetWriterOptions = {};
    const reference = uninterrupted("reference-close.parquet", options);
    const path = pathOf("crash-in-close.parquet");
    const writer = new ParquetStreamWriter(path, COLUMNS, options);
    for (const group of GROUPS) writer.writeRowGroup(group, group[0].length);
    const persisted = JSON.stringify(writer.state());
    writer.close();
    // A footer torn in the middle.
    truncateSync(path, reference.length - 100);
    expect(resumeAndFinish(path, options, persisted).equals(reference)).toBe(true);

    const twice = pathOf("crash-twice.parquet");
    const first = crashAfter(twice, options, 2, 3);
    const resumed = ParquetStreamWriter.resume(twice, COLUMNS, options, JSON.parse(first));
    resumed.writeRowGroup(GROUPS[2], GROUPS[2][0].length);
    resumed.writeRowGroup(GROUPS[3], GROUPS[3][0].length);
    const second = JSON.stringify(resumed.state());
    resumed.writeRowGroup(GROUPS[4], GROUPS[4][0].length);
    appendFileSync(twice, "more garbage");
    expect(resumeAndFinish(twice, options, second).equals(reference)).toBe(true);
  });

  it("refuses a state that does not match the file, the columns or the options", () => {
    const options: ParquetWriterOptions = { compression: "gzip" };
    const path = pathOf("mismatch.parquet");
    const state = JSON.parse(crashAfter(path, options, 3, 3)) as ParquetWriterState;
    const renamed = COLUMNS.map((column, i) => (i === 5 ? { ...column, name: "renamed" } : column));
    expect(() => ParquetStreamWriter.resume(path, renamed, options, state)).toThrow(/other columns/);
    expect(() => ParquetStreamWriter.resume(path, COLUMNS, { compression: "none" }, state)).toThrow(
      /other columns/,
    );
    expect(() =>
      ParquetStreamWriter.resume(path, COLUMNS, options, { ...state, format: "x" as never }),
    ).toThrow(/not a Parquet writer state/);
    truncateSync(path, state.fileLength - 1);
    expect(() => ParquetStreamWriter.resume(path, COLUMNS, options, state)).toThrow(/cannot resume/);
    writeFileSync(path, Buffer.alloc(state.fileLength + 10));
    expect(() => ParquetStreamWriter.resume(path, COLUMNS, options, state)).toThrow(/Parquet magic/);
    expect(() => ParquetStreamWriter.resume(pathOf("missing.parquet"), COLUMNS, options, state)).toThrow(
      /ENOENT/,
    );
  });

  it("keeps the state small and JSON-round-trippable", () => {
    const writer = new ParquetStreamWriter(pathOf("state.parquet"), COLUMNS);
    for (const group of GROUPS) writer.writeRowGroup(group, group[0].length);
    const state = writer.state();
    writer.close();
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    expect(state.rowGroups).toHaveLength(GROUPS.length);
    expect(state.rowCount).toBe(GROUPS.reduce((sum, group) => sum + group[0].length, 0));
    const perChunk = JSON.stringify(state).length / (GROUPS.length * COLUMNS.length);
    console.log(
      `state: ${JSON.stringify(state).length} bytes, ${perChunk.toFixed(1)} bytes per column chunk`,
    );
    expect(perChunk).toBeLessThan(120);
  });

  it("with the caller's entry store, keeps no entry itself, streams the footer from the store and resumes", () => {
    const reference = uninterrupted("reference-store.parquet", {});
    /** A store that records what was added and how often the writer read it back. */
    class CountingStore implements RowGroupEntryStore {
      readonly list: Uint8Array[] = [];
      reads = 0;
      get count(): number {
        return this.list.length;
      }
      add(entry: Uint8Array): void {
        this.list.push(entry.slice());
      }
      *entries(): Iterable<Uint8Array> {
        this.reads++;
        yield* this.list;
      }
    }
    const store = new CountingStore();
    const path = pathOf("store.parquet");
    const writer = new ParquetStreamWriter(path, COLUMNS, {}, undefined, store);
    for (const group of GROUPS.slice(0, 5)) writer.writeRowGroup(group, group[0].length);
    const state = writer.state();
    // The state is a few numbers: the entries live in the store only.
    expect(state.rowGroups).toEqual([]);
    expect(state.rowGroupCount).toBe(5);
    expect(store.count).toBe(5);
    writer.writeRowGroup(GROUPS[5], GROUPS[5][0].length);
    appendFileSync(path, "torn write");
    // A store that does not hold exactly the state's row groups is refused.
    expect(() => ParquetStreamWriter.resume(path, COLUMNS, {}, state, store)).toThrow(/5 row groups but 6/);
    store.list.length = 5;
    const resumed = ParquetStreamWriter.resume(path, COLUMNS, {}, JSON.parse(JSON.stringify(state)), store);
    for (let g = 5; g < GROUPS.length; g++) resumed.writeRowGroup(GROUPS[g], GROUPS[g][0].length);
    resumed.close();
    expect(store.reads).toBe(1);
    expect(readFileSync(path).equals(reference)).toBe(true);
    // A store that yields fewer entries than it counts makes close() fail instead of writing a bad footer.
    const short = new CountingStore();
    const broken = new ParquetStreamWriter(pathOf("short.parquet"), COLUMNS, {}, undefined, short);
    broken.writeRowGroup(GROUPS[0], GROUPS[0][0].length);
    short.entries = function* () {};
    expect(() => broken.close()).toThrow(/1 row groups but 0 footer entries/);
    expect(() => new ParquetStreamWriter(pathOf("x.parquet"), COLUMNS, {}, undefined, store)).toThrow(
      /empty footer-entry store/,
    );
  });
});
