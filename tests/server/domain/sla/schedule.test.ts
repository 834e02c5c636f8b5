import { describe, expect, it } from 'vitest';
import { BusinessScheduleSchema, minutesOf } from '../../../../server/domain/sla/schedule';
import { madridOffice, noHours } from './fixtures';

const withMonday = (mon: Array<{ start: string; end: string }>) => ({ ...madridOffice, weekly: { ...madridOffice.weekly, mon } });

describe('BusinessScheduleSchema accepts', () => {
  it.each([
    ['the Madrid office', madridOffice],
    [
      'touching ranges',
      withMonday([
        { start: '09:00', end: '12:00' },
        { start: '12:00', end: '18:00' },
      ]),
    ],
    [
      'ranges out of order',
      withMonday([
        { start: '15:00', end: '18:00' },
        { start: '09:00', end: '14:00' },
      ]),
    ],
    ['a whole day ending at 24:00', withMonday([{ start: '00:00', end: '24:00' }])],
    ['a 1-minute range', withMonday([{ start: '23:58', end: '23:59' }])],
    ['UTC', { ...madridOffice, timeZone: 'UTC' }],
    ['a leap day holiday', { ...madridOffice, holidays: ['2028-02-29'] }],
  ])('%s', (_name, schedule) => {
    expect(BusinessScheduleSchema.safeParse(schedule).success).toBe(true);
  });
});

describe('BusinessScheduleSchema rejects', () => {
  it.each([
    ['an unknown time zone', { ...madridOffice, timeZone: 'Mars/Olympus_Mons' }, ['timeZone']],
    ['a fixed offset instead of a zone', { ...madridOffice, timeZone: '+02:00' }, ['timeZone']],
    ['a single-digit hour', withMonday([{ start: '9:00', end: '17:00' }]), ['weekly', 'mon', 0, 'start']],
    ['hour 24 with minutes', withMonday([{ start: '09:00', end: '24:30' }]), ['weekly', 'mon', 0, 'end']],
    ['minute 60', withMonday([{ start: '09:60', end: '17:00' }]), ['weekly', 'mon', 0, 'start']],
    ['start equal to end', withMonday([{ start: '09:00', end: '09:00' }]), ['weekly', 'mon', 0, 'end']],
    ['start after end', withMonday([{ start: '18:00', end: '09:00' }]), ['weekly', 'mon', 0, 'end']],
    ['24:00 as a start', withMonday([{ start: '24:00', end: '24:00' }]), ['weekly', 'mon', 0, 'end']],
    [
      'overlapping ranges',
      withMonday([
        { start: '09:00', end: '13:00' },
        { start: '12:00', end: '14:00' },
      ]),
      ['weekly', 'mon', 1],
    ],
    [
      'overlapping ranges out of order',
      withMonday([
        { start: '14:00', end: '18:00' },
        { start: '09:00', end: '15:00' },
      ]),
      ['weekly', 'mon', 0],
    ],
    [
      'a range inside another',
      withMonday([
        { start: '09:00', end: '18:00' },
        { start: '10:00', end: '11:00' },
      ]),
      ['weekly', 'mon', 1],
    ],
    ['an impossible holiday date', { ...madridOffice, holidays: ['2026-02-30'] }, ['holidays', 0]],
    ['a holiday in another format', { ...madridOffice, holidays: ['2026/12/25'] }, ['holidays', 0]],
    ['a week with no open hours', { ...madridOffice, weekly: noHours }, ['weekly']],
    ['a missing weekday', { ...madridOffice, weekly: { ...madridOffice.weekly, sun: undefined } }, ['weekly', 'sun']],
  ])('%s', (_name, schedule, path) => {
    const result = BusinessScheduleSchema.safeParse(schedule);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toContainEqual(path);
  });
});

describe('minutesOf', () => {
  it.each([
    ['00:00', 0],
    ['09:30', 570],
    ['23:59', 1439],
    ['24:00', 1440],
  ])('%s is %i minutes', (hhmm, minutes) => {
    expect(minutesOf(hhmm)).toBe(minutes);
  });

  it.each(['24:01', '7:00', '12:60', 'noon'])('rejects %s', (hhmm) => {
    expect(() => minutesOf(hhmm)).toThrow(RangeError);
  });
});
