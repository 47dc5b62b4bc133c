/**
 * Fixed-size crops of cells for convolutional networks, as scifAI's `DatasetGenerator` made them:
 * the selected channels of each image are centre-cropped to S × S when larger and padded with the
 * mean of the cropped channel when smaller (the first side gets floor(difference / 2), the second
 * side the rest, for both), after scaling each pixel. Output is float32 [C, S, S] per cell.
 */

/** How pixel values are scaled before cropping. */
export type CropScaling =
  /** value / factor, not clipped (scifAI's default: factor 4095 for 12-bit images). */
  | { readonly kind: "divide"; readonly factor: number }
  /** (value − lower[c]) / (upper[c] − lower[c]) clipped to [0, 1], one bound pair per selected channel. */
  | { readonly kind: "minmax"; readonly lower: readonly number[]; readonly upper: readonly number[] };

/** What a crop holds: which source channels (0-based, in output order), the side S and the scaling. */
export interface CropOptions {
  readonly channels: readonly number[];
  readonly size: number;
  readonly scaling: CropScaling;
}

/** Where a cropped-or-padded axis comes from: source [start, start + keep) lands at padBefore. */
export interface CropGeometry {
  /** First source index kept. */
  readonly start: number;
  /** Number of source indices kept (min(length, size)). */
  readonly keep: number;
  /** Padding before (0 when cropping). */
  readonly padBefore: number;
  /** Padding after (0 when cropping). */
  readonly padAfter: number;
}

/**
 * Geometry of one axis of `length` pixels brought to `size`: when length ≥ size, floor((length −
 * size) / 2) pixels are cut before and the rest after; when smaller, floor((size − length) / 2)
 * are padded before and the rest after. Throws on lengths or sizes that are not whole numbers ≥ 1.
 */
export function cropPadGeometry(length: number, size: number): CropGeometry {
  if (!Number.isInteger(length) || length < 1) throw new RangeError(`image side must be ≥ 1, got ${length}`);
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`crop size must be ≥ 1, got ${size}`);
  if (length >= size)
    return { start: Math.floor((length - size) / 2), keep: size, padBefore: 0, padAfter: 0 };
  const padBefore = Math.floor((size - length) / 2);
  return { start: 0, keep: length, padBefore, padAfter: size - length - padBefore };
}

/** Checks crop options, throwing a RangeError that names the problem. */
export function checkCropOptions(options: CropOptions): void {
  const { channels, size, scaling } = options;
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`crop size must be a whole number ≥ 1, got ${size}`);
  if (channels.length === 0) throw new RangeError("select at least one channel");
  for (const c of channels) {
    if (!Number.isInteger(c) || c < 0)
      throw new RangeError(`channel indices are 0-based whole numbers, got ${c}`);
  }
  if (scaling.kind === "divide") {
    if (!(Number.isFinite(scaling.factor) && scaling.factor > 0))
      throw new RangeError(`the scaling factor must be a positive number, got ${scaling.factor}`);
    return;
  }
  if (scaling.lower.length !== channels.length || scaling.upper.length !== channels.length) {
    throw new RangeError(
      `min–max scaling has ${scaling.lower.length} lower and ${scaling.upper.length} upper bounds for ${channels.length} selected channels`,
    );
  }
  scaling.lower.forEach((lower, i) => {
    const upper = scaling.upper[i];
    if (!(Number.isFinite(lower) && Number.isFinite(upper)))
      throw new RangeError(
        `min–max bounds of channel ${channels[i]} must be finite, got (${lower}, ${upper})`,
      );
    if (upper < lower)
      throw new RangeError(`min–max bounds of channel ${channels[i]} are reversed: (${lower}, ${upper})`);
  });
}

/** Values per crop: C × S × S. */
export function cropLength(options: CropOptions): number {
  return options.channels.length * options.size * options.size;
}

/**
 * A source image: C row-major float64 planes (as readCell returns), or one interleaved (H, W, C)
 * array of any numeric type (as h5py stores `image`, read without conversion).
 */
export type CropSource =
  | {
      readonly layout: "planar";
      readonly height: number;
      readonly width: number;
      readonly channels: number;
      readonly planes: readonly ArrayLike<number>[];
    }
  | {
      readonly layout: "interleaved";
      readonly height: number;
      readonly width: number;
      readonly channels: number;
      readonly data: ArrayLike<number>;
    };

/** A planar CropSource of a cell read by readCell (any object with height, width, channels and image planes). */
export function planarSource(cell: {
  height: number;
  width: number;
  channels: number;
  image: readonly ArrayLike<number>[];
}): CropSource {
  return {
    layout: "planar",
    height: cell.height,
    width: cell.width,
    channels: cell.channels,
    planes: cell.image,
  };
}

/**
 * Writes the crop of `source` into `out` at `offset` (C × S × S float32 values, channel-major):
 * every kept pixel is scaled in float64, the mean of the kept (scaled) pixels of a channel fills
 * its padding, and values are rounded to float32 once at the end, as scifAI's float64 → float32
 * tensor. A NaN pixel makes its channel's padding NaN. Throws a RangeError naming the channel when
 * a selected channel is beyond the source's channels.
 */
