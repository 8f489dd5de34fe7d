export interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

/** Count, p50, p99 and max of latencies in ms, to 0.1 ms. */
export function summary(values: number[]): Summary {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
  const round = (x: number) => Math.round(x * 10) / 10;
  return { n: sorted.length, p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted.length ? sorted[sorted.length - 1] : 0) };
}
