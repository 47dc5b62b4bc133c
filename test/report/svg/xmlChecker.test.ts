import { describe, expect, it } from "vitest";
import { findAll, parseXml, textContent } from "./xmlChecker.js";

// The chart tests trust this checker, so it must reject what real XML parsers reject.
describe("parseXml (test helper)", () => {
  it("accepts a well-formed document and decodes text and attributes", () => {
    const root = parseXml(
      '<?xml version="1.0" encoding="UTF-8"?>\n<!-- c --><svg a="1 &amp; 2" b=\'&quot;q&quot;\'><g><text>x &lt; y &#65;&#x42;</text></g><rect/><![CDATA[<raw>]]></svg>\n',
    );
    expect(root.name).toBe("svg");
    expect(root.attributes).toEqual({ a: "1 & 2", b: '"q"' });
    expect(textContent(findAll(root, "text")[0])).toBe("x < y AB");
    expect(findAll(root, "rect")).toHaveLength(1);
    expect(textContent(root)).toBe("x < y AB<raw>");
  });

  it.each([
    ["an unclosed element", "<a><b></a>"],
    ["a mismatched end tag", "<a></b>"],
    ["a bare ampersand", "<a>x & y</a>"],
    ["an undefined entity", "<a>&nbsp;</a>"],
    ["a '<' in text", "<a>1 < 2</a>"],
    ["a '<' in an attribute", '<a t="<"/>'],
    ["a bare ampersand in an attribute", '<a t="&"/>'],
    ["an unquoted attribute", "<a t=1/>"],
    ["a duplicate attribute", '<a t="1" t="2"/>'],
    ["attributes without whitespace", '<a t="1"u="2"/>'],
    ["two roots", "<a/><b/>"],
    ["text after the root", "<a/>x"],
    ["a control character", "<a>\u0001</a>"],
    ["a lone surrogate", "<a>\ud83d</a>"],
    ["a reference to a control character", "<a>&#1;</a>"],
    ["']]>' in text", "<a>]]></a>"],
    ["'--' in a comment", "<a><!-- a -- b --></a>"],
    ["a late XML declaration", ' <?xml version="1.0"?><a/>'],
    ["a DOCTYPE", "<!DOCTYPE a><a/>"],
    ["an empty document", ""],
  ])("rejects %s", (_, source) => {
    expect(() => parseXml(source)).toThrow();
  });
});
