/**
 * Deterministic beeswarm layout: circles keep their exact x and move vertically to the free spot
 * nearest the centre line, so the width of the swarm shows the density of values (no random jitter,
 * so the same data always gives the same picture).
 */

/**
 * Vertical offsets (px, 0 = centre line) for circles of `radius` px centred at `x` (px) so that no
 * two overlap. Points are placed in ascending x (ties by index), each at the offset of smallest
 * magnitude left free by the circles already placed within one diameter in x; when the spot above
 * and the one below are equally near, the side opposite to the previous point's wins (up first). Non-finite x gets offset NaN; radius ≤ 0
 * puts every point on the centre line.
 */
export function beeswarmOffsets(x: ArrayLike<number>, radius: number): Float64Array {
  const n = x.length;
  const offsets = new Float64Array(n).fill(Number.NaN);
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (Number.isFinite(x[i])) order.push(i);
  if (!(radius > 0)) {
    for (const i of order) offsets[i] = 0;
    return offsets;
  }
  order.sort((a, b) => x[a] - x[b] || a - b);
  const swarm = new SwarmWindow(2 * radius, order.length);
  // On a tie the side opposite to the previous point's, so stacks grow evenly.
  let lastSide = -1;
  let leaving = 0;
  for (let k = 0; k < order.length; k++) {
    const xi = x[order[k]];
    // Circles more than a diameter to the left can no longer touch this one or any later one.
    while (leaving < k && xi - x[order[leaving]] >= swarm.diameter) {
      swarm.remove(x[order[leaving]], offsets[order[leaving]]);
      leaving++;
    }
    const up = swarm.freeOffset(xi, 1, Number.POSITIVE_INFINITY);
    const down = swarm.freeOffset(xi, -1, up);
    let y: number;
    if (up < -down) y = up;
    else if (-down < up) y = down;
    else y = up === 0 ? 0 : lastSide > 0 ? down : up;
    if (y !== 0) lastSide = Math.sign(y);
    offsets[order[k]] = y;
    swarm.insert(xi, y);
  }
  return offsets;
}

/**
 * The circles that can still touch the next one, kept sorted by y so that the few circles near a
 * candidate offset are found by binary search (circles do not overlap, so only a handful of them
 * lie within one diameter of any point).
 */
class SwarmWindow {
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private size = 0;
  private readonly diameterSquared: number;

  constructor(
    readonly diameter: number,
    capacity: number,
  ) {
    this.xs = new Float64Array(capacity);
    this.ys = new Float64Array(capacity);
    this.diameterSquared = diameter * diameter;
  }

  // First position whose y is ≥ value.
  private lowerBound(value: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ys[mid] < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(x: number, y: number): void {
    const at = this.lowerBound(y);
    this.xs.copyWithin(at + 1, at, this.size);
    this.ys.copyWithin(at + 1, at, this.size);
    this.xs[at] = x;
    this.ys[at] = y;
    this.size++;
  }

  remove(x: number, y: number): void {
    let at = this.lowerBound(y);
    while (at < this.size && this.xs[at] !== x) at++;
    this.xs.copyWithin(at, at + 1, this.size);
    this.ys.copyWithin(at, at + 1, this.size);
    this.size--;
  }

  /**
   * Starting at offset 0 and moving in `direction` (+1 or −1), the first offset where a circle at
   * `x` overlaps no circle of the window; stops early once |offset| exceeds `limit`.
   */
  freeOffset(x: number, direction: 1 | -1, limit: number): number {
    let candidate = 0;
    for (;;) {
      let blockedTo = Number.NaN;
      for (let q = this.lowerBound(candidate - this.diameter); q < this.size; q++) {
        const y = this.ys[q];
        if (y >= candidate + this.diameter) break;
        const dx = x - this.xs[q];
        const half = Math.sqrt(Math.max(0, this.diameterSquared - dx * dx));
        // Open intervals: circles may touch.
        if (y - half < candidate && candidate < y + half) {
          const edge = direction > 0 ? y + half : y - half;
          if (Number.isNaN(blockedTo) || edge * direction > blockedTo * direction) blockedTo = edge;
        }
      }
      if (Number.isNaN(blockedTo)) return candidate;
      candidate = blockedTo;
      if (Math.abs(candidate) > limit) return candidate;
    }
  }
}

/** The largest |offset| among finite offsets (0 when there are none). */
export function maxAbsOffset(offsets: ArrayLike<number>): number {
  let widest = 0;
  for (let i = 0; i < offsets.length; i++) {
    const magnitude = Math.abs(offsets[i]);
    if (magnitude > widest) widest = magnitude;
  }
  return widest;
}
