/**
 * The SVG/XML writing layer: every character of user text goes through {@link escapeXml}, every
 * number through {@link formatCoordinate}, so no chart can emit malformed XML whatever the names
 * in the data (feature names contain `<`, `&`, quotes; file names contain control characters).
 */

import { formatCoordinate } from "./numberFormat.js";

// Characters XML 1.0 forbids (C0 controls except tab, newline, carriage return; U+FFFE/U+FFFF)
// and lone UTF-16 surrogates (a name cut in the middle of an emoji): replaced, never emitted.
const INVALID_XML_CHARACTERS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching the characters XML forbids is the point.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SPECIAL_CHARACTERS = /[&<>"']/g;
const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/** XML-escapes text for element content or attribute values (& < > " ' → entities; characters XML forbids → U+FFFD). */
export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML_CHARACTERS, "\uFFFD")
    .replace(SPECIAL_CHARACTERS, (character) => ENTITIES[character]);
}

/** An attribute value: strings are escaped, numbers formatted as coordinates; undefined/null/false omit the attribute. */
export type AttributeValue = string | number | undefined | null | false;

/** Attributes of one element, written in insertion order (so output is deterministic). */
export type Attributes = Readonly<Record<string, AttributeValue>>;

const NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;

function checkedName(name: string): string {
  // Element and attribute names come from code, never from data; a bad one is a programming error.
  if (!NAME.test(name)) throw new RangeError(`invalid XML name ${JSON.stringify(name)}`);
  return name;
}

/** ` name="value"` pairs (leading space each); numbers via {@link formatCoordinate}, which throws on NaN/±∞. */
export function attributeString(attributes: Attributes): string {
  let out = "";
  for (const name of Object.keys(attributes)) {
    const value = attributes[name];
    if (value === undefined || value === null || value === false) continue;
    const text = typeof value === "number" ? formatCoordinate(value) : escapeXml(value);
    out += ` ${checkedName(name)}="${text}"`;
  }
  return out;
}

/** An element whose children are already-built markup (`<name …/>` when there are none). */
export function element(
  name: string,
  attributes: Attributes = {},
  children: string | readonly string[] = "",
): string {
  const content = typeof children === "string" ? children : children.join("");
  const open = `<${checkedName(name)}${attributeString(attributes)}`;
  return content === "" ? `${open}/>` : `${open}>${content}</${name}>`;
}

/** An element whose content is plain text, escaped here (`<name …></name>` when the text is empty). */
export function textElement(name: string, attributes: Attributes, text: string): string {
  return `<${checkedName(name)}${attributeString(attributes)}>${escapeXml(text)}</${name}>`;
}

/** A `<title>` (the hover tooltip of its parent); empty text gives an empty string. */
export function tooltip(text: string): string {
  return text === "" ? "" : textElement("title", {}, text);
}

/** A `<g>` holding `children` with a hover tooltip (omitted when `title` is empty). */
export function titledGroup(
  title: string,
  children: string | readonly string[],
  attributes: Attributes = {},
): string {
  const content = typeof children === "string" ? children : children.join("");
  return element("g", attributes, tooltip(title) + content);
}

/** The font stack of every chart: Helvetica metrics (see textMetrics.ts) with metric-compatible fallbacks. */
export const FONT_FAMILY = "Helvetica, Arial, Liberation Sans, sans-serif";

/** Options of {@link svgDocument}. */
export interface SvgDocumentOptions {
  /** Pixels (CSS px); must be finite and > 0. */
  width: number;
  height: number;
  /** Document title: the first `<title>` (shown by viewers and read by screen readers). */
  title: string;
  /** Longer description in `<desc>` (omitted when empty). */
  description?: string;
  /** Background fill (default white; "none" for transparent). */
  background?: string;
}

/**
 * A standalone SVG file: XML declaration, `xmlns`, explicit width/height and a matching viewBox,
 * sans-serif font, `<title>`/`<desc>`, a background rectangle, then `body`. Throws on a size that is
 * not finite and positive.
 */
export function svgDocument(options: SvgDocumentOptions, body: string | readonly string[]): string {
  const { width, height } = options;
  if (!(Number.isFinite(width) && width > 0 && Number.isFinite(height) && height > 0))
    throw new RangeError(`SVG size must be finite and positive, got ${width} × ${height}`);
  const w = formatCoordinate(width);
  const h = formatCoordinate(height);
  const background = options.background ?? "#ffffff";
  const content = typeof body === "string" ? body : body.join("\n");
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg${attributeString({
      xmlns: "http://www.w3.org/2000/svg",
      version: "1.1",
      width: w,
      height: h,
      viewBox: `0 0 ${w} ${h}`,
      "font-family": FONT_FAMILY,
      role: "img",
    })}>`,
    tooltip(options.title),
    options.description ? textElement("desc", {}, options.description) : "",
    background === "none" ? "" : element("rect", { x: 0, y: 0, width, height, fill: background }),
    content,
    "</svg>",
  ]
    .filter((line) => line !== "")
    .join("\n")
    .concat("\n");
}

/** Tagged template for path data and point lists: each number is written by {@link formatCoordinate} (throws on NaN/±∞). */
export function pathData(strings: TemplateStringsArray, ...values: number[]): string {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += formatCoordinate(values[i]) + strings[i + 1];
  return out;
}
