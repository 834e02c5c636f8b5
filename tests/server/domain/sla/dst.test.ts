import { describe, expect, it } from 'vitest';
import { addBusinessTime, businessTimeBetween } from '../../../../server/domain/sla/business-hours';
import { at, everyDay, HOUR, MINUTE, utc } from './fixtures';

// 2026 transitions: Madrid 29 March 02:00 CET -> 03:00 CEST and 25 October 03:00 CEST -> 02:00 CET;
// New York 8 March 02:00 EST -> 03:00 EDT and 1 November 02:00 EDT -> 01:00 EST.
const allDay = [{ start: '00:00', end: '24:00' }];
const night = [{ start: '01:00', end: '04:00' }];

describe('an always-open schedule counts real hours across DST', () => {
  it.each([
    ['Madrid spring forward', 'Europe/Madrid', '2026-03-28T12:00:00+01:00', 24 * HOUR, '2026-03-29T13:00:00+02:00'],
    ['Madrid fall back', 'Europe/Madrid', '2026-10-24T12:00:00+02:00', 24 * HOUR, '2026-10-25T11:00:00+01:00'],
    ['New York spring forward', 'America/New_York', '2026-03-07T12:00:00-05:00', 24 * HOUR, '2026-03-08T13:00:00-04:00'],
    ['New York fall back', 'America/New_York', '2026-10-31T12:00:00-04:00', 24 * HOUR, '2026-11-01T11:00:00-05:00'],
  ])('%s', (_name, zone, start, duration, expected) => {
    expect(utc(addBusinessTime(at(start), duration, everyDay(zone, allDay)))).toBe(utc(expected));
  });

  it.each([
    ['Madrid short day', 'Europe/Madrid', '2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00', 23 * HOUR],
    ['Madrid long day', 'Europe/Madrid', '2026-10-25T00:00:00+02:00', '2026-10-26T00:00:00+01:00', 25 * HOUR],
    ['New York short day', 'America/New_York', '2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00', 23 * HOUR],
    ['New York long day', 'America/New_York', '2026-11-01T00:00:00-04:00', '2026-11-02T00:00:00-05:00', 25 * HOUR],
  ])('%s is fully open', (_name, zone, from, to, expected) => {
    expect(businessTimeBetween(at(from), at(to), everyDay(zone, allDay))).toBe(expected);
  });
});

describe('a 01:00-04:00 range that contains the change', () => {
  it.each([
    ['Madrid spring: only 2 real hours, ends at closing', 'Europe/Madrid', '2026-03-29T00:00:00+01:00', 2 * HOUR, '2026-03-29T04:00:00+02:00'],
    ['Madrid spring: the rest carries to the next night', 'Europe/Madrid', '2026-03-29T00:00:00+01:00', 150 * MINUTE, '2026-03-30T01:30:00+02:00'],
    ['Madrid fall: lands in the second 02:30', 'Europe/Madrid', '2026-10-25T00:00:00+02:00', 150 * MINUTE, '2026-10-25T02:30:00+01:00'],
    ['Madrid fall: the repeated hour counts', 'Europe/Madrid', '2026-10-25T00:00:00+02:00', 210 * MINUTE, '2026-10-25T03:30:00+01:00'],
    ['Madrid fall: 4 real hours, ends at closing', 'Europe/Madrid', '2026-10-25T00:00:00+02:00', 4 * HOUR, '2026-10-25T04:00:00+01:00'],
    ['New York spring: only 2 real hours', 'America/New_York', '2026-03-08T00:00:00-05:00', 2 * HOUR, '2026-03-08T04:00:00-04:00'],
    ['New York fall: lands in the second 01:30', 'America/New_York', '2026-11-01T00:00:00-04:00', 90 * MINUTE, '2026-11-01T01:30:00-05:00'],
    ['New York fall: start inside the repeated hour', 'America/New_York', '2026-11-01T01:30:00-05:00', HOUR, '2026-11-01T02:30:00-05:00'],
  ])('%s', (_name, zone, start, duration, expected) => {
    expect(utc(addBusinessTime(at(start), duration, everyDay(zone, night)))).toBe(utc(expected));
  });

  it.each([
    ['Madrid spring', 'Europe/Madrid', '2026-03-29T00:00:00+01:00', '2026-03-29T12:00:00+02:00', 2 * HOUR],
    ['Madrid fall', 'Europe/Madrid', '2026-10-25T00:00:00+02:00', '2026-10-25T12:00:00+01:00', 4 * HOUR],
    ['New York spring', 'America/New_York', '2026-03-08T00:00:00-05:00', '2026-03-08T12:00:00-04:00', 2 * HOUR],
    ['New York fall', 'America/New_York', '2026-11-01T00:00:00-04:00', '2026-11-01T12:00:00-05:00', 4 * HOUR],
  ])('%s: open time of the night', (_name, zone, from, to, expected) => {
    expect(businessTimeBetween(at(from), at(to), everyDay(zone, night))).toBe(expected);
  });
});

