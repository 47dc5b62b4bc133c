/**
 * Binary morphology with flat structuring elements, with scikit-image 0.19 semantics:
 * `morphology.disk`, `binary_dilation` (pixels outside the image are background),
 * `binary_erosion` (pixels outside the image are FOREGROUND: scikit-image passes
 * `border_value=True` to SciPy) and `binary_closing` (dilation then that erosion, so closing
 * never eats into objects that touch the border).
 */

/** A flat structuring element of odd width and height, centred on its middle pixel. */
export interface Footprint {
  readonly width: number;
  readonly height: number;
  /** Row-major 0/1 values. */
  readonly data: Uint8Array;
}

/** The disk of `radius` pixels, (x² + y² ≤ radius²), as `skimage.morphology.disk(radius)`. */
export function disk(radius: number): Footprint {
  if (!Number.isInteger(radius) || radius < 0) {
    throw new RangeError(`disk radius must be a non-negative integer, got ${radius}`);
  }
  const size = 2 * radius + 1;
  const data = new Uint8Array(size * size);
  for (let y = -radius; y <= radius; y++) {
    for (let x = -radius; x <= radius; x++) {
      if (x * x + y * y <= radius * radius) data[(y + radius) * size + (x + radius)] = 1;
    }
  }
  return { width: size, height: size, data };
}

/**
 * Binary dilation of a row-major 0/1 plane by `footprint`, as `skimage.morphology.binary_dilation`
 * (SciPy reflects the footprint; pixels outside the image count as background). Returns a new plane.
 */
export function binaryDilation(
  mask: ArrayLike<number>,
  width: number,
  height: number,
  footprint: Footprint,
): Uint8Array {
  // Dilation by F sets p when some pixel of the reflected F, placed at p, covers a set pixel.
  return anyCovered(mask, width, height, reflect(footprint), false);
}

/**
 * Binary erosion of a row-major 0/1 plane by `footprint`, as `skimage.morphology.binary_erosion`:
 * a pixel stays set when every footprint pixel placed on it is set, pixels outside the image
 * counting as set (SciPy `border_value=True`). Returns a new plane.
 */
export function binaryErosion(
  mask: ArrayLike<number>,
  width: number,
  height: number,
  footprint: Footprint,
): Uint8Array {
  // p survives unless the footprint placed at p covers an unset pixel (outside never does).
  const out = anyCovered(mask, width, height, footprint, true);
  for (let i = 0; i < out.length; i++) out[i] ^= 1;
  return out;
}

/**
 * Binary closing (dilation, then erosion with the border counted as set), as
 * `skimage.morphology.binary_closing`. Returns a new 0/1 plane.
 */
export function binaryClosing(
  mask: ArrayLike<number>,
  width: number,
  height: number,
  footprint: Footprint,
): Uint8Array {
  return binaryErosion(binaryDilation(mask, width, height, footprint), width, height, footprint);
}

function reflect(footprint: Footprint): Footprint {
  const { width, height, data } = footprint;
  const reflected = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) reflected[data.length - 1 - i] = data[i];
  return { width, height, data: reflected };
}

/** Horizontal runs of a footprint, as offsets (rows dy, columns from … to) from its centre. */
interface Runs {
  dy: Int32Array;
  from: Int32Array;
  to: Int32Array;
}

function footprintRuns(footprint: Footprint, negate: boolean): Runs {
  const { width, height, data } = footprint;
  if (width % 2 === 0 || height % 2 === 0 || data.length !== width * height) {
    throw new RangeError(`footprint must have odd width and height, got ${width}×${height}`);
  }
  const dy: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const cy = (height - 1) / 2;
  const cx = (width - 1) / 2;
  for (let y = 0; y < height; y++) {
    let x = 0;
    while (x < width) {
      if (data[y * width + x] === 0) {
        x++;
        continue;
      }
      const start = x;
      while (x < width && data[y * width + x] !== 0) x++;
      if (negate) {
        dy.push(cy - y);
        from.push(cx - (x - 1));
        to.push(cx - start);
      } else {
        dy.push(y - cy);
        from.push(start - cx);
        to.push(x - 1 - cx);
      }
    }
  }
  return { dy: Int32Array.from(dy), from: Int32Array.from(from), to: Int32Array.from(to) };
}

