/**
 * Compares strings by Unicode code points, the order of Python's `sorted` and NumPy's `np.unique`
 * (JavaScript's `<` compares UTF-16 code units, which puts U+E000…U+FFFF after astral characters).
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Move surrogates (D800–DFFF) above E000–FFFF, which turns code-unit order into code-point order.
    if (x >= 0xd800) x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
    if (y >= 0xd800) y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    return x - y;
  }
  return a.length - b.length;
}

/** Distinct values in code-point order and each row's index into them (`np.unique(…, return_inverse=True)`). */
export function sortedUnique(values: ArrayLike<string>): { unique: string[]; inverse: Int32Array } {
  // One map lookup per row into codes in order of appearance, then renumbered in sorted order.
  const codeOf = new Map<string, number>();
  const firstSeen: string[] = [];
  const inverse = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    let code = codeOf.get(values[i]);
    if (code === undefined) {
      code = firstSeen.length;
      codeOf.set(values[i], code);
      firstSeen.push(values[i]);
    }
    inverse[i] = code;
  }
  const order = Array.from(firstSeen, (_, code) => code).sort((a, b) =>
    compareCodePoints(firstSeen[a], firstSeen[b]),
  );
  const rank = new Int32Array(order.length);
  order.forEach((code, position) => {
    rank[code] = position;
  });
  for (let i = 0; i < inverse.length; i++) inverse[i] = rank[inverse[i]];
  return { unique: order.map((code) => firstSeen[code]), inverse };
}
