/** Checks every chart must pass, plus accessors the chart tests use to look inside the SVG. */

import { expect } from "vitest";
import { elementChildren, findAll, parseXml, textContent, type XmlElement } from "./xmlChecker.js";

export interface ParsedChart {
  root: XmlElement;
  width: number;
  height: number;
  /** Decoded content of every `<text>`, in document order. */
  texts: string[];
  /** Decoded content of every `<title>` (document title first). */
  titles: string[];
}

const NUMBER = /^-?(\d+(\.\d+)?|\.\d+)(e[-+]?\d+)?$/;
const NUMERIC_ATTRIBUTES = [
  "x",
  "y",
  "x1",
  "x2",
  "y1",
  "y2",
  "cx",
  "cy",
  "r",
  "width",
  "height",
  "font-size",
  "stroke-width",
  "fill-opacity",
  "stroke-opacity",
];

/**
 * Parses a chart strictly and checks what every chart promises: a standalone SVG root with explicit
 * size and matching viewBox, sans-serif font, a document `<title>` first, a white background, finite
 * numbers in every geometric attribute and path, and text anchored inside the image.
 */
export function checkChart(svg: string): ParsedChart {
  expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
  const root = parseXml(svg);
  expect(root.name).toBe("svg");
  expect(root.attributes.xmlns).toBe("http://www.w3.org/2000/svg");
  const width = Number(root.attributes.width);
  const height = Number(root.attributes.height);
  expect(width).toBeGreaterThan(0);
  expect(height).toBeGreaterThan(0);
  expect(root.attributes.viewBox).toBe(`0 0 ${root.attributes.width} ${root.attributes.height}`);
  expect(root.attributes["font-family"]).toMatch(/sans-serif$/);
  const [first, second, third] = elementChildren(root);
  expect(first.name).toBe("title");
  expect(textContent(first).length).toBeGreaterThan(0);
  const background = second.name === "desc" ? third : second;
  expect(background.name).toBe("rect");
  expect(background.attributes).toMatchObject({ x: "0", y: "0", fill: "#ffffff" });
  expect(Number(background.attributes.width)).toBe(width);
  expect(Number(background.attributes.height)).toBe(height);

  const visit = (element: XmlElement) => {
    for (const [name, value] of Object.entries(element.attributes)) {
      expect(value, `${element.name}@${name}`).not.toMatch(/NaN|undefined|Infinity|\[object|null/);
      if (NUMERIC_ATTRIBUTES.includes(name)) expect(value, `${element.name}@${name}`).toMatch(NUMBER);
    }
    if (element.name === "path") {
      const tokens = element.attributes.d.split(/[MLHVZCQAz,\s]+/).filter(Boolean);
      for (const token of tokens) expect(token, "path data").toMatch(NUMBER);
    }
    if (element.name === "text" && !element.attributes.transform) {
      const x = Number(element.attributes.x);
      const y = Number(element.attributes.y);
      expect(x, `text "${textContent(element)}" x`).toBeGreaterThanOrEqual(0);
      expect(x, `text "${textContent(element)}" x`).toBeLessThanOrEqual(width);
      expect(y, `text "${textContent(element)}" y`).toBeGreaterThanOrEqual(0);
      expect(y, `text "${textContent(element)}" y`).toBeLessThanOrEqual(height);
    }
    for (const child of elementChildren(element)) visit(child);
  };
  visit(root);
  return {
    root,
    width,
    height,
    texts: findAll(root, "text").map(textContent),
    titles: findAll(root, "title").map(textContent),
  };
}

/** Hostile names: markup, entities, quotes, a control character and a lone surrogate. */
export const HOSTILE_NAMES = [
  '<script>alert("x")</script>',
  "A & B <> 'quoted' \"double\"",
  "tab\there\u0001bell",
  "cut emoji \ud83d",
  "]]> &amp; &#x41;",
];

/**
 * Checks that hostile names reached the document only as escaped text: no `<script>` element, and
 * each name's visible part (as decoded text or tooltip) present.
 */
export function expectHostileNamesEscaped(chart: ParsedChart, svg: string): void {
  expect(findAll(chart.root, "script")).toHaveLength(0);
  expect(svg).not.toContain("<script");
  expect(svg).toContain("&lt;script&gt;");
  const all = [...chart.texts, ...chart.titles].join("\n");
  expect(all).toContain('<script>alert("x")</script>'.slice(0, 10));
  expect(all).toContain("A & B");
}
