/**
 * XGBoost's weighted quantile sketch (`WQuantileSketch<float, float>` with unit weights), which
 * chooses the histogram cuts of tree_method "hist". It is reproduced operation by operation, with
 * float32 ranks, so that the cuts — and hence the trees — equal XGBoost 1.7's: values are queued
 * in row order, summarised and merged through levels of bounded size when the queue fills, and
 * pruned to evenly spaced ranks. Up to ~2 × limitSize values the summary is exact.
 */

const fround = Math.fround;

/** A summary: sorted distinct values with their minimum/maximum rank and own weight (float32). */
export class QuantileSummary {
  size = 0;
  value: Float64Array;
  rmin: Float64Array;
  rmax: Float64Array;
  wmin: Float64Array;

  /** An empty summary with room for `capacity` entries. */
  constructor(capacity: number) {
    this.value = new Float64Array(capacity);
    this.rmin = new Float64Array(capacity);
    this.rmax = new Float64Array(capacity);
    this.wmin = new Float64Array(capacity);
  }

  /** Grows the storage to hold at least `capacity` entries (keeps the content). */
  reserve(capacity: number): void {
    if (capacity <= this.value.length) return;
    const grow = (old: Float64Array) => {
      const next = new Float64Array(capacity);
      next.set(old.subarray(0, this.size));
      return next;
    };
    this.value = grow(this.value);
    this.rmin = grow(this.rmin);
    this.rmax = grow(this.rmax);
    this.wmin = grow(this.wmin);
  }

  /** Appends an entry (capacity must suffice). */
  push(rmin: number, rmax: number, wmin: number, value: number): void {
    const i = this.size++;
    this.rmin[i] = rmin;
    this.rmax[i] = rmax;
    this.wmin[i] = wmin;
    this.value[i] = value;
  }

  private pushEntryOf(source: QuantileSummary, i: number): void {
    this.push(source.rmin[i], source.rmax[i], source.wmin[i], source.value[i]);
  }

  /** Becomes a copy of `source`. */
  copyFrom(source: QuantileSummary): void {
    this.reserve(source.size);
    this.size = source.size;
    this.value.set(source.value.subarray(0, source.size));
    this.rmin.set(source.rmin.subarray(0, source.size));
    this.rmax.set(source.rmax.subarray(0, source.size));
    this.wmin.set(source.wmin.subarray(0, source.size));
  }

  /** XGBoost's `WQSummary::SetPrune`: at most `maxSize` entries of `source` at evenly spaced ranks. */
  setPrune(source: QuantileSummary, maxSize: number): void {
    if (source.size <= maxSize) {
      this.copyFrom(source);
      return;
    }
    this.reserve(maxSize);
    this.size = 0;
    const last = source.size - 1;
    const begin = source.rmax[0];
    const range = fround(source.rmin[last] - source.rmax[0]);
    const n = maxSize - 1;
    this.pushEntryOf(source, 0);
    let i = 1;
    let lastIndex = 0;
    for (let k = 1; k < n; k++) {
      const dx2 = fround(2 * fround(fround(fround(k * range) / n) + begin));
      while (i < last && dx2 >= fround(source.rmax[i + 1] + source.rmin[i + 1])) i++;
      if (i === last) break;
      const rminNext = fround(source.rmin[i] + source.wmin[i]);
      const rmaxPrev = fround(source.rmax[i + 1] - source.wmin[i + 1]);
      if (dx2 < fround(rminNext + rmaxPrev)) {
        if (i !== lastIndex) {
          this.pushEntryOf(source, i);
          lastIndex = i;
        }
      } else if (i + 1 !== lastIndex) {
        this.pushEntryOf(source, i + 1);
        lastIndex = i + 1;
      }
    }
    if (lastIndex !== last) this.pushEntryOf(source, last);
  }

