// The benchmarks' one percentile rule: the value at index floor(q·n) of the sorted samples.

/** p50, p95, mean, min and max of a list of samples; null for none. */
export function summary(values) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), mean: sorted.reduce((s, x) => s + x, 0) / sorted.length, min: sorted[0], max: sorted.at(-1) };
}