export function cropInto(source: CropSource, options: CropOptions, out: Float32Array, offset = 0): void {
  const { channels, size, scaling } = options;
  for (const c of channels) {
    if (c >= source.channels)
      throw new RangeError(`channel ${c} (0-based) selected, but the image has ${source.channels} channels`);
  }
  const rows = cropPadGeometry(source.height, size);
  const columns = cropPadGeometry(source.width, size);
  for (let i = 0; i < channels.length; i++) {
    const c = channels[i];
    let shift = 0;
    let divisor = 1;
    let clip = false;
    if (scaling.kind === "divide") {
      divisor = scaling.factor;
    } else {
      shift = scaling.lower[i];
      divisor = scaling.upper[i] - scaling.lower[i];
      clip = true;
    }
    const target = offset + i * size * size;
    if (source.layout === "planar") {
      cropChannel(
        source.planes[c],
        0,
        1,
        source.width,
        rows,
        columns,
        size,
        shift,
        divisor,
        clip,
        out,
        target,
      );
    } else {
      const stride = source.channels;
      cropChannel(
        source.data,
        c,
        stride,
        source.width * stride,
        rows,
        columns,
        size,
        shift,
        divisor,
        clip,
        out,
        target,
      );
    }
  }
}

/**
 * One channel: pixel (y, x) of the source is data[channelOffset + y·rowStride + x·pixelStride].
 * A zero divisor (a min–max channel with equal bounds) maps every pixel to 0.
 */
function cropChannel(
  data: ArrayLike<number>,
  channelOffset: number,
  pixelStride: number,
  rowStride: number,
  rows: CropGeometry,
  columns: CropGeometry,
  size: number,
  shift: number,
  divisor: number,
  clip: boolean,
  out: Float32Array,
  target: number,
): void {
  let sum = 0;
  const keepRows = rows.keep;
  const keepColumns = columns.keep;
  for (let y = 0; y < keepRows; y++) {
    let source = channelOffset + (rows.start + y) * rowStride + columns.start * pixelStride;
    let destination = target + (rows.padBefore + y) * size + columns.padBefore;
    const end = destination + keepColumns;
    if (divisor === 0) {
      for (; destination < end; destination++) out[destination] = 0;
      continue;
    }
    if (clip) {
      for (; destination < end; destination++, source += pixelStride) {
        // Clipped to [0, 1]; NaN stays NaN (Math.max/min propagate it).
        const v = Math.min(Math.max((data[source] - shift) / divisor, 0), 1);
        sum += v;
        out[destination] = v;
      }
    } else {
      for (; destination < end; destination++, source += pixelStride) {
        const v = (data[source] - shift) / divisor;
        sum += v;
        out[destination] = v;
      }
    }
  }
  if (rows.padBefore + rows.padAfter + columns.padBefore + columns.padAfter === 0) return;
  const fill = divisor === 0 ? 0 : sum / (keepRows * keepColumns);
  const plane = size * size;
  // Whole padded rows above and below, then the padded columns beside the kept rows.
  out.fill(fill, target, target + rows.padBefore * size);
  out.fill(fill, target + (rows.padBefore + keepRows) * size, target + plane);
  for (let y = 0; y < keepRows; y++) {
    const rowStart = target + (rows.padBefore + y) * size;
    out.fill(fill, rowStart, rowStart + columns.padBefore);
    out.fill(fill, rowStart + columns.padBefore + keepColumns, rowStart + size);
  }
}

/**
 * Crops of many sources into one float32 NCHW batch (N × C × S × S); see {@link cropInto}.
 * An empty list gives an empty array.
 */
export function cropBatch(sources: readonly CropSource[], options: CropOptions): Float32Array {
  checkCropOptions(options);
  const length = cropLength(options);
  const out = new Float32Array(sources.length * length);
  sources.forEach((source, n) => {
    cropInto(source, options, out, n * length);
  });
  return out;
}

/**
 * Copies the raw (unscaled) pixels that channel `channel` keeps in an S × S crop into `out` at
 * `offset` and returns how many (padding is not data, so it is left out) — what sampled min–max
 * bounds are computed from. `out` must have room for min(H, S) × min(W, S) values. Throws like
 * {@link cropInto} for a channel the source lacks.
 */
export function copyKeptPixels(
  source: CropSource,
  channel: number,
  size: number,
  out: Float64Array,
  offset = 0,
): number {
  if (channel >= source.channels)
    throw new RangeError(
      `channel ${channel} (0-based) selected, but the image has ${source.channels} channels`,
    );
  const rows = cropPadGeometry(source.height, size);
  const columns = cropPadGeometry(source.width, size);
  const data = source.layout === "planar" ? source.planes[channel] : source.data;
  const pixelStride = source.layout === "planar" ? 1 : source.channels;
  const channelOffset = source.layout === "planar" ? 0 : channel;
  let at = offset;
  for (let y = rows.start; y < rows.start + rows.keep; y++) {
    let index = channelOffset + (y * source.width + columns.start) * pixelStride;
    for (let x = 0; x < columns.keep; x++, index += pixelStride) out[at++] = data[index];
  }
  return at - offset;
}
