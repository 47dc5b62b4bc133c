import { describe, expect, it } from "vitest";
import { type Matrix, matrixFromRows } from "../../../src/ml/matrix.js";
import { MinMaxScaler, type MinMaxScalerOptions } from "../../../src/ml/preprocessing/minMaxScaler.js";
import { RobustScaler, type RobustScalerOptions } from "../../../src/ml/preprocessing/robustScaler.js";
import { type Scaler, scalerFromJSON } from "../../../src/ml/preprocessing/scaler.js";
import { StandardScaler, type StandardScalerOptions } from "../../../src/ml/preprocessing/standardScaler.js";
import { decodeFloat, type EncodedFloat, loadVectors } from "../../reference/loadVectors.js";

type Encoded = EncodedFloat[];
interface ScalerCase {
  kind: "standard" | "minmax" | "robust";
  options: Record<string, unknown>;
  attributes: Record<string, Encoded | null>;
  fit_transform: Encoded[];
  transform: Encoded[];
}
interface Vectors {
  scalers: {
    fit: Encoded[];
    new: Encoded[];
    cases: ScalerCase[];
    offset: { fit: Encoded[]; mean_: Encoded; var_: Encoded; scale_: Encoded; transform: Encoded[] };
  };
}

const vectors = loadVectors<Vectors>("linear_models_vectors").scalers;
const decodeMatrix = (rows: Encoded[]): Matrix => matrixFromRows(rows.map((row) => row.map(decodeFloat)));
const fitMatrix = decodeMatrix(vectors.fit);
const newMatrix = decodeMatrix(vectors.new);

/** Every value equal within 1e-12 relative (NaN only where NaN is expected). */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string): void {
  expect(actual.length, label).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(e)) {
      expect(Number.isNaN(a), `${label}[${i}] should be NaN, got ${a}`).toBe(true);
      continue;
    }
    expect(Math.abs(a - e), `${label}[${i}]: ${a} vs ${e}`).toBeLessThanOrEqual(
      1e-12 * Math.max(1, Math.abs(e)),
    );
  }
}

function build(testCase: ScalerCase): Scaler {
  if (testCase.kind === "standard") return new StandardScaler(testCase.options as StandardScalerOptions);
  if (testCase.kind === "minmax") return new MinMaxScaler(testCase.options as MinMaxScalerOptions);
  return new RobustScaler(testCase.options as RobustScalerOptions);
}

/** The fitted arrays under scikit-learn's attribute names (null where scikit-learn has None). */
function attributesOf(scaler: Scaler): Record<string, Float64Array | null> {
  if (scaler instanceof StandardScaler)
    return {
      mean_: scaler.withMean || scaler.withStd ? scaler.mean : null,
      var_: scaler.variance,
      scale_: scaler.scale,
    };
  if (scaler instanceof MinMaxScaler)
    return {
      scale_: scaler.scale,
      min_: scaler.offset,
      data_min_: scaler.dataMin,
      data_max_: scaler.dataMax,
    };
  const robust = scaler as RobustScaler;
  return { scale_: robust.scale, center_: robust.center };
}

describe("scalers match scikit-learn 1.2.1 (1e-12 relative)", () => {
  for (const testCase of vectors.cases) {
    it(`${testCase.kind} ${JSON.stringify(testCase.options)}`, () => {
      const scaler = build(testCase).fit(fitMatrix);
      const attributes = attributesOf(scaler);
      for (const [name, expected] of Object.entries(testCase.attributes)) {
        if (expected === null) {
          expect(attributes[name], name).toBeNull();
          continue;
        }
        expectClose(attributes[name]!, expected.map(decodeFloat), name);
      }
      expectClose(scaler.transform(fitMatrix).data, decodeMatrix(testCase.fit_transform).data, "fit rows");
      expectClose(scaler.transform(newMatrix).data, decodeMatrix(testCase.transform).data, "new rows");
      // The saved scaler transforms identically, NaN statistics included.
      const restored = scalerFromJSON(JSON.parse(JSON.stringify(scaler.toJSON())));
      expect(restored.kind).toBe(testCase.kind);
      expect(Array.from(restored.transform(newMatrix).data)).toEqual(
        Array.from(scaler.transform(newMatrix).data),
      );
    });
  }

  it("standard scaling keeps all digits of columns with a large offset (two-pass variance)", () => {
    const offset = vectors.offset;
    const scaler = new StandardScaler().fit(decodeMatrix(offset.fit));
    expectClose(scaler.mean!, offset.mean_.map(decodeFloat), "mean");
    expectClose(scaler.variance!, offset.var_.map(decodeFloat), "variance");
    expectClose(scaler.scale!, offset.scale_.map(decodeFloat), "scale");
    expectClose(
      scaler.transform(decodeMatrix(offset.fit)).data,
      decodeMatrix(offset.transform).data,
      "transform",
    );
  });
});

