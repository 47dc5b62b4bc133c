import type { ClassificationReport } from "./classificationReport.js";

/** Options of {@link formatClassificationReport}. */
export interface FormatReportOptions {
  /** Decimals of the scores (sklearn's `digits`, default 2). */
  digits?: number;
}

/**
 * The report as aligned text: first exactly what sklearn's `classification_report(…, digits)`
 * prints for the same labels and names, then the summary lines (balanced accuracy, MCC, Cohen's
 * kappa, no-information rate and the p-value of accuracy > NIR).
 */
export function formatClassificationReport(
  report: ClassificationReport,
  options: FormatReportOptions = {},
): string {
  const digits = options.digits ?? 2;
  if (!Number.isInteger(digits) || digits < 0 || digits > 20)
    throw new RangeError(`digits must be an integer in 0…20, got ${digits}`);
  const names = report.perClass.map((row) => row.className);
  const width = Math.max(0, ...names.map(codePointLength), "weighted avg".length, digits);
  const column = (text: string) => ` ${padStart(text, 9)}`;
  const scores = (precision: number, recall: number, f1: number, support: number) =>
    column(pythonFixed(precision, digits)) +
    column(pythonFixed(recall, digits)) +
    column(pythonFixed(f1, digits)) +
    column(String(support));

  let text = `${padStart("", width)} ${["precision", "recall", "f1-score", "support"].map(column).join("")}\n\n`;
  for (const row of report.perClass) {
    text += `${padStart(row.className, width)} ${scores(row.precision, row.recall, row.f1, row.support)}\n`;
  }
  text += "\n";
  const micro = report.micro;
  if (report.microIsAccuracy) {
    text += `${padStart("accuracy", width)} ${column("")}${column("")}${column(pythonFixed(micro.f1, digits))}${column(String(micro.support))}\n`;
  } else {
    text += `${padStart("micro avg", width)} ${scores(micro.precision, micro.recall, micro.f1, micro.support)}\n`;
  }
  for (const [heading, row] of [
    ["macro avg", report.macro],
    ["weighted avg", report.weighted],
  ] as const) {
    text += `${padStart(heading, width)} ${scores(row.precision, row.recall, row.f1, row.support)}\n`;
  }

  const kappaLabel =
    report.cohenKappaWeights === "none"
      ? "Cohen's kappa"
      : `Cohen's kappa (${report.cohenKappaWeights} weights)`;
  const summary: [string, string][] = [
    ["Accuracy", pythonFixed(report.accuracy, digits)],
    ["Balanced accuracy", pythonFixed(report.balancedAccuracy, digits)],
    ["Matthews correlation (MCC)", pythonFixed(report.matthewsCorrelation, digits)],
    [
      kappaLabel,
      report.cohenKappa === null ? "undefined (a single class)" : pythonFixed(report.cohenKappa, digits),
    ],
    ["No-information rate (NIR)", pythonFixed(report.noInformationRate, digits)],
    ["P-value [Acc > NIR]", formatPValue(report.accuracyPValue)],
  ];
  const labelWidth = Math.max(...summary.map(([label]) => label.length));
  text += "\n";
  for (const [label, value] of summary) text += `${label.padEnd(labelWidth)}  ${value}\n`;
  return text;
}

/** A p-value for people: 3 significant digits, scientific below 1e-4, "< 1e-300" for underflow. */
export function formatPValue(p: number): string {
  if (Number.isNaN(p)) return "nan";
  if (p === 0) return "< 1e-300";
  if (p >= 1e-4) return String(Number(p.toPrecision(3)));
  return p.toExponential(2);
}

/**
 * Python's `format(x, ".{digits}f")`: the exact binary value rounded half to even (JavaScript's
 * toFixed rounds exact ties up: 0.125 → "0.13" where Python prints "0.12"), "nan", "inf", "-0.00".
 */
export function pythonFixed(value: number, digits: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  const negative = value < 0 || Object.is(value, -0);
  const magnitude = Math.abs(value);
  let text: string;
  if (magnitude >= 1e21) {
    text = BigInt(magnitude).toString() + (digits > 0 ? `.${"0".repeat(digits)}` : "");
  } else {
    text = magnitude.toFixed(digits);
    // A tie is exact: the full expansion has a 5 right after the kept digits and zeros beyond.
    const exact = magnitude.toFixed(100);
    const point = exact.indexOf(".");
    const tail = exact.slice(point + 1 + digits);
    if (/^50*$/.test(tail)) {
      const kept = exact.slice(0, point + 1 + digits).replace(/\.$/, "");
      const lastDigit = Number(kept[kept.length - 1]);
      // Half to even: keep an even last digit, otherwise toFixed's round-up is right.
      if (lastDigit % 2 === 0) text = kept;
    }
  }
  return negative ? `-${text}` : text;
}

function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

/** Right-aligns by code points, as Python's format does. */
function padStart(text: string, width: number): string {
  const missing = width - codePointLength(text);
  return missing > 0 ? " ".repeat(missing) + text : text;
}
