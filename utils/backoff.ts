/** Doubling delays, `firstMs` after the first failure, never more than `maxMs`; attempt counts from 0. */
export function doublingBackoff(firstMs: number, maxMs: number): (attempt: number) => number {
  return (attempt) => Math.min(firstMs * 2 ** Math.max(0, attempt), maxMs);
}
