const MIN = 60_000;
/** Steps a duration axis reads well in: whole seconds, minutes, hours, days. */
const DURATION_STEPS = [
  5_000,
  10_000,
  30_000,
  MIN,
  2 * MIN,
  5 * MIN,
  10 * MIN,
  15 * MIN,
  30 * MIN,
  60 * MIN,
  2 * 60 * MIN,
  4 * 60 * MIN,
  6 * 60 * MIN,
  12 * 60 * MIN,
  24 * 60 * MIN,
  48 * 60 * MIN,
];

/** The y-axis of a duration chart: from 0 to a round top, in at most `maxTicks` round steps above 0. */
export function durationTicks(maxMs: number, maxTicks = 4): number[] {
  const step = DURATION_STEPS.find((s) => Math.ceil(maxMs / s) <= maxTicks) ?? Math.ceil(maxMs / maxTicks / DURATION_STEPS.at(-1)!) * DURATION_STEPS.at(-1)!;
  const top = Math.max(1, Math.ceil(maxMs / step));
  return Array.from({ length: top + 1 }, (_, i) => i * step);
}

/** Which days get a label on the x-axis: about six, always the last (today). */
export function labelledDays(count: number, maxLabels = 6): number[] {
  const every = Math.max(1, Math.ceil(count / maxLabels));
  return Array.from({ length: count }, (_, i) => i).filter((i) => (count - 1 - i) % every === 0);
}
