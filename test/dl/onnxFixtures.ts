import { readFileSync } from "node:fs";
import { FIXTURES } from "../helpers/fixtures.js";

/** The ONNX fixtures: ResNet-18 layout, input `image` [batch, 5, 64, 64], outputs `logits` [batch, 9] and `embedding`. */
export const ONNX_FIXTURES = `${FIXTURES}onnx/`;
/** The small (width 16) model used by tests. */
export const SMALL_MODEL = `${ONNX_FIXTURES}r18w16_64.onnx`;

/** A fixture CSV of float rows (`*.inputs.csv` or `*.logits.csv`) as one Float32Array per row. */
export function readFloatRows(name: string): Float32Array[] {
  return readFileSync(`${ONNX_FIXTURES}${name}`, "utf8")
    .trim()
    .split("\n")
    .map((line) => Float32Array.from(line.split(","), Number));
}
