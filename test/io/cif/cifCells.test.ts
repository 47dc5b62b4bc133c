import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CellReadError } from "../../../src/io/cellReadError.js";
import {
  type CifCellResult,
  listCifObjectNumbers,
  listCifObjects,
  readCifCells,
} from "../../../src/io/cif/cifCells.js";
import { type CifObject, readCifSync } from "../../../src/io/cif/cifObjects.js";
import { EXAMPLE_CIF, objectDirectories, rawDirectories } from "./exampleCif.js";

const work = mkdtempSync(join(tmpdir(), "scifai-cif-cells-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const exampleBytes = new Uint8Array(readFileSync(EXAMPLE_CIF));
const objects = [...readCifSync(EXAMPLE_CIF)] as CifObject[];
const ALL = Array.from({ length: 111 }, (_, i) => i);

function same(
  a: readonly (Float64Array | Uint8Array)[] | null,
  b: readonly (Float64Array | Uint8Array)[] | null,
): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.length === b.length &&
    a.every((p, c) => p.length === b[c].length && [...p].every((v, i) => v === b[c][i]))
  );
}

function expectCellOf(result: CifCellResult, objectNumber: number): void {
  expect(result.error).toBeUndefined();
  expect(result.objectNumber).toBe(objectNumber);
  const object = objects[objectNumber];
  const cell = result.cell!;
  expect(cell.label).toBeNull();
  expect([cell.height, cell.width, cell.channels]).toEqual([object.height, object.width, 6]);
  expect(same(cell.image, object.image)).toBe(true);
  expect(same(cell.mask, object.mask)).toBe(true);
  expect(Object.keys(cell).sort()).toEqual(["channels", "height", "image", "label", "mask", "width"]);
}

function copyWith(name: string, change: (bytes: Uint8Array) => Uint8Array): string {
  const path = join(work, name);
  writeFileSync(path, change(exampleBytes.slice()));
  return path;
}

describe("listing the objects of a .cif", () => {
  it("lists the 111 object numbers from the directories", () => {
    expect(listCifObjectNumbers(EXAMPLE_CIF)).toEqual(ALL);
    const listing = listCifObjects(EXAMPLE_CIF);
    expect(listing.damage).toBeNull();
    expect(listing.metadata.channelCount).toBe(6);
    expect(listing.locations.map((l) => l.objectNumber)).toEqual(ALL);
    expect(listing.locations.every((l) => l.maskDirectoryOffset !== null)).toBe(true);
  });

  it("caches the listing until the file changes", () => {
    const path = copyWith("cached.cif", (b) => b);
    const first = listCifObjects(path);
    expect(listCifObjects(path)).toBe(first);
    const directories = rawDirectories(exampleBytes);
    writeFileSync(path, exampleBytes.subarray(0, objectDirectories(directories, 20)[0].offset));
    const second = listCifObjects(path);
    expect(second).not.toBe(first);
    expect(second.objectNumbers).toEqual(ALL.slice(0, 20));
    expect(second.damage?.reason).toMatch(/^the object after object 19: truncated/);
  });

  it("throws a CellReadError naming a file that is not a .cif", () => {
    const path = join(work, "none.cif");
    expect(() => listCifObjects(path)).toThrow(new CellReadError(path, "not-found", "file not found"));
  });
});

describe("reading cells from a .cif", () => {
  it("reads every object in file order as a cell without a label", () => {
    const results = [...readCifCells(EXAMPLE_CIF)];
    expect(results).toHaveLength(111);
    results.forEach((result, k) => {
      expectCellOf(result, k);
    });
  });

  it("reads requested objects in the requested order, repeats included", () => {
    const results = [...readCifCells(EXAMPLE_CIF, [110, 3, 3, 0, 57])];
    [110, 3, 3, 0, 57].forEach((n, i) => {
      expectCellOf(results[i], n);
    });
  });

  it("gives an error naming the file and the object for a missing object", () => {
    const [result] = [...readCifCells(EXAMPLE_CIF, [500])];
    expect(result.cell).toBeUndefined();
    expect(result.error).toEqual(new CellReadError(EXAMPLE_CIF, "unreadable", "object 500: not in the file"));
    expect(result.error!.message).toBe(`${EXAMPLE_CIF}: object 500: not in the file`);
  });

  it("isolates a corrupt object", () => {
    const directories = rawDirectories(exampleBytes);
    const path = copyWith("corrupt.cif", (bytes) => {
      const mask = objectDirectories(directories, 30)[1];
      const start = mask.value.get(273)!;
      for (let i = 1; i < mask.value.get(279)!; i += 2) bytes[start + i] = 0xff;
      return bytes;
    });
    const results = [...readCifCells(path, [29, 30, 31])];
    expectCellOf(results[0], 29);
    expect(results[1].error?.message).toMatch(`${path}: object 30: corrupt mask: mask runs overrun`);
    expect(results[1].error?.kind).toBe("unreadable");
    expectCellOf(results[2], 31);
    const all = [...readCifCells(path)];
    expect(all.map((r) => (r.error ? `error ${r.objectNumber}` : r.objectNumber))).toEqual(
      ALL.map((n) => (n === 30 ? "error 30" : n)),
    );
  });

  it("reads the objects before a truncation and explains the ones after it", () => {
    const directories = rawDirectories(exampleBytes);
    const cut = objectDirectories(directories, 50)[0].value.get(273)! + 10;
    const path = copyWith("truncated.cif", (bytes) => bytes.subarray(0, cut));
    const [before, hit, after] = [...readCifCells(path, [10, 50, 60])];
    expectCellOf(before, 10);
    expect(hit.error?.kind).toBe("truncated");
    expect(hit.error?.message).toMatch(
      `${path}: object 50: not found before the damage (object 50: truncated`,
    );
    expect(after.error?.kind).toBe("truncated");
    const all = [...readCifCells(path)];
    expect(all).toHaveLength(51);
    expect(all[50].error?.message).toMatch(`${path}: object 50: truncated .cif file`);
  });

  it("throws at the first step when the file cannot be opened", () => {
    const path = join(work, "missing.cif");
    expect(() => readCifCells(path, [1]).next()).toThrow(CellReadError);
    expect(() => readCifCells(path).next()).toThrow(`${path}: file not found`);
  });
});
