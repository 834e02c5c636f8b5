import { describe, expect, it } from 'vitest';
import {
  addBusinessTime,
  businessTimeBetween,
  computeDueAt,
  elapsedBetween,
  NoBusinessTimeError,
  openIntervals,
} from '../../../../server/domain/sla/business-hours';
import { at, everyDay, HOUR, madridOffice, MINUTE, newYorkOffice, noHours, utc } from './fixtures';

describe('addBusinessTime on the Madrid office (Mon-Thu 9-14 + 15-18, Fri 9-15)', () => {
  it.each([
    ['within one morning', '2026-04-13T10:00:00+02:00', 2 * HOUR, '2026-04-13T12:00:00+02:00'],
    ['across the lunch break', '2026-04-13T13:00:00+02:00', 2 * HOUR, '2026-04-13T16:00:00+02:00'],
    ['start during lunch waits for 15:00', '2026-04-13T14:30:00+02:00', HOUR, '2026-04-13T16:00:00+02:00'],
    ['across the night', '2026-04-13T17:00:00+02:00', 2 * HOUR, '2026-04-14T10:00:00+02:00'],
    ['start exactly at closing', '2026-04-13T18:00:00+02:00', 30 * MINUTE, '2026-04-14T09:30:00+02:00'],
    ['start exactly at opening, ends exactly at lunch', '2026-04-14T09:00:00+02:00', 5 * HOUR, '2026-04-14T14:00:00+02:00'],
    ['start before opening', '2026-04-14T06:00:00+02:00', HOUR, '2026-04-14T10:00:00+02:00'],
    ['one ms before closing', '2026-04-14T17:59:59.999+02:00', 2, '2026-04-15T09:00:00.001+02:00'],
    ['across the weekend', '2026-04-17T14:00:00+02:00', 3 * HOUR, '2026-04-20T11:00:00+02:00'],
    ['start on a Saturday', '2026-04-18T12:00:00+02:00', HOUR, '2026-04-20T10:00:00+02:00'],
    ['over Easter holidays and the weekend', '2026-04-01T17:00:00+02:00', 3 * HOUR, '2026-04-06T11:00:00+02:00'],
    ['start on a holiday', '2026-04-02T10:00:00+02:00', HOUR, '2026-04-06T10:00:00+02:00'],
    ['over a Friday holiday', '2026-04-30T16:00:00+02:00', 4 * HOUR, '2026-05-04T11:00:00+02:00'],
    ['exactly three working weeks', '2026-05-04T09:00:00+02:00', 114 * HOUR, '2026-05-22T15:00:00+02:00'],
    ['two weeks and three days', '2026-05-04T09:00:00+02:00', 100 * HOUR, '2026-05-20T18:00:00+02:00'],
    ['over the spring-forward weekend', '2026-03-27T14:00:00+01:00', 3 * HOUR, '2026-03-30T11:00:00+02:00'],
    ['over the fall-back weekend', '2026-10-23T14:30:00+02:00', HOUR, '2026-10-26T09:30:00+01:00'],
    ['zero duration returns the start, even when closed', '2026-04-18T12:00:00+02:00', 0, '2026-04-18T12:00:00+02:00'],
  ])('%s', (_name, start, duration, expected) => {
    expect(utc(addBusinessTime(at(start), duration, madridOffice))).toBe(utc(expected));
  });
});

describe('addBusinessTime on the New York office (Mon-Fri 9-17) over DST weekends', () => {
  it.each([
    ['spring forward (8 March)', '2026-03-06T16:00:00-05:00', 2 * HOUR, '2026-03-09T10:00:00-04:00'],
    ['fall back (1 November)', '2026-10-30T16:30:00-04:00', HOUR, '2026-11-02T09:30:00-05:00'],
    ['a full week from Friday afternoon', '2026-10-30T16:00:00-04:00', 40 * HOUR, '2026-11-06T16:00:00-05:00'],
  ])('%s', (_name, start, duration, expected) => {
    expect(utc(addBusinessTime(at(start), duration, newYorkOffice))).toBe(utc(expected));
  });
});