describe("scaler behaviour", () => {
  const X = matrixFromRows([
    [1, 10, 5],
    [2, Number.NaN, 5],
    [3, 30, 5],
    [4, 40, 5],
  ]);

  it("ignores NaN when fitting and keeps it when transforming", () => {
    const scaler = new StandardScaler().fit(X);
    expect(scaler.sampleCounts).toEqual(Float64Array.of(4, 3, 4));
    expect(scaler.mean![1]).toBeCloseTo(80 / 3, 12);
    const out = scaler.transform(X);
    expect(Number.isNaN(out.data[4])).toBe(true);
    // The constant column is scaled by 1, so it becomes 0 rather than NaN.
    expect(scaler.scale![2]).toBe(1);
    expect(out.data[2]).toBe(0);
  });

  it("returns a new matrix and leaves the input alone", () => {
    for (const scaler of [new StandardScaler(), new MinMaxScaler(), new RobustScaler()]) {
      const before = Float64Array.from(X.data);
      const out = scaler.fitTransform(X);
      expect(out.data).not.toBe(X.data);
      expect(Array.from(X.data)).toEqual(Array.from(before));
    }
  });

  it("throws a clear error when used before fit or on another column count", () => {
    for (const scaler of [new StandardScaler(), new MinMaxScaler(), new RobustScaler()]) {
      expect(() => scaler.transform(X)).toThrow(/not fitted yet/);
      scaler.fit(X);
      expect(() => scaler.transform(matrixFromRows([[1, 2]]))).toThrow(
        /fitted on 3 columns, got a matrix with 2/,
      );
      expect(() => scaler.fit(matrixFromRows([]))).toThrow(/at least one row/);
    }
  });

  it("rejects bad options and unknown states", () => {
    expect(() => new MinMaxScaler({ featureRange: [1, 1] })).toThrow(/low < high/);
    expect(() => new RobustScaler({ quantileRange: [80, 20] })).toThrow(/quantileRange/);
    expect(() => scalerFromJSON({ kind: "nope" as "standard", options: {}, fitted: null })).toThrow(
      /unknown scaler/,
    );
    expect(() => StandardScaler.fromJSON(new MinMaxScaler().toJSON())).toThrow(/kind "standard"/);
  });

  it("saves and restores an unfitted scaler with its options", () => {
    const restored = scalerFromJSON(
      new MinMaxScaler({ featureRange: [-2, 3], clip: true }).toJSON(),
    ) as MinMaxScaler;
    expect(restored.featureRange).toEqual([-2, 3]);
    expect(restored.clip).toBe(true);
    expect(restored.featureCount).toBe(0);
    expect(() => restored.transform(X)).toThrow(/not fitted yet/);
  });

  it("clips to the feature range only when asked", () => {
    const train = matrixFromRows([[0], [10]]);
    const test = matrixFromRows([[-5], [20]]);
    expect(Array.from(new MinMaxScaler().fit(train).transform(test).data)).toEqual([-0.5, 2]);
    expect(Array.from(new MinMaxScaler({ clip: true }).fit(train).transform(test).data)).toEqual([0, 1]);
  });
});
