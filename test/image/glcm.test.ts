import { describe, expect, it } from "vitest";
import {
  cooccurrence,
  cooccurrenceFromDense,
  GLCM_PROPERTIES,
  glcmOffset,
  glcmProperties,
  glcmPropertiesOfImage,
  graycomatrix,
  numpyFloatToUint8,
  scaleToUint8ByMax,
} from "../../src/image/glcm.js";
import { decodeFloats, differences, type EncodedFloat, loadVectors } from "../reference/loadVectors.js";

interface ScalingCase {
  name: string;
  plane: EncodedFloat[];
  scaled: number[];
}
interface MatrixCase {
  name: string;
  height: number;
  width: number;
  image: number[];
  distances: number[];
  angles: number[];
  levels: number;
  cells: [number, number, number, number, number][];
  properties: EncodedFloat[][];
}
interface DenseCase {
  name: string;
  levels: number;
  counts: number[];
  properties: EncodedFloat[];
}

const vectors = loadVectors<{ scaling: ScalingCase[]; matrices: MatrixCase[]; dense: DenseCase[] }>(
  "glcm_vectors",
);

describe("8-bit scaling", () => {
  it("truncates (x / max) · 255", () => {
    expect(Array.from(scaleToUint8ByMax(Float64Array.of(0, 1, 2, 4)))).toEqual([0, 63, 127, 255]);
  });

  it("turns an all-zero channel into zeros (0/0 is NaN, which NumPy casts to 0)", () => {
    expect(Array.from(scaleToUint8ByMax(new Float64Array(3)))).toEqual([0, 0, 0]);
  });

  it("casts like NumPy on x86-64: wrap modulo 256 within int32, 0 outside", () => {
    expect(
      [-1.5, 300.7, -300, 255.9, -0.5, 2147483653, Number.NaN, Number.NEGATIVE_INFINITY].map(
        numpyFloatToUint8,
      ),
    ).toEqual([255, 44, 212, 255, 0, 0, 0, 0]);
  });

  for (const c of vectors.scaling) {
    it(`matches NumPy: ${c.name}`, () => {
      expect(Array.from(scaleToUint8ByMax(decodeFloats(c.plane)))).toEqual(c.scaled);
    });
  }
});

describe("co-occurrence matrix", () => {
  it("pairs (r, c) with (r, c + distance) for angle 0", () => {
    expect(glcmOffset(5, 0)).toEqual({ rows: 0, columns: 5 });
    // sin(π/2) = 1 and cos(π/2) ≈ 6e-17: one row down.
    expect(glcmOffset(1, Math.PI / 2)).toEqual({ rows: 1, columns: 0 });
    expect(glcmOffset(1, (3 * Math.PI) / 4)).toEqual({ rows: 1, columns: -1 });
    // scikit-image rounds with trunc(x ± 0.5): sin(π/6) = 0.49999999999999994 becomes 1 (C's
    // round would give 0), and an exact -0.5 becomes -1.
    expect(glcmOffset(1, Math.PI / 6)).toEqual({ rows: 1, columns: 1 });
    expect(glcmOffset(1, -Math.asin(0.5))).toEqual({ rows: -1, columns: 1 });
  });

  it("counts the pairs of a hand-made image", () => {
    // Row 0: 0 0 1, row 1: 1 2 2; distance 1, angle 0 gives (0,0), (0,1), (1,2), (2,2).
    const m = cooccurrence(Uint8Array.of(0, 0, 1, 1, 2, 2), 3, 2, 1, 0, 3);
    expect(Array.from(m.keys)).toEqual([0, 1, 5, 8]);
    expect(Array.from(m.counts)).toEqual([1, 1, 1, 1]);
    expect(m.total).toBe(4);
  });

  it("rejects values outside [0, levels)", () => {
    expect(() => cooccurrence(Uint8Array.of(0, 4), 2, 1, 1, 0, 4)).toThrow(RangeError);
  });

  for (const c of vectors.matrices) {
    it(`matches graycomatrix and graycoprops: ${c.name}`, () => {
      const image = Uint16Array.from(c.image);
      const dense = graycomatrix(image, c.width, c.height, c.distances, c.angles, c.levels);
      const nd = c.distances.length;
      const na = c.angles.length;
      const expected = new Uint32Array(dense.length);
      for (const [i, j, d, a, count] of c.cells) expected[((i * c.levels + j) * nd + d) * na + a] = count;
      expect(differences(dense, expected)).toEqual([]);
      // With several (distance, angle) slices NumPy sums each slice sequentially.
      const summation = nd * na === 1 ? "pairwise" : "sequential";
      c.distances.forEach((distance, d) => {
        c.angles.forEach((angle, a) => {
          const matrix = cooccurrence(image, c.width, c.height, distance, angle, c.levels);
          const properties = glcmProperties(matrix, undefined, 0, summation);
          expect(differences(properties, decodeFloats(c.properties[d * na + a]))).toEqual([]);
        });
      });
    });
  }
});

