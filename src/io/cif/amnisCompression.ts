/**
 * The two Amnis TIFF compressions, written from their public description (Bio-Formats'
 * FlowSightReader documents them):
 *
 * - 30817, 16-bit greyscale: each pixel is stored as the error of a planar predictor
 *   (left + up − up-left over the whole IFD row, so the channels tiled side by side share one
 *   predictor) encoded as a variable-length signed integer in 4-bit nibbles, low nibble of each
 *   byte first. A nibble carries 3 value bits, least significant group first; bit 3 set means
 *   another nibble follows; in the last nibble bit 2 is the sign of the two's-complement number.
 * - 30818, 8-bit bitmask: run-length pairs (value, run length − 1), one byte each.
 */

/** Compressed data that does not decode to the declared image. */
export class AmnisDecodeError extends Error {
  override readonly name = "AmnisDecodeError";
}

/** TIFF compression code of Amnis 16-bit greyscale images. */
export const AMNIS_GREYSCALE = 30817;
/** TIFF compression code of Amnis 8-bit masks. */
export const AMNIS_BITMASK = 30818;

/**
 * A 30817 value is at most 10 nibbles (30 bits): 16-bit pixels need 19 bits of prediction error,
 * so anything longer is corrupt data, and 30 bits keep the arithmetic inside int32.
 */
const MAX_SHIFT = 30;

/**
 * Decodes 30817 greyscale data into `out` (width × height pixels, row-major, exact integers; the
 * predictor uses exact arithmetic, so a corrupt stream cannot wrap silently into valid-looking
 * 16-bit values). Throws AmnisDecodeError when the data end before the last pixel, a value runs
 * longer than 10 nibbles, or nonzero nibbles follow the last pixel (zero padding is accepted).
 */
export function decodeAmnisGreyscale(data: Uint8Array, width: number, height: number, out: Int32Array): void {
  const total = width * height;
  if (out.length < total) throw new RangeError(`output holds ${out.length} pixels, needs ${total}`);
  const consumed = decodeResiduals(data, total, out);
  for (let n = consumed; n < data.length * 2; n++) {
    const byte = data[n >> 1];
    if (((n & 1) === 0 ? byte & 15 : byte >> 4) !== 0) {
      const unused = Math.ceil((data.length * 2 - n) / 2);
      throw new AmnisDecodeError(`${unused} unused nonzero byte(s) after the last pixel (corrupt data)`);
    }
  }
  undoPrediction(out, width, height);
}

/** A one-nibble value: the 3 low bits as a two's-complement number (−4…3). */
const SMALL = Int8Array.from({ length: 8 }, (_, bits) => (bits & 4 ? bits - 8 : bits));

/**
 * Decodes the first `total` prediction errors into `out`; returns the number of nibbles used.
 * Most errors of real images fit one nibble, so a byte of two one-nibble values takes a fast path.
 */
function decodeResiduals(data: Uint8Array, total: number, out: Int32Array): number {
  let pixel = 0;
  let value = 0;
  let shift = 0;
  const length = data.length;
  let i = 0;
  for (; i < length; i++) {
    const byte = data[i];
    if (shift === 0 && (byte & 0x88) === 0 && pixel + 2 <= total) {
      out[pixel] = SMALL[byte & 7];
      out[pixel + 1] = SMALL[(byte >> 4) & 7];
      pixel += 2;
      continue;
    }
    for (let half = 0; half < 2; half++) {
      if (pixel === total) return 2 * i + half;
      const nibble = half === 0 ? byte & 15 : byte >> 4;
      value |= (nibble & 7) << shift;
      shift += 3;
      if ((nibble & 8) !== 0) {
        if (shift >= MAX_SHIFT) {
          throw new AmnisDecodeError(`pixel ${pixel}: a value runs longer than 10 nibbles (corrupt data)`);
        }
        continue;
      }
      out[pixel++] = (nibble & 4) !== 0 ? value | -(1 << shift) : value;
      value = 0;
      shift = 0;
    }
  }
  if (pixel < total) throw new AmnisDecodeError(`compressed data end after ${pixel} of ${total} pixels`);
  return 2 * length;
}

/** Turns prediction errors into pixels in place: pixel = error + up + left − up-left (zeros outside). */
function undoPrediction(out: Int32Array, width: number, height: number): void {
  for (let x = 1; x < width; x++) out[x] += out[x - 1];
  for (let y = 1, row = width; y < height; y++, row += width) {
    out[row] += out[row - width];
    for (let p = row + 1, end = row + width; p < end; p++) {
      out[p] += out[p - width] + out[p - 1] - out[p - width - 1];
    }
  }
}

/**
 * Decodes 30818 run-length data into `out` (width × height bytes, row-major, values as stored:
 * IDEAS uses 0 for background, 1 for the object and 2–3 for object pixels clipped at the image
 * edge). Throws AmnisDecodeError when the runs overrun or fall short of the image, or the data
 * have an odd number of bytes.
 */
export function decodeAmnisBitmask(data: Uint8Array, width: number, height: number, out: Uint8Array): void {
  const total = width * height;
  if (out.length < total) throw new RangeError(`output holds ${out.length} pixels, needs ${total}`);
  if (data.length % 2 !== 0) {
    throw new AmnisDecodeError(`run-length data have an odd number of bytes (${data.length})`);
  }
  let filled = 0;
  for (let i = 0; i < data.length; i += 2) {
    const end = filled + data[i + 1] + 1;
    if (end > total) {
      throw new AmnisDecodeError(`mask runs overrun the ${total}-pixel image at byte ${i} (corrupt data)`);
    }
    out.fill(data[i], filled, end);
    filled = end;
  }
  if (filled !== total) throw new AmnisDecodeError(`mask runs cover ${filled} of ${total} pixels`);
}

/**
 * Fewest compressed bytes a valid image of `pixels` pixels can have: used to reject corrupt sizes
 * before allocating (30817 needs a nibble per pixel; a 30818 pair covers at most 256 pixels).
 */
export function minimumCompressedBytes(compression: number, pixels: number): number {
  if (compression === AMNIS_GREYSCALE) return Math.ceil(pixels / 2);
  if (compression === AMNIS_BITMASK) return 2 * Math.ceil(pixels / 256);
  return pixels;
}
