/**
 * `skimage.transform.resize(image, (outHeight, outWidth))` with scikit-image 0.19 defaults on a
 * 2-D float64 image (SciPy 1.10): order 1 (bilinear), mode 'reflect' (SciPy 'mirror'), clip to
 * the input range, preserve_range irrelevant for float input, and anti-aliasing when any axis
 * shrinks — a Gaussian of sigma max(0, (scale − 1) / 2) per axis (scale = input / output
 * size), SciPy `gaussian_filter` with mode 'mirror' and truncate 4 — before
 * `ndimage.zoom(..., grid_mode=True)`, whose pixel-centre mapping and interpolation order are
 * reproduced operation by operation.
 */

import { extendIndex, gaussianFilter } from "./gaussian.js";

/**
 * Resizes a row-major `height × width` plane to `outHeight × outWidth` (values in the input's
 * units, clipped to the input's [min, max]). A plane holding NaN gives all NaN (scikit-image's
 * clip then uses NaN bounds).
 */
export function resize(
  plane: Float64Array,
  width: number,
  height: number,
  outWidth: number,
  outHeight: number,
): Float64Array {
  if (width < 1 || height < 1 || outWidth < 1 || outHeight < 1) {
    throw new RangeError(`resize needs non-empty shapes, got ${height}×${width} → ${outHeight}×${outWidth}`);
  }
  let minimum = Number.POSITIVE_INFINITY;
  let maximum = Number.NEGATIVE_INFINITY;
  let hasNaN = false;
  for (let i = 0; i < plane.length; i++) {
    const value = plane[i];
    if (value < minimum) minimum = value;
    if (value > maximum) maximum = value;
    if (Number.isNaN(value)) hasNaN = true;
  }
  const out = new Float64Array(outWidth * outHeight);
  if (hasNaN) return out.fill(Number.NaN);

  const rowScale = height / outHeight;
  const columnScale = width / outWidth;
  let source = plane;
  if (outHeight < height || outWidth < width) {
    source = gaussianFilter(
      plane,
      width,
      height,
      Math.max(0, (rowScale - 1) / 2),
      Math.max(0, (columnScale - 1) / 2),
      "mirror",
    );
  }

  const rows = linearTaps(height, outHeight);
  const columns = linearTaps(width, outWidth);
  for (let r = 0; r < outHeight; r++) {
    const top = rows.lower[r] * width;
    const bottom = rows.upper[r] * width;
    const topWeight = rows.lowerWeight[r];
    const bottomWeight = rows.upperWeight[r];
    for (let c = 0; c < outWidth; c++) {
      const left = columns.lower[c];
      const right = columns.upper[c];
      const leftWeight = columns.lowerWeight[c];
      const rightWeight = columns.upperWeight[c];
      // SciPy: t = 0; t += ((value · row weight) · column weight) over the 2×2 taps in row-major order.
      let value = 0;
      value += source[top + left] * topWeight * leftWeight;
      value += source[top + right] * topWeight * rightWeight;
      value += source[bottom + left] * bottomWeight * leftWeight;
      value += source[bottom + right] * bottomWeight * rightWeight;
      // np.clip(out, min, max): the value is never NaN here (NaN input returned early).
      out[r * outWidth + c] = Math.min(Math.max(value, minimum), maximum);
    }
  }
  return out;
}

/** The two input samples and weights that linear interpolation uses for each output position. */
interface Taps {
  lower: Int32Array;
  upper: Int32Array;
  lowerWeight: Float64Array;
  upperWeight: Float64Array;
}

/** SciPy `zoom` (grid_mode, mode 'mirror', order 1) sample positions along one axis. */
function linearTaps(inputLength: number, outputLength: number): Taps {
  const zoom = inputLength / outputLength;
  const taps: Taps = {
    lower: new Int32Array(outputLength),
    upper: new Int32Array(outputLength),
    lowerWeight: new Float64Array(outputLength),
    upperWeight: new Float64Array(outputLength),
  };
  for (let k = 0; k < outputLength; k++) {
    // Pixel centres line up: output k samples input position (k + 0.5)·zoom − 0.5.
    let position = k;
    position += 0.5;
    position *= zoom;
    position -= 0.5;
    position = mirrorCoordinate(position, inputLength);
    const start = Math.floor(position);
    const fraction = position - start;
    const lowerWeight = 1 - fraction;
    taps.lowerWeight[k] = lowerWeight;
    taps.upperWeight[k] = 1 - lowerWeight;
    taps.lower[k] = extendIndex(start, inputLength, "mirror");
    taps.upper[k] = extendIndex(start + 1, inputLength, "mirror");
  }
  return taps;
}

/** SciPy's `map_coordinate` for mode 'mirror': folds a coordinate back into [0, length − 1]. */
function mirrorCoordinate(position: number, length: number): number {
  if (length <= 1) return position < 0 || position > length - 1 ? 0 : position;
  const period = 2 * length - 2;
  if (position < 0) {
    position = period * Math.trunc(-position / period) + position;
    return position <= 1 - length ? position + period : -position;
  }
  if (position > length - 1) {
    position -= period * Math.trunc(position / period);
    if (position >= length) position = period - position;
  }
  return position;
}
