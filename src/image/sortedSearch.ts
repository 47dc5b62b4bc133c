/**
 * First position in `sorted[low … high)` (ascending) whose value is at least `value`; `high` when
 * none is. Every comparison with NaN is false, so a NaN `value` gives `low`.
 */
export function lowerBound(
  sorted: ArrayLike<number>,
  value: number,
  low = 0,
  high: number = sorted.length,
): number {
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** First position in `sorted[low … high)` (ascending) whose value is above `value`; `high` when none is. */
export function upperBound(
  sorted: ArrayLike<number>,
  value: number,
  low = 0,
  high: number = sorted.length,
): number {
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}
