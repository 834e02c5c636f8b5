import { tryMinutesOf } from '../../../utils/schemas/sla';

// The schedule's schemas live in utils/schemas so the Settings page validates with the very same rules.
export { BusinessScheduleSchema, MAX_HOLIDAYS, MAX_RANGES_PER_DAY, TimeRangeSchema, WEEKDAYS, tryMinutesOf } from '../../../utils/schemas/sla';
export type { BusinessSchedule, TimeRange, Weekday } from '../../../utils/schemas/sla';

export function minutesOf(hhmm: string): number {
  const minutes = tryMinutesOf(hhmm);
  if (minutes === null) throw new RangeError(`not an HH:MM time: ${hhmm}`);
  return minutes;
}
