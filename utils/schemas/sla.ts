import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { QueueName, Str } from './common';

/** SLA policies and business hours: the server validates with these, and the Settings page shows their errors by field. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Minutes after local midnight for 'HH:MM', or null; '24:00' (1440) is allowed so a range can close at midnight. */
export function tryMinutesOf(hhmm: string): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!match || Number(match[2]) > 59) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= 1440 ? minutes : null;
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

const DayRangesSchema = z
  .array(TimeRangeSchema)
  .max(MAX_RANGES_PER_DAY, `at most ${MAX_RANGES_PER_DAY} ranges a day`)
  .superRefine((ranges, ctx) => {
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

/** The longest target a policy may set: longer ones measure nothing a team acts on and make each due time costly. */
export const MAX_TARGET_MS = 90 * 86_400_000;
const TargetMs = z.number().int().positive().max(MAX_TARGET_MS, 'a target is at most 90 days').nullable().optional();

export const ClockModeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('wall') }),
  z.object({ kind: z.literal('business'), schedule: BusinessScheduleSchema }),
]);

export const SlaPolicySchema = z.object({
  firstResponseMs: TargetMs,
  nextResponseMs: TargetMs,
  resolutionMs: TargetMs,
  warnAtFraction: z.number().gt(0, 'a warning point is above 0 %').max(1, 'a warning point is at most 100 %'),
  mode: ClockModeSchema,
});

/** Who hears of a breach: the `sla.escalated` event names them, and the feed reaches them. */
export const EscalationNotify = z.enum(['owner-and-managers', 'managers', 'owner']);
export type EscalationNotify = z.infer<typeof EscalationNotify>;

export const EscalationSchema = z.object({
  /** Who is told of a breach. @default 'owner-and-managers' */
  notify: EscalationNotify.default('owner-and-managers'),
  /** Move a breached chat to this queue (e.g. 'escalation'). @default null */
  moveToQueue: QueueName.nullable().default(null),
  /** Release a breached chat's owner so routing hands it to someone else. @default false */
  release: z.boolean().default(false),
});

export const QueueSlaPolicySchema = SlaPolicySchema.extend({
  escalation: EscalationSchema.default({ notify: 'owner-and-managers', moveToQueue: null, release: false }),
});
export type QueueSlaPolicy = z.infer<typeof QueueSlaPolicySchema>;
export type QueueSlaPolicyInput = z.input<typeof QueueSlaPolicySchema>;

export const SetSlaPolicyInput = z.object({
  queue: QueueName,
  /** null removes the queue's policy: its chats are no longer measured. */
  policy: QueueSlaPolicySchema.nullable(),
});
export type SetSlaPolicyInput = z.infer<typeof SetSlaPolicyInput>;
