import { describe, expect, it } from "vitest";
import {
  condensedFromSquare,
  condensedIndex,
  cutIntoClusters,
  fclusterMaxclust,
  type LinkageMethod,
  linkage,
} from "../../../src/ml/selection/hierarchicalClustering.js";
import { decodeFloats, type EncodedFloat, loadVectors } from "../../reference/loadVectors.js";

interface LinkageCase {
  name: string;
  n: number;
  condensed: EncodedFloat[];
  methods: Record<
    LinkageMethod,
    { Z: EncodedFloat[]; maxclust: Record<string, number[]>; cut_tree: Record<string, number[]> }
  >;
}

const vectors = loadVectors<{ linkage: LinkageCase[] }>("forest_selection_vectors");

// Labels renumbered by first appearance, so that two labelings of one partition compare equal.
function canonical(labels: ArrayLike<number>): number[] {
  const seen = new Map<number, number>();
  return Array.from(labels, (label) => {
    if (!seen.has(label)) seen.set(label, seen.size);
    return seen.get(label)!;
  });
}

describe("linkage against SciPy 1.10.1", () => {
  // Cases: uniform distances, distances rounded to 0.1 (many ties: merge order and labels follow
  // SciPy's nearest-neighbour chain), 1 − Spearman² of correlated columns, and n = 2.
  it("reproduces linkage(y, method): cluster ids and sizes exactly, heights to 1e-12", () => {
    for (const c of vectors.linkage) {
      for (const method of ["average", "complete", "weighted"] as const) {
        const expected = decodeFloats(c.methods[method].Z);
        const Z = linkage(decodeFloats(c.condensed), method);
        expect(Z.length, `${c.name} ${method}`).toBe(expected.length);
        for (let row = 0; row < c.n - 1; row++) {
          const label = `${c.name} ${method} row ${row}`;
          expect(Z[4 * row], label).toBe(expected[4 * row]);
          expect(Z[4 * row + 1], label).toBe(expected[4 * row + 1]);
          expect(Math.abs(Z[4 * row + 2] - expected[4 * row + 2]), label).toBeLessThanOrEqual(1e-12);
          expect(Z[4 * row + 3], label).toBe(expected[4 * row + 3]);
        }
      }
    }
  });

  it("cuts like fcluster(criterion='maxclust') (exact labels) and cut_tree (same partition, exactly k)", () => {
    // Every k of the script: 1, 2, 3, 5, 8, n − 1 and n.
    for (const c of vectors.linkage) {
      for (const method of ["average", "complete", "weighted"] as const) {
        const Z = linkage(decodeFloats(c.condensed), method);
        for (const [k, labels] of Object.entries(c.methods[method].maxclust)) {
          const ours = fclusterMaxclust(Z, Number(k));
          const label = `${c.name} ${method} maxclust ${k}`;
          if (c.n === 2) {
            // For two observations SciPy 1.10.1 skips its bisection and reads past its array.
            expect(Array.from(ours), label).toEqual(Number(k) === 1 ? [1, 1] : [1, 2]);
          } else if (Number(k) >= c.n - 1) {
            // SciPy 1.10.1 starts its bisection at the second merge (lower_idx = 0; later releases
            // fixed it and return singletons for k ≥ n), so it never cuts at the lowest merge
            // height and returns fewer clusters than allowed for k ≥ n − 1 (n − 2, or fewer when
            // the lowest heights tie). Ours cuts at the lowest admissible height: at most k
            // clusters, at least as many as SciPy's, and a refinement of SciPy's partition.
            const ourCount = new Set(ours).size;
            expect(ourCount, label).toBeLessThanOrEqual(Number(k));
            expect(ourCount, label).toBeGreaterThanOrEqual(new Set(labels).size);
            const pairs = new Set(Array.from(ours, (o, i) => `${o}:${labels[i]}`));
            expect(pairs.size, label).toBe(ourCount);
            if (Number(k) >= c.n)
              expect(Array.from(ours)).toEqual(Array.from({ length: c.n }, (_, i) => i + 1));
          } else expect(Array.from(ours), label).toEqual(labels);
        }
        for (const [k, labels] of Object.entries(c.methods[method].cut_tree)) {
          const cut = cutIntoClusters(Z, Number(k));
          expect(canonical(cut), `${c.name} ${method} cut ${k}`).toEqual(canonical(labels));
          expect(new Set(cut).size).toBe(Number(k));
        }
      }
    }
  });
});

describe("condensed matrices", () => {
  it("index pairs as SciPy's squareform and reject bad input", () => {
    const square = Float64Array.from([0, 1, 2, 3, 1, 0, 4, 5, 2, 4, 0, 6, 3, 5, 6, 0]);
    const condensed = condensedFromSquare(square, 4);
    expect(Array.from(condensed)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(condensed[condensedIndex(4, 3, 1)]).toBe(5);
    expect(() => linkage([1, 2])).toThrow(/entries/);
    expect(() => linkage([1, Number.NaN, 2])).toThrow(/finite/);
    expect(linkage([]).length).toBe(0);
    expect(() => cutIntoClusters(linkage([1, 2, 3]), 4)).toThrow(RangeError);
  });
});
