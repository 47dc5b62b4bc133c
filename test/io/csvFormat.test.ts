import { describe, expect, it } from "vitest";
import { csvFloat, csvText, parseCsvLine, pythonFloatRepr, splitCsvRecords } from "../../src/io/csvFormat.js";

describe("pythonFloatRepr", () => {
  // Expected strings are Python 3.11's repr() of the same doubles.
  const cases: [number, string][] = [
    [1, "1.0"],
    [-2, "-2.0"],
    [0.1, "0.1"],
    [1e-5, "1e-05"],
    [0.0001, "0.0001"],
    [123456789012345680, "1.2345678901234568e+17"],
    [1e16, "1e+16"],
    [9999999999999998, "9999999999999998.0"],
    [1.5e-300, "1.5e-300"],
    [0.52042845111485203, "0.520428451114852"],
    [842.61300309597527, "842.6130030959753"],
    [-0.0, "-0.0"],
    [0, "0.0"],
    [Number.NaN, "nan"],
    [Number.POSITIVE_INFINITY, "inf"],
    [Number.NEGATIVE_INFINITY, "-inf"],
    [5e-324, "5e-324"],
    [1.7976931348623157e308, "1.7976931348623157e+308"],
    [100, "100.0"],
    [123.456, "123.456"],
  ];
  for (const [value, expected] of cases) {
    it(`${expected}`, () => expect(pythonFloatRepr(value)).toBe(expected));
  }
  it("round-trips random doubles", () => {
    let x = 0.123456789;
    for (let i = 0; i < 1000; i++) {
      x = (x * 7919.123) % 1e6;
      const v = x * 10 ** ((i % 40) - 20);
      expect(Number(pythonFloatRepr(v))).toBe(v);
    }
  });
});

describe("CSV fields", () => {
  it("writes NaN as an empty field, as pandas does by default", () => {
    expect(csvFloat(Number.NaN)).toBe("");
    expect(csvFloat(Number.POSITIVE_INFINITY)).toBe("inf");
  });
  it("quotes only when needed and parses back", () => {
    expect(csvText("+SEA")).toBe("+SEA");
    expect(csvText('a,"b"')).toBe('"a,""b"""');
    expect(parseCsvLine(`x,${csvText('a,"b"')},,Zürich kondition`)).toEqual([
      "x",
      'a,"b"',
      "",
      "Zürich kondition",
    ]);
  });
  it("splits records with quoted line breaks and CRLF", () => {
    expect(splitCsvRecords('a,b\r\n"x\ny",2\n3,4')).toEqual(["a,b", '"x\ny",2', "3,4"]);
  });
});
