import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { Str } from '../../../utils/schemas/common';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Minutes after local midnight for 'HH:MM', or null; '24:00' (1440) is allowed so a range can close at midnight. */
export function tryMinutesOf(hhmm: string): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!match || Number(match[2]) > 59) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= 1440 ? minutes : null;
}

export function minutesOf(hhmm: string): number {
  const minutes = tryMinutesOf(hhmm);
  if (minutes === null) throw new RangeError(`not an HH:MM time: ${hhmm}`);
  return minutes;
}

const HhMm = Str().regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'expected HH:MM between 00:00 and 24:00');

export const TimeRangeSchema = z
  .object({ start: HhMm, end: HhMm })
  // Why: zod runs refinements even after a format failure, so malformed times are left to the regex's issue.
  .refine(
    (r) => {
      const [start, end] = [tryMinutesOf(r.start), tryMinutesOf(r.end)];
      return start === null || end === null || start < end;
    },
    { message: 'start must be before end', path: ['end'] },
  );

/** Bounds that keep a due-time computation cheap: every inbound message on the queue walks the schedule. */
export const MAX_RANGES_PER_DAY = 12;
export const MAX_HOLIDAYS = 400;

const DayRangesSchema = z.array(TimeRangeSchema).max(MAX_RANGES_PER_DAY, `at most ${MAX_RANGES_PER_DAY} ranges a day`).superRefine((ranges, ctx) => {
  const sorted = ranges
    .map((r, index) => ({ start: tryMinutesOf(r.start) ?? NaN, end: tryMinutesOf(r.end) ?? NaN, index }))
    .filter((r) => r.start < r.end)
    .sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    // Why: touching ranges (12:00-14:00, 14:00-18:00) are fine; only shared minutes are an error.
    if (sorted[i]!.start < sorted[i - 1]!.end) {
      ctx.addIssue({ code: 'custom', message: 'time ranges overlap', path: [sorted[i]!.index] });
    }
  }
});

const IsoDate = Str()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((s) => DateTime.fromISO(s, { zone: 'utc' }).isValid, 'not a calendar date');

export const BusinessScheduleSchema = z
  .object({
    timeZone: Str().refine((zone) => IANAZone.isValidZone(zone), 'not a valid IANA time zone'),
    weekly: z.object({
      mon: DayRangesSchema,
      tue: DayRangesSchema,
      wed: DayRangesSchema,
      thu: DayRangesSchema,
      fri: DayRangesSchema,
      sat: DayRangesSchema,
      sun: DayRangesSchema,
    }),
    holidays: z.array(IsoDate).max(MAX_HOLIDAYS, `at most ${MAX_HOLIDAYS} holidays`),
  })
  // Why: a week with no open minute would make every business-hours due time unreachable.
  .refine((s) => WEEKDAYS.some((day) => s.weekly[day].length > 0), { message: 'the schedule has no open hours', path: ['weekly'] });

export type TimeRange = z.infer<typeof TimeRangeSchema>;
export type BusinessSchedule = z.infer<typeof BusinessScheduleSchema>;
