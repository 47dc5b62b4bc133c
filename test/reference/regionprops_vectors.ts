import { readFileSync } from "node:fs";

/** One golden case of regionprops_vectors.py: a mask, its intensities and scikit-image's values. */
export interface RegionpropsCase {
  name: string;
  height: number;
  width: number;
  mask: number[];
  intensity: number[];
  area: number;
  bbox: [number, number, number, number];
  bbox_area: number;
  centroid: [number, number];
  weighted_centroid: [number | null, number | null];
  moments_central: number[];
  weighted_moments_central: (number | null)[];
  moments_normalized: (number | null)[];
  moments_hu: number[];
  weighted_moments_hu: (number | null)[];
  inertia_tensor_eigvals: [number, number];
  eccentricity: number;
  major_axis_length: number;
  minor_axis_length: number;
  orientation: number;
  equivalent_diameter: number;
  extent: number;
  solidity: number;
  convex_area: number;
  convex_image: string[];
  feret_diameter_max: number;
  filled_area: number;
  perimeter: number;
  perimeter_crofton: number;
  euler_number: number;
  min_intensity: number;
  max_intensity: number;
  mean_intensity: number;
}

/** The golden cases, with the mask and intensity as typed planes. */
export function loadRegionpropsCases(): (RegionpropsCase & {
  maskPlane: Uint8Array;
  intensityPlane: Float64Array;
})[] {
  const path = new URL("./regionprops_vectors.json", import.meta.url);
  const data = JSON.parse(readFileSync(path, "utf8")) as { cases: RegionpropsCase[] };
  return data.cases.map((c) => ({
    ...c,
    maskPlane: Uint8Array.from(c.mask),
    intensityPlane: Float64Array.from(c.intensity),
  }));
}

/** JSON null stands for NaN in the vectors. */
export function orNaN(value: number | null): number {
  return value === null ? Number.NaN : value;
}

/** The region of a case cropped to its bounding box, as regionprops' `image`. */
export function croppedRegion(c: RegionpropsCase): { image: Uint8Array; width: number; height: number } {
  const [top, left, bottom, right] = c.bbox;
  const width = right - left;
  const height = bottom - top;
  const image = new Uint8Array(width * height);
  for (let r = 0; r < height; r++) {
    for (let col = 0; col < width; col++) image[r * width + col] = c.mask[(top + r) * c.width + left + col];
  }
  return { image, width, height };
}

/** A 0/1 plane drawn as rows of '#' (foreground) and '.' (background). */
export function shape(rows: string[]): { image: Uint8Array; width: number; height: number } {
  return {
    image: Uint8Array.from(rows.join(""), (ch) => (ch === "#" ? 1 : 0)),
    width: rows[0].length,
    height: rows.length,
  };
}

/** A 0/1 plane as rows of '#' and '.', the inverse of `shape`. */
export function drawn(image: Uint8Array, width: number): string[] {
  const rows: string[] = [];
  for (let i = 0; i < image.length; i += width) {
    rows.push(Array.from(image.subarray(i, i + width), (v) => (v ? "#" : ".")).join(""));
  }
  return rows;
}
