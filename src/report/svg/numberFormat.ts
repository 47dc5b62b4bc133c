/**
 * Number formatting for charts, independent of the machine's locale (so the same input gives the
 * same bytes everywhere): thousands separated by commas, the typographic minus sign (U+2212), and
 * tick labels with exactly the decimals their step needs.
 */

/** The minus sign used in labels (U+2212, as typeset; a hyphen is shorter and reads as a dash). */
export const MINUS = "\u2212";

/** A pixel coordinate for an attribute: rounded to 0.01 px, no trailing zeros, never "-0"; throws on NaN/±∞. */
export function formatCoordinate(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`cannot write a non-finite coordinate (${value})`);
  const rounded = Math.round(value * 100) / 100;
  return rounded === 0 ? "0" : String(rounded);
}

function groupThousands(digits: string): string {
  let out = "";
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ",";
    out += digits[i];
  }
  return out;
}

function nonFinite(value: number): string | undefined {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "∞";
  if (value === Number.NEGATIVE_INFINITY) return `${MINUS}∞`;
  return undefined;
}

/** `value` with exactly `decimals` decimals, thousands grouped ("1,234.50"), U+2212 minus; "−0.00" prints as "0.00". */
export function formatFixed(value: number, decimals: number): string {
  const special = nonFinite(value);
  if (special !== undefined) return special;
  const text = Math.abs(value).toFixed(Math.max(0, Math.min(20, Math.round(decimals))));
  const dot = text.indexOf(".");
  const integer = dot < 0 ? text : text.slice(0, dot);
  const fraction = dot < 0 ? "" : text.slice(dot);
  const body = groupThousands(integer) + fraction;
  return value < 0 && /[1-9]/.test(text) ? MINUS + body : body;
}

/** An integer count with thousands separators ("12,345"); non-integers are rounded; NaN → "NaN". */
export function formatCount(value: number): string {
  return formatFixed(Math.round(value), 0);
}

/** A fraction as a percentage with `decimals` decimals (0.1234 → "12.3%"); NaN → "NaN". */
export function formatPercent(fraction: number, decimals = 1): string {
  const special = nonFinite(fraction);
  return special ?? `${formatFixed(fraction * 100, decimals)}%`;
}

function trimZeros(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/** Scientific notation with `significant` digits and a short exponent: 0.000123 → "1.23e−4". */
export function formatExponential(value: number, significant = 3): string {
  const special = nonFinite(value);
  if (special !== undefined) return special;
  if (value === 0) return "0";
  const [mantissa, exponent] = Math.abs(value)
    .toExponential(Math.max(0, significant - 1))
    .split("e");
  const power = Number(exponent);
  const sign = value < 0 ? MINUS : "";
  return `${sign}${trimZeros(mantissa)}e${power < 0 ? MINUS : ""}${Math.abs(power)}`;
}

/**
 * A value for a label with `significant` digits (default 3), trailing zeros dropped: 0.012345 → "0.0123",
 * 1234.5 → "1,230"; magnitudes ≥ 1e9 or < 1e−3 in scientific notation; NaN → "NaN", ±∞ → "∞"/"−∞".
 */
export function formatNumber(value: number, significant = 3): string {
  const special = nonFinite(value);
  if (special !== undefined) return special;
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  // Cell counts in the millions read better in full ("1,250,000") than as 1.25e6.
  if (magnitude >= 1e9 || magnitude < 1e-3) return formatExponential(value, significant);
  const rounded = Number(value.toPrecision(significant));
  const decimals = Math.max(0, significant - 1 - Math.floor(Math.log10(Math.abs(rounded))));
  return trimZeros(formatFixed(rounded, decimals));
}

/** {@link formatNumber} with an explicit sign for changes: "+0.12", "−0.034", "0". */
export function formatSigned(value: number, significant = 3): string {
  const text = formatNumber(value, significant);
  return value > 0 && Number.isFinite(value) ? `+${text}` : text;
}

/** Decimals a tick step of the form {1, 2, 5} × 10^k needs (0.05 → 2, 20 → 0); 0 for a non-positive or non-finite step. */
export function tickDecimals(step: number): number {
  if (!(step > 0) || !Number.isFinite(step)) return 0;
  // The small bias keeps steps such as 0.1 (stored as 0.1000…0055) at one decimal.
  return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
}

/**
 * A tick label: the decimals the step needs (ticks 0, 0.25, 0.5 with step 0.25 → "0.25"), thousands
 * grouped; scientific notation for huge values (≥ 1e9) or tiny steps (< 1e−4, which would need 5+ decimals).
 */
export function formatTick(value: number, step: number): string {
  const special = nonFinite(value);
  if (special !== undefined) return special;
  if (Math.abs(value) >= 1e9 || (step > 0 && step < 1e-4)) {
    if (value === 0) return "0";
    const digits =
      step > 0 ? Math.max(1, Math.floor(Math.log10(Math.abs(value))) - Math.floor(Math.log10(step)) + 1) : 3;
    return formatExponential(value, Math.min(digits, 6));
  }
  // Steps like 0.25 need one more decimal than their leading digit says.
  let decimals = tickDecimals(step);
  while (
    decimals < 12 &&
    Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) > 1e-6 * step * 10 ** decimals
  )
    decimals++;
  return formatFixed(value, decimals);
}

/** A count with its noun, singular for exactly 1: (1, "test") → "1 test", (1200, "cell") → "1,200 cells". */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : plural}`;
}
