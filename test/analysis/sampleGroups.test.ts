import { describe, expect, it } from "vitest";
import { cellTableFromColumns } from "../../src/analysis/cellTable.js";
import { compareKeys, groupLabel, groupRows } from "../../src/analysis/sampleGroups.js";

describe("groupRows", () => {
  it("groups rows by combinations of text values, sorted, skipping masked rows", () => {
    const table = cellTableFromColumns({
      text: { experiment: ["E2", "E1", "E1", "E2", "E1"], donor: ["D1", "D2", "D1", "D1", "D2"] },
    });
    const groups = groupRows(table, ["experiment", "donor"]);
    expect(groups.keys).toEqual([
      ["E1", "D1"],
      ["E1", "D2"],
      ["E2", "D1"],
    ]);
    expect(Array.from(groups.groupOf)).toEqual([2, 1, 0, 2, 1]);
    expect(Array.from(groups.sizes)).toEqual([1, 2, 2]);
    const masked = groupRows(table, ["experiment", "donor"], Uint8Array.of(1, 0, 0, 1, 0));
    expect(masked.keys).toEqual([["E2", "D1"]]);
    expect(Array.from(masked.groupOf)).toEqual([0, -1, -1, 0, -1]);
    expect(groupLabel(["E1", "D1", "+SEA"])).toBe("E1/D1/+SEA");
    expect(compareKeys(["a", "b"], ["a", "c"])).toBeLessThan(0);
    expect(() => groupRows(table, ["condition"])).toThrow(/no text column 'condition'/);
  });
});