describe('businessTimeBetween', () => {
  it.each([
    ['a whole week', '2026-04-13T00:00:00+02:00', '2026-04-20T00:00:00+02:00', 38 * HOUR],
    ['the Easter week (Thu and Fri off)', '2026-03-30T00:00:00+02:00', '2026-04-06T00:00:00+02:00', 24 * HOUR],
    ['around lunch', '2026-04-13T10:30:00+02:00', '2026-04-13T15:30:00+02:00', 4 * HOUR],
    ['a closed stretch', '2026-04-13T18:00:00+02:00', '2026-04-14T09:00:00+02:00', 0],
    ['an empty range', '2026-04-13T10:00:00+02:00', '2026-04-13T10:00:00+02:00', 0],
    ['a reversed range', '2026-04-13T12:00:00+02:00', '2026-04-13T10:00:00+02:00', 0],
    ['the spring-forward week', '2026-03-23T00:00:00+01:00', '2026-03-30T00:00:00+02:00', 38 * HOUR],
  ])('%s', (_name, from, to, expected) => {
    expect(businessTimeBetween(at(from), at(to), madridOffice)).toBe(expected);
  });

  it('is the inverse of addBusinessTime', () => {
    const starts = ['2026-04-13T13:00:00+02:00', '2026-04-17T14:00:00+02:00', '2026-03-27T14:00:00+01:00', '2026-04-01T17:00:00+02:00'];
    for (const start of starts) {
      for (const duration of [MINUTE, 90 * MINUTE, 7 * HOUR, 45 * HOUR]) {
        expect(businessTimeBetween(at(start), addBusinessTime(at(start), duration, madridOffice), madridOffice)).toBe(duration);
      }
    }
  });
});

describe('openIntervals', () => {
  it('lists each open stretch, clipped to the window, merging touching ranges', () => {
    const touching = everyDay('Europe/Madrid', [
      { start: '09:00', end: '12:00' },
      { start: '12:00', end: '13:00' },
    ]);
    const intervals = openIntervals(at('2026-04-13T10:00:00+02:00'), at('2026-04-14T12:30:00+02:00'), touching);
    expect(intervals.map((i) => [utc(i.startMs), utc(i.endMs)])).toEqual([
      [utc('2026-04-13T10:00:00+02:00'), utc('2026-04-13T13:00:00+02:00')],
      [utc('2026-04-14T09:00:00+02:00'), utc('2026-04-14T12:30:00+02:00')],
    ]);
  });
});

describe('guards', () => {
  it('throws NoBusinessTimeError for a week with no open hours', () => {
    const schedule = { timeZone: 'Europe/Madrid', weekly: noHours, holidays: [] };
    expect(() => addBusinessTime(at('2026-04-13T10:00:00+02:00'), HOUR, schedule)).toThrow(NoBusinessTimeError);
  });

  it('throws NoBusinessTimeError when holidays close every open day for 400 days', () => {
    const mondays: string[] = [];
    for (let day = Date.UTC(2026, 0, 5); day < Date.UTC(2027, 6, 1); day += 7 * 24 * HOUR) mondays.push(utc(day).slice(0, 10));
    const schedule = { timeZone: 'Europe/Madrid', weekly: { ...noHours, mon: [{ start: '09:00', end: '17:00' }] }, holidays: mondays };
    expect(() => addBusinessTime(at('2026-01-01T10:00:00+01:00'), HOUR, schedule)).toThrow(NoBusinessTimeError);
  });

  it('throws NoBusinessTimeError when the due time is more than 400 days away', () => {
    // 38 h a week for 58 weeks is beyond the horizon.
    expect(() => addBusinessTime(at('2026-04-13T10:00:00+02:00'), 58 * 38 * HOUR, madridOffice)).toThrow(NoBusinessTimeError);
  });

  it('rejects negative durations, non-finite instants and unknown zones', () => {
    expect(() => addBusinessTime(at('2026-04-13T10:00:00+02:00'), -1, madridOffice)).toThrow(RangeError);
    expect(() => addBusinessTime(Number.NaN, HOUR, madridOffice)).toThrow(RangeError);
    expect(() => businessTimeBetween(0, HOUR, { ...madridOffice, timeZone: 'Mars/Olympus_Mons' })).toThrow(RangeError);
  });
});

describe('computeDueAt and elapsedBetween', () => {
  it.each([
    ['wall clock counts real time over a DST jump', { kind: 'wall' } as const, '2026-03-28T12:00:00+01:00', 24 * HOUR, '2026-03-29T13:00:00+02:00'],
    ['wall clock ignores weekends', { kind: 'wall' } as const, '2026-04-17T14:00:00+02:00', 3 * HOUR, '2026-04-17T17:00:00+02:00'],
    [
      'business hours skip the weekend',
      { kind: 'business', schedule: madridOffice } as const,
      '2026-04-17T14:00:00+02:00',
      3 * HOUR,
      '2026-04-20T11:00:00+02:00',
    ],
  ])('%s', (_name, mode, start, target, expected) => {
    expect(utc(computeDueAt(at(start), target, mode))).toBe(utc(expected));
  });

  it('measures elapsed time in the chosen clock', () => {
    const [from, to] = [at('2026-04-17T14:00:00+02:00'), at('2026-04-20T11:00:00+02:00')];
    expect(elapsedBetween(from, to, { kind: 'wall' })).toBe(69 * HOUR);
    expect(elapsedBetween(from, to, { kind: 'business', schedule: madridOffice })).toBe(3 * HOUR);
    expect(elapsedBetween(to, from, { kind: 'wall' })).toBe(0);
  });
});