  /** XGBoost's `WQSummary::SetCombine`: the merged summary of a and b (with FixError). */
  setCombine(a: QuantileSummary, b: QuantileSummary): void {
    if (a.size === 0) {
      this.copyFrom(b);
      return;
    }
    if (b.size === 0) {
      this.copyFrom(a);
      return;
    }
    this.reserve(a.size + b.size);
    this.size = 0;
    let i = 0;
    let j = 0;
    let aPreviousRmin = 0;
    let bPreviousRmin = 0;
    while (i < a.size && j < b.size) {
      if (a.value[i] === b.value[j]) {
        this.push(
          fround(a.rmin[i] + b.rmin[j]),
          fround(a.rmax[i] + b.rmax[j]),
          fround(a.wmin[i] + b.wmin[j]),
          a.value[i],
        );
        aPreviousRmin = fround(a.rmin[i] + a.wmin[i]);
        bPreviousRmin = fround(b.rmin[j] + b.wmin[j]);
        i++;
        j++;
      } else if (a.value[i] < b.value[j]) {
        this.push(
          fround(a.rmin[i] + bPreviousRmin),
          fround(a.rmax[i] + fround(b.rmax[j] - b.wmin[j])),
          a.wmin[i],
          a.value[i],
        );
        aPreviousRmin = fround(a.rmin[i] + a.wmin[i]);
        i++;
      } else {
        this.push(
          fround(b.rmin[j] + aPreviousRmin),
          fround(b.rmax[j] + fround(a.rmax[i] - a.wmin[i])),
          b.wmin[j],
          b.value[j],
        );
        bPreviousRmin = fround(b.rmin[j] + b.wmin[j]);
        j++;
      }
    }
    if (i < a.size) {
      const bMaxRank = b.rmax[b.size - 1];
      for (; i < a.size; i++)
        this.push(fround(a.rmin[i] + bPreviousRmin), fround(a.rmax[i] + bMaxRank), a.wmin[i], a.value[i]);
    }
    if (j < b.size) {
      const aMaxRank = a.rmax[a.size - 1];
      for (; j < b.size; j++)
        this.push(fround(b.rmin[j] + aPreviousRmin), fround(b.rmax[j] + aMaxRank), b.wmin[j], b.value[j]);
    }
    this.fixError();
  }

  // Re-establishes the rank invariants that float rounding may break (XGBoost's FixError).
  private fixError(): void {
    let previousRmin = 0;
    let previousRmax = 0;
    for (let i = 0; i < this.size; i++) {
      if (this.rmin[i] < previousRmin) this.rmin[i] = previousRmin;
      else previousRmin = this.rmin[i];
      if (this.rmax[i] < previousRmax) this.rmax[i] = previousRmax;
      const rminNext = fround(this.rmin[i] + this.wmin[i]);
      if (this.rmax[i] < rminNext) this.rmax[i] = rminNext;
      previousRmax = this.rmax[i];
    }
  }
}

/** XGBoost's sketch accuracy factor: eps = 1 / (bins × 8). */
export const SKETCH_FACTOR = 8;

// Sort keys pack a float32's order-preserving bits above the entry's index (exact in a double).
const INDEX_BITS = 2 ** 21;
const keyBits = new Float32Array(1);
const keyWords = new Uint32Array(keyBits.buffer);

/** One column's streaming sketch; push the non-missing values in row order, then `summary()`. */
export class QuantileSketch {
  readonly limitSize: number;
  // XGBoost's input queue: a value equal to the previous one adds to that entry's weight, and the
  // queue is summarised when it holds 2 × limitSize entries.
  private readonly queueValues: Float32Array;
  private readonly queueWeights: Float64Array;
  private readonly sortKeys: Float64Array;
  private readonly order: Uint32Array;
  private readonly sortedValues: Float32Array;
  private queueEntries = 0;
  // True while no queue entry has grown beyond weight 1 (then the values alone can be sorted).
  private unitWeights = true;
  private readonly levels: QuantileSummary[] = [];
  private readonly temp: QuantileSummary;

  /** A sketch for at most `maxCount` values summarised to accuracy `eps` (XGBoost's Init). */
  constructor(maxCount: number, eps: number) {
    let levels = 1;
    let limit: number;
    for (;;) {
      limit = Math.ceil(levels / eps) + 1;
      if (2 ** levels * limit >= maxCount) break;
      levels++;
    }
    this.limitSize = limit;
    const capacity = Math.max(1, Math.min(2 * limit, maxCount));
    this.queueValues = new Float32Array(capacity);
    this.queueWeights = new Float64Array(capacity);
    this.sortKeys = new Float64Array(capacity);
    this.order = new Uint32Array(capacity);
    this.sortedValues = new Float32Array(capacity);
    this.temp = new QuantileSummary(2 * limit);
  }

