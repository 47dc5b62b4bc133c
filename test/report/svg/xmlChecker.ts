/**
 * A small strict XML 1.0 well-formedness checker and tree builder for the SVG tests (no XML parser
 * is installed). It rejects what real XML parsers reject and our writer must never emit: unclosed or
 * mismatched tags, a bare `&` or `<`, undefined entities, duplicate or unquoted attributes, characters
 * XML forbids, text outside the root, several roots. DOCTYPEs are rejected outright (we emit none).
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
}

export type XmlNode = XmlElement | string;

export class XmlError extends Error {
  constructor(message: string, offset: number, source: string) {
    const line = source.slice(0, offset).split("\n").length;
    super(
      `${message} at offset ${offset} (line ${line}): ${JSON.stringify(source.slice(offset, offset + 40))}`,
    );
  }
}

const NAME_START = /[A-Za-z_:]/;
const NAME_CHAR = /[A-Za-z0-9_:.-]/;
const PREDEFINED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** Parses `source` as a whole XML document and returns its root element; throws XmlError when not well-formed. */
export function parseXml(source: string): XmlElement {
  // Every character must be a legal XML character (lone surrogates included).
  for (let i = 0; i < source.length; i++) {
    const code = source.codePointAt(i)!;
    if (code > 0xffff) {
      i++;
      continue;
    }
    if (!isXmlChar(code))
      throw new XmlError(`illegal character U+${code.toString(16).padStart(4, "0")}`, i, source);
  }
  let pos = 0;
  const fail = (message: string): never => {
    throw new XmlError(message, pos, source);
  };
  const startsWith = (text: string) => source.startsWith(text, pos);
  const skipSpace = () => {
    while (pos < source.length && /[ \t\r\n]/.test(source[pos])) pos++;
  };
  const readName = (): string => {
    const start = pos;
    if (!NAME_START.test(source[pos] ?? "")) fail("expected a name");
    pos++;
    while (pos < source.length && NAME_CHAR.test(source[pos])) pos++;
    return source.slice(start, pos);
  };
  const readReference = (): string => {
    // At '&'.
    const end = source.indexOf(";", pos);
    if (end < 0 || end - pos > 12) fail("unterminated or bare '&'");
    const body = source.slice(pos + 1, end);
    let value: string;
    if (/^#[0-9]+$/.test(body) || /^#x[0-9a-fA-F]+$/.test(body)) {
      const code = body[1] === "x" ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      if (!isXmlChar(code)) fail(`character reference to an illegal character (${body})`);
      value = String.fromCodePoint(code);
    } else if (body in PREDEFINED) value = PREDEFINED[body];
    else return fail(`undefined entity &${body};`);
    pos = end + 1;
    return value;
  };
  const skipComment = () => {
    const end = source.indexOf("-->", pos + 4);
    if (end < 0) fail("unterminated comment");
    if (source.slice(pos + 4, end).includes("--")) fail("'--' inside a comment");
    pos = end + 3;
  };
  const skipProcessingInstruction = () => {
    const end = source.indexOf("?>", pos + 2);
    if (end < 0) fail("unterminated processing instruction");
    pos = end + 2;
  };
  const skipMisc = () => {
    for (;;) {
      skipSpace();
      if (startsWith("<!--")) skipComment();
      else if (startsWith("<?")) {
        if (/^<\?xml[ \t\r\n?]/i.test(source.slice(pos, pos + 6))) fail("XML declaration not at the start");
        skipProcessingInstruction();
      } else return;
    }
  };

  const parseElement = (): XmlElement => {
    if (source[pos] !== "<") fail("expected '<'");
    pos++;
    const name = readName();
    const attributes: Record<string, string> = {};
    for (;;) {
      const before = pos;
      skipSpace();
      if (startsWith("/>")) {
        pos += 2;
        return { name, attributes, children: [] };
      }
      if (source[pos] === ">") {
        pos++;
        break;
      }
      if (pos === before) fail("expected whitespace before an attribute");
      const attribute = readName();
      if (Object.hasOwn(attributes, attribute)) fail(`duplicate attribute ${attribute}`);
      skipSpace();
      if (source[pos] !== "=") fail("expected '=' after an attribute name");
      pos++;
      skipSpace();
      const quote = source[pos];
      if (quote !== '"' && quote !== "'") fail("attribute value must be quoted");
      pos++;
      let value = "";
      for (;;) {
        if (pos >= source.length) fail("unterminated attribute value");
        const c = source[pos];
        if (c === quote) {
          pos++;
          break;
        }
        if (c === "<") fail("'<' in an attribute value");
        if (c === "&") value += readReference();
        else {
          // Attribute-value normalisation: white space characters become spaces.
          value += /[\t\r\n]/.test(c) ? " " : c;
          pos++;
        }
      }
      attributes[attribute] = value;
    }
    const children: XmlNode[] = [];
    let text = "";
    const flush = () => {
      if (text !== "") children.push(text);
      text = "";
    };
    for (;;) {
      if (pos >= source.length) fail(`unclosed element <${name}>`);
      if (startsWith("</")) {
        pos += 2;
        const closing = readName();
        if (closing !== name) fail(`</${closing}> closes <${name}>`);
        skipSpace();
        if (source[pos] !== ">") fail("expected '>'");
        pos++;
        flush();
        return { name, attributes, children };
      }
      if (startsWith("<!--")) skipComment();
      else if (startsWith("<![CDATA[")) {
        const end = source.indexOf("]]>", pos);
        if (end < 0) fail("unterminated CDATA section");
        text += source.slice(pos + 9, end);
        pos = end + 3;
      } else if (startsWith("<?")) skipProcessingInstruction();
      else if (startsWith("<!")) fail("markup declaration inside content");
      else if (source[pos] === "<") {
        flush();
        children.push(parseElement());
      } else if (source[pos] === "&") text += readReference();
      else {
        if (startsWith("]]>")) fail("']]>' in text");
        text += source[pos];
        pos++;
      }
    }
  };

  if (startsWith("<?xml")) {
    const end = source.indexOf("?>");
    if (end < 0) fail("unterminated XML declaration");
    const declaration = source.slice(0, end + 2);
    if (
      !/^<\?xml\s+version="1\.[0-9]"(\s+encoding="[A-Za-z][A-Za-z0-9._-]*")?(\s+standalone="(yes|no)")?\s*\?>$/.test(
        declaration,
      )
    )
      fail("malformed XML declaration");
    pos = end + 2;
  }
  skipMisc();
  if (startsWith("<!DOCTYPE")) fail("DOCTYPE not supported by this checker");
  if (source[pos] !== "<") fail("expected the root element");
  const root = parseElement();
  skipMisc();
  if (pos !== source.length) fail("content after the root element");
  return root;
}

/** Every element named `name` in document order (the root included). */
export function findAll(root: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (element: XmlElement) => {
    if (element.name === name) found.push(element);
    for (const child of element.children) if (typeof child !== "string") visit(child);
  };
  visit(root);
  return found;
}

/** The decoded text inside an element, descendants included, `<title>` children excluded. */
export function textContent(element: XmlElement): string {
  return element.children
    .map((child) => (typeof child === "string" ? child : child.name === "title" ? "" : textContent(child)))
    .join("");
}

/** The element children (text dropped). */
export function elementChildren(element: XmlElement): XmlElement[] {
  return element.children.filter((child): child is XmlElement => typeof child !== "string");
}