describe("GLCM properties", () => {
  it("gives 0 for everything but correlation (1) on an empty matrix", () => {
    const empty = glcmProperties(cooccurrenceFromDense(new Uint32Array(4), 2));
    expect(Array.from(empty)).toEqual([0, 0, 0, 0, 0, 1]);
  });

  it("computes a two-cell matrix by hand", () => {
    // P = [[0, 1], [1, 0]] / 2: contrast 1, dissimilarity 1, homogeneity 1/2, ASM 1/2,
    // energy sqrt(1/2); the marginals are identical and anti-correlated: correlation -1.
    const p = glcmProperties(cooccurrenceFromDense(Uint32Array.of(0, 1, 1, 0), 2));
    expect(Array.from(p)).toEqual([1, 1, 0.5, 0.5, Math.sqrt(0.5), -1]);
    expect(GLCM_PROPERTIES).toEqual([
      "contrast",
      "dissimilarity",
      "homogeneity",
      "ASM",
      "energy",
      "correlation",
    ]);
  });

  for (const c of vectors.dense) {
    it(`matches graycoprops on a dense matrix: ${c.name}`, () => {
      const properties = glcmProperties(cooccurrenceFromDense(Uint32Array.from(c.counts), c.levels));
      expect(differences(properties, decodeFloats(c.properties))).toEqual([]);
    });
  }
});

describe("GLCM properties straight from an 8-bit image", () => {
  it("equals glcmProperties of the sparse matrix bit for bit (256 levels, pairwise)", () => {
    let seed = 7;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const fast = new Float64Array(6);
    for (let t = 0; t < 400; t++) {
      const width = 1 + Math.floor(random() * 70);
      const height = 1 + Math.floor(random() * 70);
      const image = new Uint8Array(width * height);
      const spread = 1 + Math.floor(random() * 256);
      // Uniform, skewed (few busy leaves), mostly one level, and scattered sparse keys.
      for (let i = 0; i < image.length; i++) {
        const u = random();
        image[i] = [
          Math.floor(u * spread),
          Math.floor(u ** 4 * 256),
          random() < 0.7 ? 3 : Math.floor(u * 256),
          random() < 0.95 ? 0 : 255 - Math.floor(u * 9) * 31,
        ][t % 4];
      }
      const distance = [1, 2, 5][t % 3];
      const angle = [0, Math.PI / 2, Math.PI / 4, (3 * Math.PI) / 4][t % 4];
      glcmPropertiesOfImage(image, width, height, distance, angle, 256, fast, 0);
      const reference = glcmProperties(cooccurrence(image, width, height, distance, angle, 256));
      expect(Array.from(fast).map((v, q) => Object.is(v, reference[q]) || [t, q, v, reference[q]])).toEqual(
        new Array(6).fill(true),
      );
    }
  });
});
