import type { ConvState, MetricEvent } from './types';
import { walk } from './walk';

/** A conversation's state at `t` (its events before `t`), or null when it did not exist yet. */
export function stateAt(events: readonly MetricEvent[], currentQueue: string, t: number): ConvState | null {
  const before = events.filter((e) => e.at < t);
  if (before.length === 0) return null;
  return walk(before, currentQueue, () => undefined);
}

/**
 * Milliseconds within [from, to) during which the conversation was open (a passed snooze counts as open)
 * and nobody owned it (in `queue`, when given). Its state holds from each event to the next one; before its first event it did not exist.
 */
export function unownedMs(events: readonly MetricEvent[], currentQueue: string, from: number, to: number, queue?: string): number {
  let total = 0;
  const segments: Array<{ start: number; state: ConvState }> = [];
  walk(events, currentQueue, (e, _before, after) => segments.push({ start: e.at, state: after }));
  segments.forEach(({ start, state }, i) => {
    const end = Math.min(segments[i + 1]?.start ?? to, to);
    if (state.ownerId !== null || (queue !== undefined && state.queue !== queue)) return;
    // A snooze that ends inside the stretch turns it open from that instant.
    const openFrom = state.status === 'open' ? start : state.status === 'snoozed' && state.snoozedUntil !== null ? Math.max(start, state.snoozedUntil) : null;
    if (openFrom === null) return;
    const lo = Math.max(openFrom, from);
    if (end > lo) total += end - lo;
  });
  return total;
}
