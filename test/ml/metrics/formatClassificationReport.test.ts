import { describe, expect, it } from "vitest";
import { classificationReport } from "../../../src/ml/metrics/classificationReport.js";
import {
  formatClassificationReport,
  formatPValue,
  pythonFixed,
} from "../../../src/ml/metrics/formatClassificationReport.js";
import { labelVectors, METRIC_CASES } from "./metricsVectors.js";

/** The part of our text that sklearn's classification_report prints (before our summary lines). */
function sklearnPart(text: string): string {
  const lines = text.split("\n");
  const end = lines.findIndex(
    (line) => line.startsWith("weighted avg") || line.trimStart().startsWith("weighted avg"),
  );
  return `${lines.slice(0, end + 1).join("\n")}\n`;
}

/**
 * sklearn's text for the same report. One deliberate difference: when no prediction is correct,
 * sklearn 1.2.1 counts true positives in a float array (multilabel_confusion_matrix's
 * "pathological case") and prints every support as "12.0"; we print counts as integers.
 */
function expectedText(text: string, yTrue: Int32Array, yPred: Int32Array): string {
  const anyCorrect = yTrue.some((label, i) => label === yPred[i]);
  return anyCorrect ? text : text.replace(/(\d+)\.0$/gm, "  $1");
}

describe("formatClassificationReport", () => {
  it("prints sklearn's classification_report text character for character", () => {
    let floatSupportCases = 0;
    for (const c of METRIC_CASES) {
      const { yTrue, yPred } = labelVectors(c);
      if (expectedText(c.reportPresent, yTrue, yPred) !== c.reportPresent) floatSupportCases++;
      const present = classificationReport(yTrue, yPred, c.classNames);
      expect(sklearnPart(formatClassificationReport(present)), c.name).toBe(
        expectedText(c.reportPresent, yTrue, yPred),
      );
      expect(sklearnPart(formatClassificationReport(present, { digits: 4 })), c.name).toBe(
        expectedText(c.reportPresentDigits4, yTrue, yPred),
      );
      const all = classificationReport(yTrue, yPred, c.classNames, { labels: "all" });
      expect(sklearnPart(formatClassificationReport(all)), c.name).toBe(
        expectedText(c.reportAll, yTrue, yPred),
      );
    }
    // The worst-prediction cases: the only place where the texts differ.
    expect(floatSupportCases).toBeGreaterThan(0);
    expect(floatSupportCases).toBeLessThan(8);
  });

  it("adds the summary lines after the table", () => {
    const c = METRIC_CASES.find((m) => m.name === "paper_like_k9_n1567")!;
    const { yTrue, yPred } = labelVectors(c);
    const text = formatClassificationReport(classificationReport(yTrue, yPred, c.classNames));
    const summary = text.slice(c.reportPresent.length).split("\n");
    expect(summary[0]).toBe("");
    expect(summary.slice(1, 7).map((line) => line.split(/ {2,}/)[0])).toEqual([
      "Accuracy",
      "Balanced accuracy",
      "Matthews correlation (MCC)",
      "Cohen's kappa",
      "No-information rate (NIR)",
      "P-value [Acc > NIR]",
    ]);
    expect(summary[6]).toMatch(/< 1e-300$/);
    const weighted = formatClassificationReport(
      classificationReport(yTrue, yPred, c.classNames, { kappaWeights: "linear" }),
    );
    expect(weighted).toContain("Cohen's kappa (linear weights)");
  });
});

describe("pythonFixed", () => {
  it("rounds exact ties half to even as Python's format does", () => {
    expect(pythonFixed(0.125, 2)).toBe("0.12");
    expect(pythonFixed(0.375, 2)).toBe("0.38");
    expect(pythonFixed(0.625, 2)).toBe("0.62");
    expect(pythonFixed(2.5, 0)).toBe("2");
    expect(pythonFixed(3.5, 0)).toBe("4");
    // 0.135 is stored slightly above 0.135, so it rounds up in Python too.
    expect(pythonFixed(0.135, 2)).toBe("0.14");
    expect(pythonFixed(0.145, 2)).toBe("0.14");
  });

  it("writes signs, NaN and infinities as Python", () => {
    expect(pythonFixed(-0, 2)).toBe("-0.00");
    expect(pythonFixed(-0.001, 2)).toBe("-0.00");
    expect(pythonFixed(-0.3333, 2)).toBe("-0.33");
    expect(pythonFixed(Number.NaN, 2)).toBe("nan");
    expect(pythonFixed(Number.NEGATIVE_INFINITY, 2)).toBe("-inf");
    expect(pythonFixed(1e22, 1)).toBe("10000000000000000000000.0");
  });
});

describe("formatPValue", () => {
  it("keeps three significant digits and marks underflow", () => {
    expect(formatPValue(0.0319381067570097)).toBe("0.0319");
    expect(formatPValue(5.090679580605405e-12)).toBe("5.09e-12");
    expect(formatPValue(1)).toBe("1");
    expect(formatPValue(0)).toBe("< 1e-300");
  });
});
