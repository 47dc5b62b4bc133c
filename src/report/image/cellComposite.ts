import type { CellImage } from "../../image/cellImage.js";
import { percentiles } from "../../image/statistics.js";

/** One channel of a composite: which channel, its colour, and its contrast stretch. */
export interface CompositeChannel {
  /** 0-based channel index. */
  channel: number;
  /** Colour as [r, g, b] in 0…255. */
  color: readonly [number, number, number];
  /** Contrast stretch: intensity percentiles mapped to black and full colour (default 1 and 99.5). */
  low?: number;
  high?: number;
  /** Absolute intensity bounds mapped to black and full colour; overrides `low`/`high` (use one range for many cells so they compare). */
  range?: readonly [number, number];
}

/** Colours for channels without a known marker name, in order. */
export const FALLBACK_COLORS: readonly (readonly [number, number, number])[] = [
  [255, 0, 255],
  [0, 200, 255],
  [255, 200, 0],
  [255, 40, 40],
  [120, 255, 120],
  [255, 128, 0],
];

/** Default colours of the study's markers (bright field grey, then distinguishable hues). */
export const MARKER_COLORS: Readonly<Record<string, readonly [number, number, number]>> = {
  BF: [160, 160, 160],
  "F-Actin": [255, 0, 255],
  MHCII: [0, 200, 255],
  CD3: [255, 200, 0],
  "P-CD3zeta": [255, 40, 40],
  Antibody: [120, 255, 120],
  CD18: [255, 128, 0],
  "Live-Dead": [255, 255, 255],
};

/**
 * Renders channels of a cell as one 8-bit RGB image (row-major, 3 bytes per pixel): each channel is
 * contrast-stretched between its own percentiles, tinted with its colour, and the tints are added
 * (clipped at 255). With `outline`, the boundary pixels of that channel's mask are drawn in white.
 * A flat channel renders black. `scale` repeats pixels for bigger thumbnails (default 1).
 */
export function renderComposite(
  cell: CellImage,
  channels: readonly CompositeChannel[],
  options: { outlineChannel?: number; scale?: number } = {},
): { rgb: Uint8Array; width: number; height: number } {
  const scale = Math.max(1, Math.round(options.scale ?? 1));
  const { width, height } = cell;
  const pixels = width * height;
  const sum = new Float64Array(pixels * 3);
  const bounds = new Float64Array(2);
  for (const spec of channels) {
    const plane = cell.image[spec.channel];
    if (!plane) throw new RangeError(`channel ${spec.channel} does not exist (${cell.channels} channels)`);
    if (spec.range) bounds.set(spec.range);
    else percentiles(plane, [spec.low ?? 1, spec.high ?? 99.5], bounds);
    const span = bounds[1] - bounds[0];
    if (!(span > 0)) continue;
    for (let p = 0; p < pixels; p++) {
      const t = Math.min(1, Math.max(0, (plane[p] - bounds[0]) / span));
      sum[3 * p] += t * spec.color[0];
      sum[3 * p + 1] += t * spec.color[1];
      sum[3 * p + 2] += t * spec.color[2];
    }
  }
  const outline =
    options.outlineChannel !== undefined && cell.mask ? cell.mask[options.outlineChannel] : null;
  const outWidth = width * scale;
  const rgb = new Uint8Array(outWidth * height * scale * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      let r = Math.min(255, Math.round(sum[3 * p]));
      let g = Math.min(255, Math.round(sum[3 * p + 1]));
      let b = Math.min(255, Math.round(sum[3 * p + 2]));
      if (
        outline?.[p] &&
        (x === 0 ||
          y === 0 ||
          x === width - 1 ||
          y === height - 1 ||
          !outline[p - 1] ||
          !outline[p + 1] ||
          !outline[p - width] ||
          !outline[p + width])
      ) {
        r = g = b = 255;
      }
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const at = ((y * scale + dy) * outWidth + x * scale + dx) * 3;
          rgb[at] = r;
          rgb[at + 1] = g;
          rgb[at + 2] = b;
        }
      }
    }
  }
  return { rgb, width: outWidth, height: height * scale };
}

/**
 * Display bounds of one channel over many cells: the `low` and `high` percentiles (0–100, NumPy's
 * linear interpolation) of all their pixels pooled, so every cell is shown with the same contrast.
 * No pixel gives [0, 1]; equal bounds give [low, low + 1].
 */
export function pooledChannelRange(
  planes: readonly Float64Array[],
  low: number,
  high: number,
): [number, number] {
  let total = 0;
  for (const plane of planes) total += plane.length;
  if (total === 0) return [0, 1];
  const pooled = new Float64Array(total);
  let at = 0;
  for (const plane of planes) {
    pooled.set(plane, at);
    at += plane.length;
  }
  const bounds = new Float64Array(2);
  percentiles(pooled, [low, high], bounds);
  if (!Number.isFinite(bounds[0])) return [0, 1];
  return [bounds[0], bounds[1] > bounds[0] ? bounds[1] : bounds[0] + 1];
}
