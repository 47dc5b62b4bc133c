import { describe, expect, it } from "vitest";
import {
  attributeString,
  element,
  escapeXml,
  pathData,
  svgDocument,
  textElement,
  titledGroup,
  tooltip,
} from "../../../src/report/svg/svgBuilder.js";
import { HOSTILE_NAMES } from "./svgAssertions.js";
import { findAll, parseXml, textContent } from "./xmlChecker.js";

describe("escapeXml", () => {
  it("escapes the five XML special characters", () => {
    expect(escapeXml(`<a href="x">Tom & 'Jerry'</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;",
    );
  });

  it("escapes already-escaped text again (names are data, not markup)", () => {
    expect(escapeXml("&amp;")).toBe("&amp;amp;");
  });

  it("replaces characters XML forbids and lone surrogates, keeps tab/newline and emoji", () => {
    expect(escapeXml("a\u0000b\u0008c\u000bd\uffff")).toBe("a\ufffdb\ufffdc\ufffdd\ufffd");
    expect(escapeXml("\ud83d x \ude00")).toBe("\ufffd x \ufffd");
    expect(escapeXml("t\tn\nr\r 😀")).toBe("t\tn\nr\r 😀");
  });

  it("round-trips every hostile name through a strict parser", () => {
    for (const name of HOSTILE_NAMES) {
      const doc = parseXml(`<r a="${escapeXml(name)}">${escapeXml(name)}</r>`);
      const expected = name
        .replace("\u0001", "\ufffd")
        .replace(/[\ud800-\udbff](?![\udc00-\udfff])/g, "\ufffd");
      expect(textContent(doc)).toBe(expected);
      expect(doc.attributes.a).toBe(expected.replace(/\t/g, " "));
    }
  });
});

describe("elements", () => {
  it("writes attributes in order, formats numbers and omits empty values", () => {
    expect(
      attributeString({ x: 1.23456, y: -0.001, fill: "a&b", hidden: false, none: undefined, nil: null }),
    ).toBe(' x="1.23" y="0" fill="a&amp;b"');
  });

  it("throws on non-finite numbers and invalid names instead of writing broken markup", () => {
    expect(() => attributeString({ x: Number.NaN })).toThrow(RangeError);
    expect(() => attributeString({ x: Number.POSITIVE_INFINITY })).toThrow(RangeError);
    expect(() => element("a b")).toThrow(RangeError);
    expect(() => attributeString({ 'x"': 1 })).toThrow(RangeError);
  });

  it("self-closes empty elements and escapes text content", () => {
    expect(element("rect", { x: 1 })).toBe('<rect x="1"/>');
    expect(element("g", {}, ["<a/>", "<b/>"])).toBe("<g><a/><b/></g>");
    expect(textElement("text", { x: 0 }, "a<b")).toBe('<text x="0">a&lt;b</text>');
    expect(tooltip("")).toBe("");
    expect(titledGroup("t & u", "<rect/>")).toBe("<g><title>t &amp; u</title><rect/></g>");
  });

  it("writes path data with formatted numbers and refuses NaN", () => {
    expect(pathData`M${1.006},${-2}L${3.333333},${4}Z`).toBe("M1.01,-2L3.33,4Z");
    expect(() => pathData`M${Number.NaN},0`).toThrow(RangeError);
  });
});

describe("svgDocument", () => {
  it("writes a standalone SVG with size, viewBox, font, title, description and white background", () => {
    const svg = svgDocument({ width: 300.5, height: 200, title: "T <1>", description: "D & d" }, [
      '<circle r="1"/>',
    ]);
    const root = parseXml(svg);
    expect(svg.endsWith("</svg>\n")).toBe(true);
    expect(root.attributes).toMatchObject({
      xmlns: "http://www.w3.org/2000/svg",
      width: "300.5",
      height: "200",
      viewBox: "0 0 300.5 200",
    });
    expect(root.attributes["font-family"]).toContain("sans-serif");
    expect(textContent(findAll(root, "title")[0])).toBe("T <1>");
    expect(textContent(findAll(root, "desc")[0])).toBe("D & d");
    expect(findAll(root, "rect")[0].attributes).toMatchObject({
      width: "300.5",
      height: "200",
      fill: "#ffffff",
    });
  });

  it("rejects sizes that are not finite and positive", () => {
    expect(() => svgDocument({ width: 0, height: 10, title: "t" }, "")).toThrow(RangeError);
    expect(() => svgDocument({ width: 10, height: Number.NaN, title: "t" }, "")).toThrow(RangeError);
  });
});
