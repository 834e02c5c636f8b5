import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessTime, businessTimeBetween, openIntervals } from '../../../../server/domain/sla/business-hours';
import { at, everyDay, HOUR, madridOffice, MINUTE } from './fixtures';

// Instants over 2026-2027, which include four DST changes in each zone.
const instant = fc.integer({ min: at('2026-01-01T00:00:00Z'), max: at('2027-12-31T00:00:00Z') });
const duration = fc.integer({ min: 1, max: 120 * HOUR });
const zone = fc.constantFrom('Europe/Madrid', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'UTC');

describe('business-hours properties', () => {
  it('an always-open day in any zone is plain elapsed time', () => {
    fc.assert(
      fc.property(zone, instant, duration, (timeZone, start, ms) => {
        expect(addBusinessTime(start, ms, everyDay(timeZone, [{ start: '00:00', end: '24:00' }]))).toBe(start + ms);
      }),
      { numRuns: 150 },
    );
  });

  it('businessTimeBetween measures exactly what addBusinessTime added', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 80 * HOUR }), (start, ms) => {
        expect(businessTimeBetween(start, addBusinessTime(start, ms, madridOffice), madridOffice)).toBe(ms);
      }),
      { numRuns: 150 },
    );
  });

  it('open intervals are sorted, disjoint and inside the window', () => {
    const split = everyDay('America/New_York', [
      { start: '00:30', end: '01:45' },
      { start: '02:15', end: '03:30' },
      { start: '09:00', end: '17:00' },
    ]);
    fc.assert(
      fc.property(instant, fc.integer({ min: MINUTE, max: 9 * 24 * HOUR }), (from, span) => {
        const intervals = openIntervals(from, from + span, split);
        let previousEnd = from;
        for (const { startMs, endMs } of intervals) {
          expect(startMs).toBeGreaterThanOrEqual(previousEnd);
          expect(endMs).toBeGreaterThan(startMs);
          previousEnd = endMs;
        }
        expect(previousEnd).toBeLessThanOrEqual(from + span);
      }),
      { numRuns: 150 },
    );
  });
});
