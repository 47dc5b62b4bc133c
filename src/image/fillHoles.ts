/**
 * Fills the holes of a binary image as SciPy's `binary_fill_holes`: background pixels that the
 * border cannot reach through background become foreground. `connectivity` 4 floods the
 * background through edge neighbours (SciPy's default cross structure); 8 also through corners
 * (a full 3×3 structure, as regionprops' `filled_image`). Input and output are row-major 0/1
 * planes of `height × width`; an empty image stays empty.
 */
export function fillHoles(
  mask: Uint8Array,
  width: number,
  height: number,
  connectivity: 4 | 8 = 4,
): Uint8Array {
  const pixels = width * height;
  // filled[i] = 0 marks background reached from the border; everything else ends up foreground.
  const filled = new Uint8Array(pixels).fill(1);
  if (pixels === 0) return filled;
  const stack = new Int32Array(pixels);
  let top = 0;
  for (let row = 0, index = 0; row < height; row++) {
    const onEdge = row === 0 || row === height - 1;
    for (let column = 0; column < width; column++, index++) {
      if (mask[index] !== 0 || !(onEdge || column === 0 || column === width - 1)) continue;
      filled[index] = 0;
      stack[top++] = index;
    }
  }
  const diagonal = connectivity === 8;
  while (top > 0) {
    const index = stack[--top];
    const row = (index / width) | 0;
    const column = index - row * width;
    const rowFrom = row > 0 ? row - 1 : 0;
    const rowTo = row < height - 1 ? row + 1 : row;
    const columnFrom = column > 0 ? column - 1 : 0;
    const columnTo = column < width - 1 ? column + 1 : column;
    for (let r = rowFrom; r <= rowTo; r++) {
      for (let c = columnFrom, next = r * width + columnFrom; c <= columnTo; c++, next++) {
        if (!diagonal && r !== row && c !== column) continue;
        if (mask[next] !== 0 || filled[next] === 0) continue;
        filled[next] = 0;
        stack[top++] = next;
      }
    }
  }
  return filled;
}
