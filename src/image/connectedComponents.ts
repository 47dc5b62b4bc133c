/**
 * Connected components of binary planes, as SciPy `ndimage.label` and scikit-image
 * `morphology.remove_small_objects` define them. Connectivity 1 joins the 4 edge neighbours,
 * connectivity 2 also the 4 diagonal ones.
 */

/** Labels of a binary plane: 0 for background, 1..count for the components. */
export interface Labelling {
  /** Row-major labels, `width × height`. */
  readonly labels: Int32Array;
  /** Number of components. */
  readonly count: number;
  /** Pixel count of each label; `sizes[0]` counts the background. */
  readonly sizes: Int32Array;
}

/**
 * Labels the nonzero pixels of a row-major plane with `connectivity` 1 (4-neighbours) or 2
 * (8-neighbours). Labels are numbered in raster order of each component's first pixel, as
 * `scipy.ndimage.label` numbers them. An empty plane has count 0.
 */
export function labelComponents(
  mask: ArrayLike<number>,
  width: number,
  height: number,
  connectivity: 1 | 2 = 1,
): Labelling {
  checkConnectivity(connectivity);
  const pixels = width * height;
  const labels = new Int32Array(pixels);
  const stack = new Int32Array(pixels);
  const sizeList: number[] = [0];
  let count = 0;
  for (let start = 0; start < pixels; start++) {
    if (mask[start] === 0 || labels[start] !== 0) continue;
    const label = ++count;
    labels[start] = label;
    sizeList.push(floodFill(mask, labels, stack, width, height, start, label, connectivity));
  }
  const sizes = Int32Array.from(sizeList);
  let foreground = 0;
  for (let label = 1; label <= count; label++) foreground += sizes[label];
  sizes[0] = pixels - foreground;
  return { labels, count, sizes };
}

/**
 * Labels every unlabelled foreground pixel connected to `start` (already labelled) with `label`;
 * returns the component's size. `stack` must hold width·height entries.
 */
function floodFill(
  mask: ArrayLike<number>,
  labels: Int32Array,
  stack: Int32Array,
  width: number,
  height: number,
  start: number,
  label: number,
  connectivity: 1 | 2,
): number {
  stack[0] = start;
  let top = 1;
  let size = 0;
  const last = width * height - width;
  while (top > 0) {
    const index = stack[--top];
    size++;
    const column = index % width;
    const hasLeft = column > 0;
    const hasRight = column < width - 1;
    const hasUp = index >= width;
    const hasDown = index < last;
    // Edge neighbours, then (connectivity 2) the diagonal ones.
    if (hasLeft) top = visit(mask, labels, stack, top, index - 1, label);
    if (hasRight) top = visit(mask, labels, stack, top, index + 1, label);
    if (hasUp) top = visit(mask, labels, stack, top, index - width, label);
    if (hasDown) top = visit(mask, labels, stack, top, index + width, label);
    if (connectivity === 2) {
      if (hasUp && hasLeft) top = visit(mask, labels, stack, top, index - width - 1, label);
      if (hasUp && hasRight) top = visit(mask, labels, stack, top, index - width + 1, label);
      if (hasDown && hasLeft) top = visit(mask, labels, stack, top, index + width - 1, label);
      if (hasDown && hasRight) top = visit(mask, labels, stack, top, index + width + 1, label);
    }
  }
  return size;
}

/** Labels and pushes one foreground neighbour if it is still unlabelled; returns the new stack top. */
function visit(
  mask: ArrayLike<number>,
  labels: Int32Array,
  stack: Int32Array,
  top: number,
  neighbour: number,
  label: number,
): number {
  if (mask[neighbour] !== 0 && labels[neighbour] === 0) {
    labels[neighbour] = label;
    stack[top++] = neighbour;
  }
  return top;
}

/**
 * Removes the connected components of fewer than `minSize` pixels from a binary plane, as
 * `skimage.morphology.remove_small_objects(mask.astype(bool), minSize, connectivity)`. Returns a
 * new 0/1 plane; `minSize` 0 (or less) keeps everything.
 */
export function removeSmallObjects(
  mask: ArrayLike<number>,
  width: number,
  height: number,
  minSize: number,
  connectivity: 1 | 2 = 1,
): Uint8Array {
  const pixels = width * height;
  const out = new Uint8Array(pixels);
  for (let i = 0; i < pixels; i++) out[i] = mask[i] !== 0 ? 1 : 0;
  if (minSize <= 0) return out;
  const { labels, sizes } = labelComponents(out, width, height, connectivity);
  for (let i = 0; i < pixels; i++) {
    const label = labels[i];
    if (label !== 0 && sizes[label] < minSize) out[i] = 0;
  }
  return out;
}

function checkConnectivity(connectivity: number): void {
  if (connectivity !== 1 && connectivity !== 2) {
    throw new RangeError(`connectivity must be 1 or 2 for a 2-D image, got ${connectivity}`);
  }
}
