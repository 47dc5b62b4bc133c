import { describe, expect, it } from "vitest";
import { baselineY, textLabel, textLines } from "../../../src/report/svg/textLabel.js";
import { findAll, parseXml, textContent } from "./xmlChecker.js";

describe("text labels", () => {
  it("aligns text by moving the baseline and rotates about the anchor", () => {
    const middle = parseXml(textLabel({ text: "a", x: 0, y: 100, fontSize: 10, verticalAlign: "middle" }));
    expect(middle.attributes.y).toBe("103.5");
    const rotated = parseXml(textLabel({ text: "a", x: 5, y: 6, fontSize: 10, rotate: -45 }));
    expect(rotated.attributes.transform).toBe("rotate(-45 5 6)");
    expect(textLabel({ text: "", x: 0, y: 0, fontSize: 10 })).toBe("");
    const cut = parseXml(
      textLabel({ text: "a very long label indeed", x: 0, y: 0, fontSize: 10, maxWidth: 30 }),
    );
    expect(cut.name).toBe("g");
    expect(findAll(cut, "title")).toHaveLength(1);
  });

  it("stacks lines from a top edge", () => {
    const root = parseXml(textLines(["a", "b <c>"], { x: 0, y: 10, fontSize: 10, lineHeight: 14 }));
    const texts = findAll(root, "text");
    expect(texts.map(textContent)).toEqual(["a", "b <c>"]);
    expect(texts.map((t) => Number(t.attributes.y))).toEqual([
      baselineY(10, 10, "top"),
      baselineY(24, 10, "top"),
    ]);
  });
});
