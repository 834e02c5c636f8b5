import type { BusinessSchedule, TimeRange } from '../../../../server/domain/sla/schedule';

export const HOUR = 3_600_000;
export const MINUTE = 60_000;

/** Epoch ms of an ISO string with an explicit offset. */
export const at = (iso: string): number => Date.parse(iso);
/** The UTC ISO form of an instant, so a failing assertion shows both sides readably. */
export const utc = (msOrIso: number | string): string => new Date(typeof msOrIso === 'string' ? Date.parse(msOrIso) : msOrIso).toISOString();

const closed: TimeRange[] = [];
const split: TimeRange[] = [
  { start: '09:00', end: '14:00' },
  { start: '15:00', end: '18:00' },
];

/**
 * Madrid office: Mon-Thu 09:00-14:00 + 15:00-18:00 (8 h), Fri 09:00-15:00 (6 h): 38 h a week.
 * Holidays: Holy Thursday and Good Friday 2026 (2-3 April) and Labour Day (Friday 1 May).
 */
export const madridOffice: BusinessSchedule = {
  timeZone: 'Europe/Madrid',
  weekly: { mon: split, tue: split, wed: split, thu: split, fri: [{ start: '09:00', end: '15:00' }], sat: closed, sun: closed },
  holidays: ['2026-04-02', '2026-04-03', '2026-05-01'],
};

/** New York office: Mon-Fri 09:00-17:00. */
export const newYorkOffice: BusinessSchedule = {
  timeZone: 'America/New_York',
  weekly: (() => {
    const day: TimeRange[] = [{ start: '09:00', end: '17:00' }];
    return { mon: day, tue: day, wed: day, thu: day, fri: day, sat: closed, sun: closed };
  })(),
  holidays: [],
};

/** The same ranges every day of the week. */
export function everyDay(timeZone: string, ranges: TimeRange[], holidays: string[] = []): BusinessSchedule {
  return { timeZone, weekly: { mon: ranges, tue: ranges, wed: ranges, thu: ranges, fri: ranges, sat: ranges, sun: ranges }, holidays };
}

export const noHours: BusinessSchedule['weekly'] = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
