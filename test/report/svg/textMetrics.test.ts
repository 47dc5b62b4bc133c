import { describe, expect, it } from "vitest";
import {
  characterWidth,
  maxTextWidth,
  textWidth,
  truncateToWidth,
  wrapText,
} from "../../../src/report/svg/textMetrics.js";

describe("text metrics", () => {
  it("uses Helvetica advance widths for ASCII", () => {
    // H 722 + e 556 + l 222 + l 222 + o 556 = 2278 units → 22.78 px at 10 px.
    expect(textWidth("Hello", { fontSize: 10 })).toBeCloseTo(22.78, 10);
    expect(characterWidth("W".codePointAt(0)!)).toBe(944);
    expect(characterWidth("i".codePointAt(0)!)).toBe(222);
    expect(characterWidth("i".codePointAt(0)!, true)).toBe(278);
    expect(textWidth("", { fontSize: 12 })).toBe(0);
  });

  it("estimates non-ASCII text: wide for CJK and emoji, zero for combining marks", () => {
    expect(characterWidth("細".codePointAt(0)!)).toBe(1000);
    expect(characterWidth("😀".codePointAt(0)!)).toBe(1000);
    expect(characterWidth(0x301)).toBe(0);
    expect(characterWidth("é".codePointAt(0)!)).toBe(600);
    expect(textWidth("😀", { fontSize: 10 })).toBe(10);
  });

  it("is wider in bold and grows with font size", () => {
    const text = "Synapses_with_signaling";
    expect(textWidth(text, { fontSize: 11, bold: true })).toBeGreaterThan(textWidth(text, { fontSize: 11 }));
    expect(textWidth(text, { fontSize: 22 })).toBeCloseTo(2 * textWidth(text, { fontSize: 11 }), 10);
    expect(maxTextWidth(["a", "abc", "ab"], { fontSize: 10 })).toBeCloseTo(
      textWidth("abc", { fontSize: 10 }),
      10,
    );
    expect(maxTextWidth([], { fontSize: 10 })).toBe(0);
  });

  it("truncates with an ellipsis to fit, on whole code points", () => {
    const style = { fontSize: 10 };
    expect(truncateToWidth("short", 100, style)).toEqual({ text: "short", truncated: false });
    const cut = truncateToWidth("Intensity_MC_Ch02_very_long_feature_name", 80, style);
    expect(cut.truncated).toBe(true);
    expect(cut.text.endsWith("…")).toBe(true);
    expect(textWidth(cut.text, style)).toBeLessThanOrEqual(80);
    // One more character would not have fitted.
    const kept = cut.text.slice(0, -1);
    const next = "Intensity_MC_Ch02_very_long_feature_name".slice(0, kept.length + 1);
    expect(textWidth(`${next}…`, style)).toBeGreaterThan(80);
    expect(truncateToWidth("😀😀😀😀", 25, style).text).toBe("😀…");
    expect(truncateToWidth("abc", 1, style).text).toBe("…");
  });

  it("wraps words into lines and limits the line count", () => {
    const style = { fontSize: 10 };
    const lines = wrapText("one two three four five six seven", 60, style);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(textWidth(line, style)).toBeLessThanOrEqual(60);
    expect(lines.join(" ")).toBe("one two three four five six seven");
    const limited = wrapText("one two three four five six seven", 60, style, 2);
    expect(limited).toHaveLength(2);
    expect(limited[1].endsWith("…")).toBe(true);
    expect(wrapText("", 60, style)).toEqual([]);
    expect(wrapText("Supercalifragilisticexpialidocious", 50, style)[0].endsWith("…")).toBe(true);
  });
});
