import type { IANAZone } from 'luxon';

const HOUR = 3_600_000;
/** UTC offsets in use stay within -12h..+14h, so wall clock and instant never differ by more than this. */
export const MAX_WALL_SKEW_MS = 15 * HOUR;
// Why: no zone in current use changes offset twice within 6 hours, so a change between two samples is one transition.
const SAMPLE_STEP_MS = 6 * HOUR;

/** A stretch of instants [fromMs, toMs) during which the zone keeps one UTC offset. */
export type OffsetSegment = { fromMs: number; toMs: number; offsetMs: number };

/** The zone's offset segments covering [fromMs, toMs), transitions located to the millisecond. */
export function offsetSegments(zone: IANAZone, fromMs: number, toMs: number): OffsetSegment[] {
  const offsetAt = (ms: number) => zone.offset(ms) * 60_000;
  const segments: OffsetSegment[] = [];
  let segmentStart = fromMs;
  let current = offsetAt(fromMs);
  let t = fromMs;
  while (t < toMs) {
    const next = Math.min(t + SAMPLE_STEP_MS, toMs);
    if (offsetAt(next) === current) {
      t = next;
      continue;
    }
    let [lo, hi] = [t, next];
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetAt(mid) === current) lo = mid;
      else hi = mid;
    }
    segments.push({ fromMs: segmentStart, toMs: hi, offsetMs: current });
    [segmentStart, current, t] = [hi, offsetAt(hi), hi];
  }
  segments.push({ fromMs: segmentStart, toMs, offsetMs: current });
  return segments;
}

/**
 * The first instant at which the local wall clock reads `wallMs` or later (wall time encoded as if it were UTC).
 * Inside a spring-forward gap that is the transition itself; inside a fall-back overlap it is the first
 * (pre-transition) occurrence. The mapping never decreases, so ranges in wall order stay in instant order.
 * `segments` must cover [wallMs - MAX_WALL_SKEW_MS, wallMs + MAX_WALL_SKEW_MS].
 */
export function wallToInstant(wallMs: number, segments: readonly OffsetSegment[]): number {
  let first = Infinity;
  segments.forEach((segment, i) => {
    const exact = wallMs - segment.offsetMs;
    if (exact >= segment.fromMs && exact < segment.toMs) first = Math.min(first, exact);
    const previous = segments[i - 1];
    // Why: a forward jump skips wall times; the clock first reads >= wallMs right at the jump.
    if (previous && segment.fromMs + previous.offsetMs <= wallMs && segment.fromMs + segment.offsetMs >= wallMs) {
      first = Math.min(first, segment.fromMs);
    }
  });
  if (first === Infinity) throw new RangeError('offset segments do not cover the requested wall time');
  return first;
}