  /** Adds a value (rounded to float32) with unit weight; at most maxCount values in total. */
  push(value: number): void {
    const v = Math.fround(value);
    // Like XGBoost, a full queue is flushed before the value is considered, even a repeated one.
    if (this.queueEntries === 2 * this.limitSize) {
      this.makeSummary(this.temp);
      this.pushTemp();
    }
    const count = this.queueEntries;
    if (count > 0 && this.queueValues[count - 1] === v) {
      this.queueWeights[count - 1] += 1;
      this.unitWeights = false;
    } else {
      this.queueValues[count] = v;
      this.queueWeights[count] = 1;
      this.queueEntries = count + 1;
    }
  }

  // Sorts the queue by value into summary entries (equal values merged) and empties it.
  private makeSummary(out: QuantileSummary): void {
    const count = this.queueEntries;
    const values = this.queueValues;
    const weights = this.queueWeights;
    out.reserve(count);
    out.size = 0;
    let sum = 0;
    if (this.unitWeights) {
      const sorted = this.sortedValues.subarray(0, count);
      sorted.set(values.subarray(0, count));
      sorted.sort();
      for (let i = 0; i < count; ) {
        let j = i + 1;
        while (j < count && sorted[j] === sorted[i]) j++;
        const w = j - i;
        out.push(sum, fround(sum + w), w, sorted[i]);
        sum = fround(sum + w);
        i = j;
      }
      this.queueEntries = 0;
      return;
    }
    const order = this.order.subarray(0, count);
    if (count <= INDEX_BITS) {
      const keys = this.sortKeys.subarray(0, count);
      for (let i = 0; i < count; i++) {
        keyBits[0] = values[i];
        const bits = keyWords[0];
        // Negative floats order by inverted bits, positive ones above them.
        const ordered = bits & 0x80000000 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
        keys[i] = ordered * INDEX_BITS + i;
      }
      keys.sort();
      for (let i = 0; i < count; i++) order[i] = keys[i] % INDEX_BITS;
    } else {
      for (let i = 0; i < count; i++) order[i] = i;
      order.sort((a, b) => values[a] - values[b]);
    }
    for (let i = 0; i < count; ) {
      const value = values[order[i]];
      let w = weights[order[i]];
      let j = i + 1;
      while (j < count && values[order[j]] === value) w = fround(w + weights[order[j++]]);
      out.push(sum, fround(sum + w), w, value);
      sum = fround(sum + w);
      i = j;
    }
    this.queueEntries = 0;
    this.unitWeights = true;
  }

  private level(l: number): QuantileSummary {
    while (this.levels.length <= l) this.levels.push(new QuantileSummary(this.limitSize));
    return this.levels[l];
  }

  private pushTemp(): void {
    const temp = this.temp;
    for (let l = 1; ; l++) {
      this.level(l + 1);
      const current = this.level(l);
      if (current.size === 0) {
        current.setPrune(temp, this.limitSize);
        break;
      }
      const scratch = this.level(0);
      scratch.setPrune(temp, this.limitSize);
      temp.setCombine(scratch, current);
      if (temp.size > this.limitSize) {
        current.size = 0;
      } else {
        current.copyFrom(temp);
        break;
      }
    }
  }

  /** The final summary (XGBoost's GetSummary). */
  summary(): QuantileSummary {
    const out = new QuantileSummary(Math.max(1, this.queueEntries));
    this.makeSummary(out);
    if (this.levels.length > 0) {
      const first = this.level(0);
      first.setPrune(out, this.limitSize);
      for (let l = 1; l < this.levels.length; l++) {
        const current = this.levels[l];
        if (current.size === 0) continue;
        if (first.size === 0) {
          first.copyFrom(current);
        } else {
          out.setCombine(first, current);
          first.setPrune(out, this.limitSize);
        }
      }
      out.copyFrom(first);
    } else if (out.size > this.limitSize) {
      const pruned = new QuantileSummary(this.limitSize);
      pruned.setPrune(out, this.limitSize);
      return pruned;
    }
    return out;
  }
}
