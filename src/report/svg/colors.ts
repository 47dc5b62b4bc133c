/**
 * Colours: colour-blind-safe categorical palettes (Okabe & Ito 2008; Tableau 10), the blue → red
 * feature-value map of SHAP plots, and ColorBrewer's diverging RdBu and sequential Blues, all as
 * "#rrggbb" strings (the form every SVG consumer understands).
 */

/** Okabe–Ito palette, ordered so that the first colours differ most (yellow, weak on white, late). */
export const OKABE_ITO: readonly string[] = [
  "#0072b2",
  "#e69f00",
  "#009e73",
  "#cc79a7",
  "#56b4e9",
  "#d55e00",
  "#f0e442",
  "#000000",
];

/** Tableau 10 (Tableau's default since 2016), for 9–10 categories. */
export const TABLEAU_10: readonly string[] = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
];

// The light halves of Tableau 20, appended for 11–20 categories.
const TABLEAU_20_LIGHT: readonly string[] = [
  "#a0cbe8",
  "#ffbe7d",
  "#ff9d9a",
  "#86bcb6",
  "#8cd17d",
  "#f1ce63",
  "#d4a6c8",
  "#fabfd2",
  "#d7b5a6",
  "#79706e",
];

/** Blue of SHAP plots (negative contributions, low feature values). */
export const SHAP_BLUE = "#008bfa";
/** Red of SHAP plots (positive contributions, high feature values). */
export const SHAP_RED = "#ff0052";
/** Marks whose colour value is missing (NaN feature value). */
export const MISSING_COLOR = "#a0a0a0";
/** Axis lines, ticks and labels. */
export const AXIS_COLOR = "#333333";
/** Secondary text (subtitles, captions). */
export const MUTED_TEXT_COLOR = "#666666";
/** Grid and guide lines. */
export const GRID_COLOR = "#e6e6e6";

/**
 * `count` distinct categorical colours: Okabe–Ito up to 8, Tableau 10 up to 10, Tableau 20 up to
 * 20, then Tableau 20 repeated (beyond 20 categories colour alone cannot tell them apart).
 */
export function categoricalColors(count: number): string[] {
  const palette =
    count <= OKABE_ITO.length ? OKABE_ITO : count <= 10 ? TABLEAU_10 : [...TABLEAU_10, ...TABLEAU_20_LIGHT];
  return Array.from({ length: Math.max(0, count) }, (_, i) => palette[i % palette.length]);
}

/** Parses "#rgb" or "#rrggbb" into [r, g, b] in 0..255; throws on anything else. */
export function parseHexColor(color: string): [number, number, number] {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color);
  if (!match) throw new RangeError(`not a hex colour: ${JSON.stringify(color)}`);
  const hex = match[1].length === 3 ? [...match[1]].map((c) => c + c).join("") : match[1];
  return [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** "#rrggbb" from channels in 0..255 (rounded and clamped). */
export function hexColor(r: number, g: number, b: number): string {
  const channel = (v: number) =>
    Math.round(Math.min(255, Math.max(0, v)))
      .toString(16)
      .padStart(2, "0");
  return `#${channel(r)}${channel(g)}${channel(b)}`;
}

function clamp01(t: number): number {
  return t < 0 ? 0 : Math.min(t, 1);
}

/** The colour at t ∈ [0, 1] along equally spaced stops, interpolated in sRGB; t is clamped; NaN → {@link MISSING_COLOR}. */
export function interpolateStops(stops: readonly string[], t: number): string {
  if (Number.isNaN(t)) return MISSING_COLOR;
  if (stops.length === 1) return stops[0];
  const position = clamp01(t) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(position));
  const f = position - i;
  const a = parseHexColor(stops[i]);
  const b = parseHexColor(stops[i + 1]);
  return hexColor(a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f);
}

// --- OKLab (Ottosson 2020): a perceptual space where straight lines look like even gradients ---

