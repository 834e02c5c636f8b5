import { DateTime } from 'luxon';
import { responseFacts } from './facts-responses';
import { percentile } from './percentiles';
import type { MetricEvent } from './types';
import { byConversation } from './walk';

/** The last `days` calendar days in `timeZone`, ending with the one containing `now`, oldest first. */
export function dayBuckets(now: number, days: number, timeZone: string) {
  const today = DateTime.fromMillis(now, { zone: timeZone }).startOf('day');
  return Array.from({ length: days }, (_, i) => {
    const start = today.minus({ days: days - 1 - i });
    return { day: start.toISODate()!, from: start.toMillis(), to: start.plus({ days: 1 }).toMillis() };
  });
}

/** Daily first-human-response p50 and p90 (same definition as the summary), bucketed by when the response was sent. */
export function firstResponseTrend(
  events: readonly MetricEvent[],
  currentQueues: Record<string, string>,
  buckets: ReturnType<typeof dayBuckets>,
  queue?: string,
) {
  const samples = [...byConversation(events)].flatMap(([id, list]) => responseFacts(list, currentQueues[id] ?? 'support').firstResponses);
  return buckets.map((b) => {
    const values = samples.filter((s) => s.at >= b.from && s.at < b.to && (!queue || s.queue === queue)).map((s) => s.ms);
    return { ...b, count: values.length, p50Ms: percentile(values, 50), p90Ms: percentile(values, 90) };
  });
}
