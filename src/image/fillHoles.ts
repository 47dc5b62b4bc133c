/**
 * Fills the holes of a binary image as SciPy's `binary_fill_holes` does with its default
 * structure: background pixels not 4-connected to the image border become foreground.
 * Input and output are row-major 0/1 planes of `height × width`; an empty image stays empty.
 */
export function fillHoles(mask: Uint8Array, width: number, height: number): Uint8Array {
  const pixels = width * height;
  const filled = new Uint8Array(pixels).fill(1);
  if (pixels === 0) return filled;
  // Flood the background from the border; whatever the flood cannot reach is inside an object.
  const stack = new Int32Array(pixels);
  let top = 0;
  const seed = (index: number) => {
    if (mask[index] === 0 && filled[index] === 1) {
      filled[index] = 0;
      stack[top++] = index;
    }
  };
  for (let x = 0; x < width; x++) {
    seed(x);
    seed((height - 1) * width + x);
  }
  for (let y = 0; y < height; y++) {
    seed(y * width);
    seed(y * width + width - 1);
  }
  while (top > 0) {
    const index = stack[--top];
    const x = index % width;
    if (x > 0) seed(index - 1);
    if (x < width - 1) seed(index + 1);
    if (index >= width) seed(index - width);
    if (index < pixels - width) seed(index + width);
  }
  return filled;
}