function toLinear(channel: number): number {
  const c = channel / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function fromLinear(value: number): number {
  const v = value <= 0.0031308 ? 12.92 * value : 1.055 * value ** (1 / 2.4) - 0.055;
  return v * 255;
}

function toOklch(color: string): [number, number, number] {
  const [r, g, b] = parseHexColor(color).map(toLinear);
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  const L = 0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s;
  const A = 1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s;
  const B = 0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s;
  return [L, Math.hypot(A, B), Math.atan2(B, A)];
}

function fromOklch(L: number, C: number, h: number): string {
  const A = C * Math.cos(h);
  const B = C * Math.sin(h);
  const l = (L + 0.3963377774 * A + 0.2158037573 * B) ** 3;
  const m = (L - 0.1055613458 * A - 0.0638541728 * B) ** 3;
  const s = (L - 0.0894841775 * A - 1.291485548 * B) ** 3;
  const r = 4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s;
  const g = -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s;
  const b = -0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s;
  return hexColor(fromLinear(r), fromLinear(g), fromLinear(b));
}

/** n colours from `from` to `to` along the shorter hue arc in OKLCh (blue → red passes through purple, as in SHAP). */
export function oklchRamp(from: string, to: string, n: number): string[] {
  const [l0, c0, h0] = toOklch(from);
  const [l1, c1, h1raw] = toOklch(to);
  let h1 = h1raw;
  if (h1 - h0 > Math.PI) h1 -= 2 * Math.PI;
  if (h0 - h1 > Math.PI) h1 += 2 * Math.PI;
  return Array.from({ length: n }, (_, i) => {
    const f = n === 1 ? 0 : i / (n - 1);
    return fromOklch(l0 + (l1 - l0) * f, c0 + (c1 - c0) * f, h0 + (h1 - h0) * f);
  });
}

let featureValueTable: string[] | undefined;

/**
 * SHAP's feature-value colour: low (t = 0) blue → purple → red high (t = 1), t clamped; NaN →
 * {@link MISSING_COLOR}. Quantised to 256 levels (a lookup: thousands of points per chart).
 */
export function featureValueColor(t: number): string {
  if (Number.isNaN(t)) return MISSING_COLOR;
  featureValueTable ??= oklchRamp(SHAP_BLUE, SHAP_RED, 256);
  return featureValueTable[Math.round(clamp01(t) * 255)];
}

/** ColorBrewer RdBu reversed: blue (t = 0) → near-white (0.5) → red (1), for signed values around a centre. */
export const DIVERGING_BLUE_RED: readonly string[] = [
  "#2166ac",
  "#4393c3",
  "#92c5de",
  "#d1e5f0",
  "#f7f7f7",
  "#fddbc7",
  "#f4a582",
  "#d6604d",
  "#b2182b",
];

/** {@link DIVERGING_BLUE_RED} at t ∈ [0, 1] (clamped; NaN → {@link MISSING_COLOR}). */
export function divergingColor(t: number): string {
  return interpolateStops(DIVERGING_BLUE_RED, t);
}

/** ColorBrewer Blues: near-white (t = 0) → dark blue (1), for counts and fractions. */
export const SEQUENTIAL_BLUES: readonly string[] = [
  "#f7fbff",
  "#deebf7",
  "#c6dbef",
  "#9ecae1",
  "#6baed6",
  "#4292c6",
  "#2171b5",
  "#08519c",
  "#08306b",
];

/** {@link SEQUENTIAL_BLUES} at t ∈ [0, 1] (clamped; NaN → {@link MISSING_COLOR}). */
export function sequentialColor(t: number): string {
  return interpolateStops(SEQUENTIAL_BLUES, t);
}

/** WCAG relative luminance of a hex colour, in [0, 1]. */
export function relativeLuminance(color: string): number {
  const [r, g, b] = parseHexColor(color).map(toLinear);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Black or white, whichever contrasts more with `background` (WCAG contrast ratio). */
export function readableTextColor(background: string): "#000000" | "#ffffff" {
  const luminance = relativeLuminance(background);
  const contrastWithBlack = (luminance + 0.05) / 0.05;
  const contrastWithWhite = 1.05 / (luminance + 0.05);
  return contrastWithBlack >= contrastWithWhite ? "#000000" : "#ffffff";
}
