/**
 * A multi-channel single-cell image as the feature kernels see it: C row-major float64 planes of
 * height × width pixels and, per channel, a 0/1 mask plane of the same size.
 */
export interface CellImage {
  /** Number of pixel rows (H). */
  readonly height: number;
  /** Number of pixel columns (W). */
  readonly width: number;
  /** Number of channels (C); channel 0 is bright field by convention. */
  readonly channels: number;
  /** C planes, each `height * width` values, row-major; index = row * width + column. */
  readonly image: Float64Array[];
  /** C mask planes holding 0 or 1, or `null` when the file had no mask (segmentation fills it). */
  readonly mask: Uint8Array[] | null;
}

/** A CellImage whose masks are known (read from the file or computed by segmentation). */
export interface MaskedCellImage extends CellImage {
  readonly mask: Uint8Array[];
}

/** Splits an interleaved (H, W, C) array, as h5py stores images, into C row-major planes. */
export function deinterleave(
  data: ArrayLike<number>,
  height: number,
  width: number,
  channels: number,
): Float64Array[] {
  const pixels = height * width;
  const planes: Float64Array[] = [];
  for (let c = 0; c < channels; c++) planes.push(new Float64Array(pixels));
  for (let p = 0, i = 0; p < pixels; p++) {
    for (let c = 0; c < channels; c++, i++) planes[c][p] = data[i];
  }
  return planes;
}

/** Splits an interleaved (H, W, C) mask into C planes of 0/1 (any nonzero value becomes 1). */
export function deinterleaveMask(
  data: ArrayLike<number>,
  height: number,
  width: number,
  channels: number,
): Uint8Array[] {
  const pixels = height * width;
  const planes: Uint8Array[] = [];
  for (let c = 0; c < channels; c++) planes.push(new Uint8Array(pixels));
  for (let p = 0, i = 0; p < pixels; p++) {
    for (let c = 0; c < channels; c++, i++) {
      planes[c][p] = data[i] !== 0 ? 1 : 0;
    }
  }
  return planes;
}
