import { describe, expect, it } from 'vitest';
import { evaluateSla, SlaPolicySchema, slaDue, slaStateAt, type SlaPolicy } from '../../../../server/domain/sla/evaluate-sla';
import { at, HOUR, madridOffice, MINUTE, utc } from './fixtures';

const business: SlaPolicy = {
  firstResponseMs: 2 * HOUR,
  nextResponseMs: 4 * HOUR,
  resolutionMs: 16 * HOUR,
  warnAtFraction: 0.8,
  mode: { kind: 'business', schedule: madridOffice },
};

const asIso = (due: { warnAt: number; dueAt: number } | undefined) => due && { warnAt: utc(due.warnAt), dueAt: utc(due.dueAt) };
const expected = (warnAt: string, dueAt: string) => ({ warnAt: utc(warnAt), dueAt: utc(dueAt) });

describe('evaluateSla in business hours (Madrid office), clock started Monday 13:00', () => {
  const due = evaluateSla(business, at('2026-04-13T13:00:00+02:00'));

  it.each([
    // 2 h: 13-14 then 15-16; 80 % = 96 min: 13-14 then 36 min after lunch.
    ['firstResponse', expected('2026-04-13T15:36:00+02:00', '2026-04-13T16:00:00+02:00')],
    // 4 h: 13-14 then 15-18, due exactly at closing; 80 % = 192 min.
    ['nextResponse', expected('2026-04-13T17:12:00+02:00', '2026-04-13T18:00:00+02:00')],
    // 16 h: 4 h Monday, 8 h Tuesday, 4 h Wednesday morning; 80 % = 12.8 h: 48 min into Wednesday.
    ['resolution', expected('2026-04-15T09:48:00+02:00', '2026-04-15T13:00:00+02:00')],
  ] as const)('%s', (target, times) => {
    expect(asIso(due[target])).toEqual(times);
  });

  it('warns by business time, not wall time, when the target spans a weekend', () => {
    // Friday 14:00 + 3 h: 1 h Friday, 2 h Monday; 80 % = 144 min: 1 h Friday, 84 min Monday.
    const friday = slaDue(at('2026-04-17T14:00:00+02:00'), 3 * HOUR, 0.8, business.mode);
    expect(asIso(friday)).toEqual(expected('2026-04-20T10:24:00+02:00', '2026-04-20T11:00:00+02:00'));
  });
});

describe('evaluateSla in wall-clock mode', () => {
  it.each([
    ['half-way warning', 0.5, '2026-03-29T01:30:00+01:00', expected('2026-03-29T03:00:00+02:00', '2026-03-29T03:30:00+02:00')],
    ['a third', 1 / 3, '2026-04-17T14:00:00+02:00', expected('2026-04-17T14:20:00+02:00', '2026-04-17T15:00:00+02:00')],
    ['warning at the due time', 1, '2026-04-17T14:00:00+02:00', expected('2026-04-17T15:00:00+02:00', '2026-04-17T15:00:00+02:00')],
  ])('%s', (_name, warnAtFraction, start, times) => {
    const due = evaluateSla({ firstResponseMs: HOUR, warnAtFraction, mode: { kind: 'wall' } }, at(start));
    expect(asIso(due.firstResponse)).toEqual(times);
  });

  it('leaves out targets the policy does not set', () => {
    const due = evaluateSla({ firstResponseMs: HOUR, nextResponseMs: null, warnAtFraction: 0.8, mode: { kind: 'wall' } }, 0);
    expect(Object.keys(due)).toEqual(['firstResponse']);
  });

  it('rounds the warning to the nearest ms', () => {
    expect(slaDue(1_000, 10, 0.25, { kind: 'wall' })).toEqual({ warnAt: 1_003, dueAt: 1_010 });
  });

  it.each([0, -0.1, 1.2, Number.NaN])('rejects warnAtFraction %s', (fraction) => {
    expect(() => slaDue(0, HOUR, fraction, { kind: 'wall' })).toThrow(RangeError);
  });
});

describe('slaStateAt (warnAt 100, dueAt 200)', () => {
  it.each([
    ['before the warning', 50, undefined, 'ok'],
    ['at the warning', 100, undefined, 'warning'],
    ['just before the due time', 199, undefined, 'warning'],
    ['at the due time', 200, undefined, 'breached'],
    ['long after', 10_000, null, 'breached'],
    ['met before the warning', 300, 50, 'met'],
    ['met during the warning', 300, 150, 'met'],
    ['met one ms before the due time', 199, 199, 'met'],
    ['met at the due time is late', 300, 200, 'breached'],
    ['met after the due time stays breached', 300, 250, 'breached'],
    ['a met time after now has not happened yet', 120, 150, 'warning'],
  ] as const)('%s', (_name, now, metAt, state) => {
    expect(slaStateAt(now, { warnAt: 100, dueAt: 200, metAt })).toBe(state);
  });
});

describe('SlaPolicySchema', () => {
  it('accepts a business-hours policy', () => {
    expect(SlaPolicySchema.safeParse(business).success).toBe(true);
  });

  it.each([
    ['a zero warning fraction', { ...business, warnAtFraction: 0 }],
    ['a warning fraction above 1', { ...business, warnAtFraction: 1.2 }],
    ['a negative target', { ...business, firstResponseMs: -MINUTE }],
    ['a fractional ms target', { ...business, resolutionMs: 1.5 }],
    ['an unknown mode', { ...business, mode: { kind: 'lunar' } }],
    ['a business mode with an invalid schedule', { ...business, mode: { kind: 'business', schedule: { ...madridOffice, timeZone: 'Nowhere' } } }],
  ])('rejects %s', (_name, policy) => {
    expect(SlaPolicySchema.safeParse(policy).success).toBe(false);
  });
});
