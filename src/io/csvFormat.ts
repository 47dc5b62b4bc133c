/**
 * CSV spelling shared by every CSV this project writes, chosen so that pandas `read_csv`, DuckDB
 * and R read the values back exactly: floats as Python's `repr` (shortest round-trip digits),
 * NaN as an empty field (pandas' default `na_rep`), infinities as `inf` / `-inf`.
 */

/** Formats a float64 as Python's `repr(float)` does: `1.0`, `0.1`, `1e-05`, `1.5e+16`, `inf`, `nan`. */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (value === Number.POSITIVE_INFINITY) return "inf";
  if (value === Number.NEGATIVE_INFINITY) return "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  // Fast path: where JavaScript and Python both print fixed notation they print the same digits.
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e16) {
    const text = String(value);
    if (!text.includes("e")) return text.includes(".") ? text : `${text}.0`;
  }
  // toExponential() without an argument gives the shortest round-trip digits, like repr.
  const [mantissa, exponentText] = value.toExponential().split("e");
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const sign = negative ? "-" : "";
  if (exponent < -4 || exponent >= 16) {
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const expSign = exponent < 0 ? "-" : "+";
    return `${sign}${body}e${expSign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  const integerPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
  const fraction = digits.slice(exponent + 1);
  return `${sign}${integerPart}.${fraction || "0"}`;
}

/** A float field of a CSV row: Python repr, with NaN as the empty field pandas writes. */
export function csvFloat(value: number): string {
  return Number.isNaN(value) ? "" : pythonFloatRepr(value);
}

/** Quotes a text field when it holds a comma, quote, CR or LF (pandas' QUOTE_MINIMAL). */
export function csvText(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Splits one CSV record into fields (RFC 4180 quoting); `line` must not contain a record break. */
export function parseCsvLine(line: string): string[] {
  // Most records have no quoted field; splitting them directly avoids building every field
  // character by character (which dominated the time and garbage of reading large tables).
  if (!line.includes('"')) return line.split(",");
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      fields.push(field);
      field = "";
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/** Splits CSV text into records, honouring quoted fields that contain line breaks. */
export function splitCsvRecords(text: string): string[] {
  const records: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) {
      if (i > start) records.push(text.slice(start, i));
      if (ch === "\r" && text[i + 1] === "\n") i++;
      start = i + 1;
    }
  }
  if (start < text.length) records.push(text.slice(start));
  return records;
}