describe('a range bound that falls inside the change', () => {
  it('a start inside the spring gap opens at the transition (02:30-05:00 opens at 03:00 CEST)', () => {
    const schedule = everyDay('Europe/Madrid', [{ start: '02:30', end: '05:00' }]);
    expect(utc(addBusinessTime(at('2026-03-29T00:00:00+01:00'), HOUR, schedule))).toBe(utc('2026-03-29T04:00:00+02:00'));
    expect(businessTimeBetween(at('2026-03-29T00:00:00+01:00'), at('2026-03-29T12:00:00+02:00'), schedule)).toBe(2 * HOUR);
  });

  it('a range wholly inside the spring gap is closed that day', () => {
    const schedule = everyDay('Europe/Madrid', [{ start: '02:00', end: '02:45' }]);
    expect(businessTimeBetween(at('2026-03-29T00:00:00+01:00'), at('2026-03-29T12:00:00+02:00'), schedule)).toBe(0);
    expect(utc(addBusinessTime(at('2026-03-29T00:00:00+01:00'), 10 * MINUTE, schedule))).toBe(utc('2026-03-30T02:10:00+02:00'));
  });

  it('an end inside the repeated hour closes at its first occurrence (01:00-02:30 Madrid on 25 October)', () => {
    const schedule = everyDay('Europe/Madrid', [{ start: '01:00', end: '02:30' }]);
    expect(businessTimeBetween(at('2026-10-25T00:00:00+02:00'), at('2026-10-25T12:00:00+01:00'), schedule)).toBe(90 * MINUTE);
    expect(utc(addBusinessTime(at('2026-10-25T00:00:00+02:00'), 90 * MINUTE, schedule))).toBe(utc('2026-10-25T02:30:00+02:00'));
    expect(utc(addBusinessTime(at('2026-10-25T00:00:00+02:00'), 100 * MINUTE, schedule))).toBe(utc('2026-10-26T01:10:00+01:00'));
  });

  it('adjacent ranges meeting inside the repeated hour still tile the night (00:00-01:30 + 01:30-03:00 New York)', () => {
    const schedule = everyDay('America/New_York', [
      { start: '00:00', end: '01:30' },
      { start: '01:30', end: '03:00' },
    ]);
    // 00:00 EDT to 03:00 EST is four real hours.
    expect(businessTimeBetween(at('2026-11-01T00:00:00-04:00'), at('2026-11-01T12:00:00-05:00'), schedule)).toBe(4 * HOUR);
  });
});

describe('a normal 9-17 week over a DST change', () => {
  it.each([
    ['Madrid spring-forward week', '2026-03-23T00:00:00+01:00', '2026-03-30T00:00:00+02:00', 40 * HOUR],
    ['Madrid fall-back week', '2026-10-19T00:00:00+02:00', '2026-10-26T00:00:00+01:00', 40 * HOUR],
  ])('%s still has 40 open hours', (_name, from, to, expected) => {
    const weekdays = everyDay('Europe/Madrid', [{ start: '09:00', end: '17:00' }]);
    const schedule = { ...weekdays, weekly: { ...weekdays.weekly, sat: [], sun: [] } };
    expect(businessTimeBetween(at(from), at(to), schedule)).toBe(expected);
  });
});
