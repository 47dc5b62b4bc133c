/**
 * Otsu's threshold as scikit-image 0.19 `filters.threshold_otsu` computes it for a float image:
 * a `nbins`-bin histogram over [min, max] built exactly as `numpy.histogram` does (bin edges from
 * `numpy.linspace`, its index rounding corrections, the last bin closed), bin centres as the mean
 * of neighbouring edges, cumulative class weights and means, and the first bin centre that
 * maximises the between-class variance.
 */

/**
 * Otsu threshold of `values` (any units) with `nbins` histogram bins. Pixels strictly above the
 * threshold are foreground. A constant image returns its value (so nothing is above it); an
 * empty input, or one holding NaN or ±inf (where NumPy's histogram raises), returns NaN.
 */
export function thresholdOtsu(values: ArrayLike<number>, nbins = 256): number {
  const count = values.length;
  if (count === 0) return Number.NaN;
  const first = values[0];
  let allEqual = true;
  let minimum = Number.POSITIVE_INFINITY;
  let maximum = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    const value = values[i];
    if (value !== first) allEqual = false;
    if (value < minimum) minimum = value;
    if (value > maximum) maximum = value;
    if (Number.isNaN(value)) return Number.NaN;
  }
  if (allEqual) return first;
  if (!Number.isFinite(minimum) || !Number.isFinite(maximum)) return Number.NaN;

  const edges = histogramEdges(minimum, maximum, nbins);
  const counts = histogramCounts(values, edges, nbins);
  const centres = new Float64Array(nbins);
  for (let i = 0; i < nbins; i++) centres[i] = (edges[i] + edges[i + 1]) / 2;
  return otsuFromHistogram(counts, centres);
}

/**
 * Otsu threshold from a histogram (`counts` per bin, `centres` in image units), with the
 * argmax rule of scikit-image: the first bin centre whose between-class variance is maximal.
 * Returns NaN for fewer than two bins.
 */
export function otsuFromHistogram(counts: Float64Array, centres: Float64Array): number {
  const bins = counts.length;
  if (bins < 2) return Number.NaN;
  // Forward cumulative weight and mean of class 1 (bins 0..k), sequential like numpy.cumsum.
  const weightBelow = new Float64Array(bins);
  const meanBelow = new Float64Array(bins);
  let weight = 0;
  let moment = 0;
  for (let k = 0; k < bins; k++) {
    weight += counts[k];
    moment += counts[k] * centres[k];
    weightBelow[k] = weight;
    meanBelow[k] = moment / weight;
  }
  // Backward cumulative weight and mean of class 2 (bins k..end).
  const weightAbove = new Float64Array(bins);
  const meanAbove = new Float64Array(bins);
  weight = 0;
  moment = 0;
  for (let k = bins - 1; k >= 0; k--) {
    weight += counts[k];
    moment += counts[k] * centres[k];
    weightAbove[k] = weight;
    meanAbove[k] = moment / weight;
  }
  let best = 0;
  let bestVariance = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < bins - 1; k++) {
    const difference = meanBelow[k] - meanAbove[k + 1];
    const variance = weightBelow[k] * weightAbove[k + 1] * (difference * difference);
    // numpy.argmax returns the first NaN if there is one, else the first maximum.
    if (Number.isNaN(variance)) {
      best = k;
      break;
    }
    if (variance > bestVariance) {
      bestVariance = variance;
      best = k;
    }
  }
  return centres[best];
}

/** The `nbins + 1` edges `numpy.linspace(first, last, nbins + 1)` gives (last edge exact). */
export function histogramEdges(first: number, last: number, nbins: number): Float64Array {
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const edges = new Float64Array(nbins + 1);
  const delta = last - first;
  const step = delta / nbins;
  for (let k = 0; k <= nbins; k++) {
    // NumPy multiplies then adds in separate passes; the step-zero branch covers denormal ranges.
    edges[k] = (step === 0 ? (k / nbins) * delta : k * step) + first;
  }
  edges[nbins] = last;
  return edges;
}

/**
 * Counts per bin as `numpy.histogram(values, bins=edges)` for uniform edges: values outside
 * [edges[0], edges[nbins]] are ignored, the last bin includes its right edge.
 */
export function histogramCounts(values: ArrayLike<number>, edges: Float64Array, nbins: number): Float64Array {
  const counts = new Float64Array(nbins);
  const first = edges[0];
  const last = edges[nbins];
  const norm = nbins / (last - first);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!(value >= first && value <= last)) continue;
    let index = Math.trunc((value - first) * norm);
    if (index === nbins) index--;
    // NumPy corrects the computed index against the actual edges (1-ulp disagreements).
    if (value < edges[index]) index--;
    else if (value >= edges[index + 1] && index !== nbins - 1) index++;
    counts[index]++;
  }
  return counts;
}
