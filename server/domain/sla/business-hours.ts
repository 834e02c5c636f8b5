import { DateTime, IANAZone } from 'luxon';
import { minutesOf, WEEKDAYS, type BusinessSchedule } from './schedule';
import { MAX_WALL_SKEW_MS, offsetSegments, wallToInstant } from './zone-offsets';

/*
 * An instant is open when its local wall clock (in the schedule's zone) falls inside one of that local
 * day's ranges and the day is not a holiday. Each range becomes one instant interval from the first
 * moment the wall clock reads its start to the first moment it reads its end, so across DST:
 * - spring forward: wall times that never happen are skipped (01:00-04:00 on the short day opens 2 h);
 *   a bound inside the gap moves to the transition (02:30-05:00 Madrid opens at 03:00 CEST);
 * - fall back: the repeated hour counts once per real hour (01:00-04:00 on the long day opens 4 h);
 *   a bound inside the repeated hour means its first occurrence (a range ending at 02:30 closes at
 *   02:30 summer time and does not reopen when the clock reads 02:xx again).
 * Adjacent ranges (..-12:00, 12:00-..) and 00:00-24:00 days therefore tile time with no hole or overlap.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
/** addBusinessTime gives up when the due time would be further than this from the start. */
export const MAX_SEARCH_DAYS = 400;
const CHUNK_MS = 14 * DAY;

/** Thrown when a duration cannot be covered: no open hours at all, or not within MAX_SEARCH_DAYS. */
export class NoBusinessTimeError extends Error {
  override name = 'NoBusinessTimeError';
}

export type OpenInterval = { startMs: number; endMs: number };
export type ClockMode = { kind: 'wall' } | { kind: 'business'; schedule: BusinessSchedule };

type CompiledSchedule = { zone: IANAZone; weekly: Array<Array<[number, number]>>; holidays: Set<string> };

function compile(schedule: BusinessSchedule): CompiledSchedule {
  const zone = IANAZone.create(schedule.timeZone);
  if (!zone.isValid) throw new RangeError(`not a valid IANA time zone: ${schedule.timeZone}`);
  const weekly = WEEKDAYS.map((day) => schedule.weekly[day].map((r): [number, number] => [minutesOf(r.start), minutesOf(r.end)]).sort((a, b) => a[0] - b[0]));
  return { zone, weekly, holidays: new Set(schedule.holidays) };
}

function assertInstant(ms: number, name: string): void {
  if (!Number.isFinite(ms)) throw new RangeError(`${name} must be a finite epoch ms`);
}

function intervalsOf(compiled: CompiledSchedule, fromMs: number, toMs: number): OpenInterval[] {
  const intervals: OpenInterval[] = [];
  if (!(toMs > fromMs)) return intervals;
  // Why: an instant's wall clock lies within MAX_WALL_SKEW_MS of it, which bounds the local days that matter.
  const [lowWall, highWall] = [fromMs - MAX_WALL_SKEW_MS, toMs + MAX_WALL_SKEW_MS];
  const segments = offsetSegments(compiled.zone, lowWall - MAX_WALL_SKEW_MS, highWall + MAX_WALL_SKEW_MS);
  for (let dayMs = Math.floor(lowWall / DAY) * DAY; dayMs < highWall; dayMs += DAY) {
    const day = DateTime.fromMillis(dayMs, { zone: 'utc' });
    if (compiled.holidays.has(day.toISODate()!)) continue;
    for (const [start, end] of compiled.weekly[day.weekday - 1]!) {
      const [wallStart, wallEnd] = [dayMs + start * MINUTE, dayMs + end * MINUTE];
      if (wallEnd <= lowWall || wallStart >= highWall) continue;
      // Why: wall times beyond the window map beyond [from, to), so they clip without a zone lookup.
      const startMs = wallStart <= lowWall ? fromMs : Math.max(fromMs, wallToInstant(wallStart, segments));
      const endMs = wallEnd >= highWall ? toMs : Math.min(toMs, wallToInstant(wallEnd, segments));
      if (endMs <= startMs) continue;
      const last = intervals[intervals.length - 1];
      if (last && last.endMs >= startMs) last.endMs = Math.max(last.endMs, endMs);
      else intervals.push({ startMs, endMs });
    }
  }
  return intervals;
}

/** The open stretches of [fromMs, toMs), sorted, disjoint, touching ones merged. */
export function openIntervals(fromMs: number, toMs: number, schedule: BusinessSchedule): OpenInterval[] {
  assertInstant(fromMs, 'fromMs');
  assertInstant(toMs, 'toMs');
  return intervalsOf(compile(schedule), fromMs, toMs);
}

/**
 * The earliest instant by which `durationMs` of open time has elapsed since `startMs` (a start outside
 * hours waits for the next opening; a duration that runs out exactly at closing returns the closing
 * instant; a zero duration returns `startMs`). Throws NoBusinessTimeError when the schedule has no open
 * hours or the due time lies more than MAX_SEARCH_DAYS after the start.
 */
export function addBusinessTime(startMs: number, durationMs: number, schedule: BusinessSchedule): number {
  assertInstant(startMs, 'startMs');
  if (!Number.isFinite(durationMs) || durationMs < 0) throw new RangeError('durationMs must be a finite, non-negative ms count');
  if (durationMs === 0) return startMs;
  const compiled = compile(schedule);
  if (compiled.weekly.every((ranges) => ranges.length === 0)) throw new NoBusinessTimeError('the schedule has no open hours');
  const horizon = startMs + MAX_SEARCH_DAYS * DAY;
  let remaining = durationMs;
  for (let from = startMs; from < horizon; from += CHUNK_MS) {
    for (const { startMs: open, endMs: close } of intervalsOf(compiled, from, Math.min(from + CHUNK_MS, horizon))) {
      if (remaining <= close - open) return open + remaining;
      remaining -= close - open;
    }
  }
  throw new NoBusinessTimeError(`${durationMs} ms of business time do not fit within ${MAX_SEARCH_DAYS} days of the start`);
}

/** Open business ms in [fromMs, toMs); 0 when toMs <= fromMs. */
export function businessTimeBetween(fromMs: number, toMs: number, schedule: BusinessSchedule): number {
  return openIntervals(fromMs, toMs, schedule).reduce((sum, i) => sum + (i.endMs - i.startMs), 0);
}

/** When `targetMs` of measured time has elapsed since `startMs`, in either clock. */
export function computeDueAt(startMs: number, targetMs: number, mode: ClockMode): number {
  if (mode.kind === 'business') return addBusinessTime(startMs, targetMs, mode.schedule);
  assertInstant(startMs, 'startMs');
  if (!Number.isFinite(targetMs) || targetMs < 0) throw new RangeError('targetMs must be a finite, non-negative ms count');
  return startMs + targetMs;
}

/** Measured time in [fromMs, toMs) in either clock (metrics use the same clock as the SLA). */
export function elapsedBetween(fromMs: number, toMs: number, mode: ClockMode): number {
  if (mode.kind === 'business') return businessTimeBetween(fromMs, toMs, mode.schedule);
  return Math.max(0, toMs - fromMs);
}
