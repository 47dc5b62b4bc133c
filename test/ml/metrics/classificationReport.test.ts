import { describe, expect, it } from "vitest";
import { classificationReport } from "../../../src/ml/metrics/classificationReport.js";
import { decodeFloat } from "../../reference/loadVectors.js";
import { expectAllClose, expectClose, labelVectors, METRIC_CASES } from "./metricsVectors.js";

describe("classificationReport", () => {
  it("holds sklearn's values for every metric, with the present or all classes", () => {
    for (const c of METRIC_CASES) {
      const { yTrue, yPred } = labelVectors(c);
      for (const set of ["present", "all"] as const) {
        const report = classificationReport(yTrue, yPred, c.classNames, { labels: set });
        const expected = c[set];
        const what = `${c.name} (${set})`;
        const labels = set === "present" ? c.presentLabels : c.classNames.map((_, i) => i);
        expect(report.labels, what).toEqual(labels);
        expect(
          report.perClass.map((row) => row.className),
          what,
        ).toEqual(labels.map((i) => c.classNames[i]));
        expectAllClose(
          report.perClass.map((row) => row.precision),
          expected.perClass.precision,
          `${what} precision`,
        );
        expectAllClose(
          report.perClass.map((row) => row.recall),
          expected.perClass.recall,
          `${what} recall`,
        );
        expectAllClose(
          report.perClass.map((row) => row.f1),
          expected.perClass.f1,
          `${what} f1`,
        );
        expect(
          report.perClass.map((row) => row.support),
          what,
        ).toEqual(expected.perClass.support);
        for (const average of ["macro", "micro", "weighted"] as const) {
          expectClose(report[average].precision, expected[average].precision, `${what} ${average}`);
          expectClose(report[average].recall, expected[average].recall, `${what} ${average}`);
          expectClose(report[average].f1, expected[average].f1, `${what} ${average}`);
          expect(report[average].support).toBe(c.yTrue.length);
        }
        expectClose(report.accuracy, c.accuracy, `${what} accuracy`);
        expectClose(report.balancedAccuracy, c.balancedAccuracy, `${what} balanced accuracy`);
        expectClose(report.matthewsCorrelation, c.matthews, `${what} MCC`);
        expectClose(report.cohenKappa ?? Number.NaN, expected.kappa.none, `${what} kappa`);
        expectClose(report.noInformationRate, c.noInformationRate, `${what} NIR`);
        const exact = decodeFloat(c.accuracyPValueExact);
        expect(Math.abs(report.accuracyPValue - exact), what).toBeLessThanOrEqual(1e-13 * exact);
        expect(report.confusionMatrix).toEqual(c.confusionMatrix);
        expect(report.sampleCount).toBe(c.yTrue.length);
      }
    }
  });

  it("reports weighted kappa when asked and survives a JSON round trip", () => {
    const c = METRIC_CASES.find((m) => m.name === "noisy_k5_n250_acc0.7")!;
    const { yTrue, yPred } = labelVectors(c);
    const report = classificationReport(yTrue, yPred, c.classNames, { kappaWeights: "quadratic" });
    expectClose(report.cohenKappa!, c.present.kappa.quadratic, "quadratic kappa");
    expect(report.cohenKappaWeights).toBe("quadratic");
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it("gives null kappa (sklearn NaN) for a single class and flags the micro line", () => {
    const report = classificationReport(Int32Array.of(1, 1, 1), Int32Array.of(1, 1, 1), ["a", "b", "c"]);
    expect(report.cohenKappa).toBeNull();
    expect(report.microIsAccuracy).toBe(true);
    expect(report.accuracyPValue).toBe(1);
    expect(report.perClass).toHaveLength(1);
    const all = classificationReport(Int32Array.of(1, 1, 1), Int32Array.of(1, 1, 1), ["a", "b", "c"], {
      labels: "all",
    });
    expect(all.microIsAccuracy).toBe(false);
    expect(all.macro.f1).toBe(1 / 3);
    expect(JSON.parse(JSON.stringify(all))).toEqual(all);
  });

  it("throws on empty input and on codes without a name", () => {
    expect(() => classificationReport(new Int32Array(0), new Int32Array(0), ["a"])).toThrow(/zero rows/);
    expect(() => classificationReport(Int32Array.of(0, 2), Int32Array.of(0, 1), ["a", "b"])).toThrow(
      /no name/,
    );
  });
});