/**
 * out[p] = 1 when the footprint placed at p (offsets from its centre) covers a set pixel of Y,
 * where Y is the mask, or its complement when `complement`; pixels outside the image are never
 * set in Y.
 */
function anyCovered(
  mask: ArrayLike<number>,
  width: number,
  height: number,
  footprint: Footprint,
  complement: boolean,
): Uint8Array {
  const pixels = width * height;
  const set = new Uint8Array(pixels);
  const wanted = complement ? 0 : 1;
  for (let i = 0; i < pixels; i++) set[i] = (mask[i] !== 0 ? 1 : 0) === wanted ? 1 : 0;
  if (reachesCentreByAxisSteps(footprint))
    return stampFromBoundary(set, width, height, footprintRuns(footprint, true));
  return scanWithPrefixCounts(set, width, height, footprintRuns(footprint, false));
}

/**
 * True when the footprint holds its centre and every other pixel has a 4-neighbour one step
 * closer to the centre (along a row or a column) that is also in the footprint — disks, squares
 * and crosses do. For such footprints, a pixel p covered from a set pixel q is always covered
 * from a set pixel with an unset 4-neighbour: take the covering q nearest to p (city-block);
 * its neighbour one step toward p covers p too, so it must be unset.
 */
function reachesCentreByAxisSteps(footprint: Footprint): boolean {
  const { width, height, data } = footprint;
  const cy = (height - 1) / 2;
  const cx = (width - 1) / 2;
  const has = (y: number, x: number) => data[(y + cy) * width + (x + cx)] !== 0;
  if (!has(0, 0)) return false;
  for (let y = -cy; y <= cy; y++) {
    for (let x = -cx; x <= cx; x++) {
      if ((y === 0 && x === 0) || !has(y, x)) continue;
      const towardRow = y !== 0 && has(y - Math.sign(y), x);
      const towardColumn = x !== 0 && has(y, x - Math.sign(x));
      if (!towardRow && !towardColumn) return false;
    }
  }
  return true;
}

/**
 * Covering by stamping: every set pixel is covered by itself, and the (negated) footprint runs
 * are painted around the set pixels that have an unset 4-neighbour inside the image only.
 */
function stampFromBoundary(set: Uint8Array, width: number, height: number, stamp: Runs): Uint8Array {
  const out = set.slice();
  const runs = stamp.dy.length;
  for (let y = 0; y < height; y++) {
    const rowStart = y * width;
    for (let x = 0; x < width; x++) {
      const index = rowStart + x;
      if (set[index] === 0) continue;
      const boundary =
        (x > 0 && set[index - 1] === 0) ||
        (x < width - 1 && set[index + 1] === 0) ||
        (y > 0 && set[index - width] === 0) ||
        (y < height - 1 && set[index + width] === 0);
      if (!boundary) continue;
      for (let r = 0; r < runs; r++) {
        const row = y + stamp.dy[r];
        if (row < 0 || row >= height) continue;
        const from = Math.max(0, x + stamp.from[r]);
        const to = Math.min(width - 1, x + stamp.to[r]);
        // A loop beats TypedArray.fill for runs this short.
        for (let i = row * width + from, end = row * width + to; i <= end; i++) out[i] = 1;
      }
    }
  }
  return out;
}

/**
 * Covering for any footprint: row prefix counts of set pixels make each footprint run an O(1)
 * test at every pixel.
 */
function scanWithPrefixCounts(set: Uint8Array, width: number, height: number, runs: Runs): Uint8Array {
  const out = new Uint8Array(width * height);
  const stride = width + 1;
  const prefix = new Int32Array(stride * height);
  for (let y = 0; y < height; y++) {
    let sum = 0;
    const base = y * stride;
    for (let x = 0; x < width; x++) {
      prefix[base + x] = sum;
      sum += set[y * width + x];
    }
    prefix[base + width] = sum;
  }
  const count = runs.dy.length;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let r = 0; r < count; r++) {
        const row = y + runs.dy[r];
        if (row < 0 || row >= height) continue;
        const from = Math.max(0, x + runs.from[r]);
        const to = Math.min(width - 1, x + runs.to[r]);
        if (from > to) continue;
        const base = row * stride;
        if (prefix[base + to + 1] - prefix[base + from] > 0) {
          out[y * width + x] = 1;
          break;
        }
      }
    }
  }
  return out;
}
