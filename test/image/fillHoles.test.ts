import { describe, expect, it } from "vitest";
import { fillHoles } from "../../src/image/fillHoles.js";

function grid(rows: string[]): { data: Uint8Array; width: number; height: number } {
  const width = rows[0].length;
  return { data: Uint8Array.from(rows.join(""), (ch) => (ch === "#" ? 1 : 0)), width, height: rows.length };
}

function show(data: Uint8Array, width: number): string[] {
  const rows: string[] = [];
  for (let i = 0; i < data.length; i += width) {
    rows.push(Array.from(data.subarray(i, i + width), (v) => (v ? "#" : ".")).join(""));
  }
  return rows;
}

describe("fillHoles", () => {
  it("fills an enclosed hole", () => {
    const g = grid([".....", ".###.", ".#.#.", ".###.", "....."]);
    expect(show(fillHoles(g.data, g.width, g.height), g.width)).toEqual([
      ".....",
      ".###.",
      ".###.",
      ".###.",
      ".....",
    ]);
  });

  it("does not fill a hole that leaks diagonally (4-connected background)", () => {
    // The centre touches the outside only through a diagonal gap, which does not count for the
    // background flood (cross structure): it is a hole, as in SciPy.
    const g = grid([".....", ".##..", ".#.#.", "..##.", "....."]);
    expect(show(fillHoles(g.data, g.width, g.height), g.width)[2]).toBe(".###.");
  });

  it("keeps background touching the border open", () => {
    const g = grid(["#.#", "#.#", "###"]);
    expect(show(fillHoles(g.data, g.width, g.height), g.width)).toEqual(["#.#", "#.#", "###"]);
  });

  it("leaves an empty image empty and a full image full", () => {
    expect(Array.from(fillHoles(new Uint8Array(9), 3, 3))).toEqual(new Array(9).fill(0));
    expect(Array.from(fillHoles(new Uint8Array(9).fill(1), 3, 3))).toEqual(new Array(9).fill(1));
  });
});

describe("fillHoles with 8-connectivity (regionprops' filled_image)", () => {
  it("lets background leak through a diagonal gap", () => {
    const g = grid([".....", ".##..", ".#.#.", "..##.", "....."]);
    expect(show(fillHoles(g.data, g.width, g.height, 8), g.width)[2]).toBe(".#.#.");
    expect(show(fillHoles(g.data, g.width, g.height, 4), g.width)[2]).toBe(".###.");
  });
});
