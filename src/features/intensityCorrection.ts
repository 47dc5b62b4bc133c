import type { CellImage } from "../image/cellImage.js";
import type { CellTransform } from "./pipeline.js";

/** An intensity range (min, max), or "image" for the channel's own minimum and maximum. */
export type IntensityRange = readonly [number, number] | "image";

/**
 * scifAI's `IntensityCorrection(in_range, out_range)`: each channel is mapped with scikit-image's
 * `rescale_intensity(plane, in_range, out_range)` — values are clipped to the input range and
 * mapped linearly onto the output range; a zero-width input range clips to the output range
 * instead. One range per channel (the constructor and `transformCell` throw a RangeError naming
 * both counts otherwise). Masks are passed through unchanged. NaN pixels stay NaN; an "image"
 * range of a plane holding NaN is NaN, so that whole plane becomes NaN (as in scikit-image).
 */
export class IntensityCorrection implements CellTransform {
  readonly name = "IntensityCorrection";
  readonly inRange: readonly IntensityRange[];
  readonly outRange: readonly (readonly [number, number])[];

  constructor(inRange: readonly IntensityRange[], outRange: readonly (readonly [number, number])[]) {
    if (inRange.length !== outRange.length) {
      throw new RangeError(
        `IntensityCorrection has ${inRange.length} input ranges but ${outRange.length} output ranges; give one of each per channel`,
      );
    }
    inRange.forEach((range, channel) => {
      if (range === "image") return;
      checkRange(range, `input range of channel ${channel}`);
      // scikit-image would clip everything to the maximum: almost certainly a mistake.
      if (range[0] > range[1])
        throw new RangeError(`input range of channel ${channel} is reversed: (${range[0]}, ${range[1]})`);
    });
    outRange.forEach((range, channel) => {
      checkRange(range, `output range of channel ${channel}`);
    });
    this.inRange = inRange.map((range) => (range === "image" ? range : ([range[0], range[1]] as const)));
    this.outRange = outRange.map((range) => [range[0], range[1]] as const);
  }

  outputChannels(channels: number): number {
    this.checkChannels(channels);
    return channels;
  }

  transformCell(cell: CellImage): CellImage {
    this.checkChannels(cell.channels);
    const image = cell.image.map((plane, channel) => {
      const out = new Float64Array(plane.length);
      const range = this.inRange[channel];
      const [inMin, inMax] = range === "image" ? planeRange(plane) : range;
      const [outMin, outMax] = this.outRange[channel];
      rescaleIntensity(plane, inMin, inMax, outMin, outMax, out);
      return out;
    });
    return { height: cell.height, width: cell.width, channels: cell.channels, image, mask: cell.mask };
  }

  private checkChannels(channels: number): void {
    if (channels !== this.inRange.length) {
      throw new RangeError(
        `IntensityCorrection has ${this.inRange.length} intensity ranges for a cell with ${channels} channels; give one per channel`,
      );
    }
  }
}

/**
 * scikit-image `rescale_intensity(values, in_range=(inMin, inMax), out_range=(outMin, outMax))`
 * on float64 values, written to `out` (may be `values`): clip to [inMin, inMax], then
 * `(v − inMin) / (inMax − inMin) · (outMax − outMin) + outMin` in that order; when inMin = inMax,
 * clip to [outMin, outMax] instead. NaN values (or a NaN bound) give NaN.
 */
export function rescaleIntensity(
  values: ArrayLike<number>,
  inMin: number,
  inMax: number,
  outMin: number,
  outMax: number,
  out: Float64Array,
): void {
  const length = values.length;
  if (Number.isNaN(inMin) || Number.isNaN(inMax) || Number.isNaN(outMin) || Number.isNaN(outMax)) {
    out.fill(Number.NaN, 0, length);
    return;
  }
  if (inMin !== inMax) {
    const inWidth = inMax - inMin;
    const outWidth = outMax - outMin;
    for (let i = 0; i < length; i++) {
      const v = values[i];
      // np.clip is minimum(maximum(v, low), high) keeping −0 and NaN as they are, which
      // Math.max/min would not (Math.max(−0, 0) is +0): the comparisons below are NumPy's.
      // biome-ignore lint/complexity/useMathMinMax: NumPy's −0 semantics, see above.
      const raised = v < inMin ? inMin : v;
      // biome-ignore lint/complexity/useMathMinMax: NumPy's −0 semantics, see above.
      const clipped = raised > inMax ? inMax : raised;
      out[i] = ((clipped - inMin) / inWidth) * outWidth + outMin;
    }
    return;
  }
  for (let i = 0; i < length; i++) {
    const v = values[i];
    // Every non-NaN value is inMin after the first clip; a reversed output range gives outMax, as np.clip.
    const clipped = Number.isNaN(v) ? v : inMin;
    // biome-ignore lint/complexity/useMathMinMax: NumPy's −0 semantics, as above.
    const raised = clipped < outMin ? outMin : clipped;
    // biome-ignore lint/complexity/useMathMinMax: NumPy's −0 semantics, as above.
    out[i] = raised > outMax ? outMax : raised;
  }
}

/** Minimum and maximum of a plane as `np.min`/`np.max` (NaN when any value is NaN or the plane is empty). */
function planeRange(plane: Float64Array): [number, number] {
  if (plane.length === 0) return [Number.NaN, Number.NaN];
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < plane.length; i++) {
    const v = plane[i];
    if (Number.isNaN(v)) return [Number.NaN, Number.NaN];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

function checkRange(range: readonly number[], what: string): void {
  if (!Array.isArray(range) || range.length !== 2 || !range.every((v) => typeof v === "number"))
    throw new RangeError(`${what} must be a pair of numbers (min, max)`);
  if (!range.every(Number.isFinite))
    throw new RangeError(`${what} must be finite, got (${range.join(", ")})`);
}
