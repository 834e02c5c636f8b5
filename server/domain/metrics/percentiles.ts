/** Nearest-rank percentile: the smallest value with at least p % of the values at or below it; null when empty. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  if (!(p > 0 && p <= 100)) throw new RangeError('p must be in (0, 100]');
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1]!;
}

export interface Distribution {
  count: number;
  p50Ms: number | null;
  p90Ms: number | null;
}

export const distribution = (values: readonly number[]): Distribution => ({
  count: values.length,
  p50Ms: percentile(values, 50),
  p90Ms: percentile(values, 90),
});
