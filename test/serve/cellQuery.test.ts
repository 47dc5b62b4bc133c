import { describe, expect, it } from "vitest";
import {
  type ColumnCatalog,
  filterCondition,
  fromClause,
  parseCellFilter,
  parseCellSort,
} from "../../src/serve/cellQuery.js";
import { HttpError } from "../../src/serve/httpErrors.js";

const catalog: ColumnCatalog = {
  facets: ["experiment", "predicted_class", "label"],
  numeric: new Map([
    ["max_probability", "p"],
    ["area_BF", "f"],
    ['odd"name', "f"],
    ["umap_1", "e"],
    ["umap_2", "e"],
  ]),
  text: ["experiment", "predicted_class", "label"],
  flags: ["flag_high_entropy", "kept"],
};

function status(action: () => unknown): number | null {
  try {
    action();
    return null;
  } catch (error) {
    return error instanceof HttpError ? error.status : -1;
  }
}

describe("cell filters", () => {
  it("binds every user value as a parameter and joins only the sources it reads", () => {
    const filter = parseCellFilter(
      {
        predicted_class: ["T_cell", "x' OR 1=1 --"],
        qc: "kept",
        minConfidence: 0.5,
        region: { x: "umap_1", y: "area_BF", x0: 3, x1: 1, y0: 0, y1: 10 },
      },
      catalog,
    );
    expect(filter.region).toEqual({ x: "umap_1", y: "area_BF", x0: 1, x1: 3, y0: 0, y1: 10 });
    const condition = filterCondition(catalog, filter);
    expect(condition.where).not.toContain("OR 1=1");
    expect(condition.parameters).toEqual(["T_cell", "x' OR 1=1 --", 0.5, 1, 3, 0, 10]);
    expect(condition.where).toContain('p."predicted_class" IN (?, ?)');
    expect(condition.where).toContain("q.kept");
    expect(condition.where).toContain('e."umap_1" BETWEEN ? AND ?');
    expect([...condition.sources].sort()).toEqual(["e", "f", "p", "q"]);
    expect(fromClause(condition.sources)).toMatch(/JOIN feat f .* JOIN flags q .* JOIN embedding e/);
    expect(fromClause(new Set(["p"]))).toBe("pred p");
  });

  it("an empty facet list matches nothing; no filter matches everything", () => {
    expect(filterCondition(catalog, parseCellFilter({ label: [] }, catalog)).where).toBe("WHERE FALSE");
    expect(filterCondition(catalog, parseCellFilter(null, catalog)).where).toBe("");
    expect(filterCondition(catalog, parseCellFilter({ rows: [4, 2] }, catalog)).where).toBe(
      "WHERE p.file_row_number IN (4, 2)",
    );
  });

  it("refuses unknown keys, columns and malformed values with 400", () => {
    for (const bad of [
      "x",
      [1],
      { nope: 1 },
      { donor: ["a"] },
      { label: "T_cell" },
      { label: [1] },
      { qc: "everything" },
      { minConfidence: "high" },
      { maxConfidence: Number.NaN },
      { region: { x: "umap_1", y: "nope", x0: 0, x1: 1, y0: 0, y1: 1 } },
      { region: { x: "umap_1", y: "umap_2", x0: 0, x1: 1, y0: 0 } },
      { rows: [1.5] },
      { rows: [-1] },
    ])
      expect(
        status(() => parseCellFilter(bad, catalog)),
        JSON.stringify(bad),
      ).toBe(400);
  });

  it("sorts by row or a known numeric column, quoting odd names", () => {
    expect(parseCellSort(undefined, catalog)).toEqual({ column: "row", descending: false });
    expect(parseCellSort({ column: 'odd"name', descending: true }, catalog)).toEqual({
      column: 'odd"name',
      descending: true,
    });
    expect(status(() => parseCellSort({ column: "label" }, catalog))).toBe(400);
    expect(status(() => parseCellSort({ column: "area_BF", descending: "yes" }, catalog))).toBe(400);
    const region = parseCellFilter(
      { region: { x: 'odd"name', y: "area_BF", x0: 0, x1: 1, y0: 0, y1: 1 } },
      catalog,
    );
    expect(filterCondition(catalog, region).where).toContain('f."odd""name" BETWEEN');
  });
});
