import { describe, expect, it } from 'vitest';
import { advanceSlaClock, type ClockChange } from '../../../server/services/sla/clock';
import { collectDueAlarms } from '../../../server/services/sla/alarms';
import { EMPTY_SLA, type SlaColumns } from '../../../server/services/sla/columns';
import type { SlaPolicy } from '../../../server/domain/sla/evaluate-sla';

const MIN = 60_000;
const T0 = Date.UTC(2026, 2, 2, 10, 0, 0);
/** 10 min first response, 30 min next response, 4 h resolution, warning at 50 %. */
const policy: SlaPolicy = { firstResponseMs: 10 * MIN, nextResponseMs: 30 * MIN, resolutionMs: 240 * MIN, warnAtFraction: 0.5, mode: { kind: 'wall' } };
const open = (waitingSince: number | null, episode = 1) => ({ status: 'open', episode, waitingSince });

function step(cols: SlaColumns, change: Partial<ClockChange> & Pick<ClockChange, 'events' | 'now'>, p: SlaPolicy | null = policy) {
  return advanceSlaClock(cols, { before: open(null), after: open(null), ...change }, p);
}
const customer = (at: number) => ({ type: 'message.observed', data: { direction: 'in', at } });
const send = { type: 'send.reported', data: {} };

describe('advanceSlaClock (pure)', () => {
  it('a first customer message starts first response and resolution; a human reply meets first response', () => {
    const started = step(EMPTY_SLA, { after: open(T0), events: [customer(T0)], now: T0 + 1000 });
    expect(started).toMatchObject({
      sla_episode_start: T0,
      sla_clock_start: T0,
      sla_first_warn: T0 + 5 * MIN,
      sla_first_due: T0 + 10 * MIN,
      sla_resolution_warn: T0 + 120 * MIN,
      sla_resolution_due: T0 + 240 * MIN,
      sla_next_due: null,
    });
    expect(started.sla_alarm_at).toBe(T0 + 5 * MIN);
    const met = step(started, { before: open(T0), after: open(null), events: [send], now: T0 + 7 * MIN });
    expect(met).toMatchObject({ sla_first_met_at: T0 + 7 * MIN, sla_first_due: null, sla_first_warn: null, sla_resolution_due: T0 + 240 * MIN });
    expect(met.sla_alarm_at).toBe(T0 + 120 * MIN);
  });

  it('a customer message after a human reply starts next response; a repeated one does not move it', () => {
    let c = step(EMPTY_SLA, { after: open(T0), events: [customer(T0)], now: T0 });
    c = step(c, { before: open(T0), after: open(null), events: [send], now: T0 + MIN });
    const t1 = T0 + 20 * MIN;
    c = step(c, { before: open(null), after: open(t1), events: [customer(t1)], now: t1 });
    expect(c).toMatchObject({ sla_next_warn: t1 + 15 * MIN, sla_next_due: t1 + 30 * MIN, sla_first_due: null });
    const again = step(c, { before: open(t1), after: open(t1), events: [customer(t1 + MIN)], now: t1 + MIN });
    expect(again.sla_next_due).toBe(t1 + 30 * MIN);
    const answered = step(again, {
      before: open(t1),
      after: open(null),
      events: [{ type: 'message.observed', data: { direction: 'out', byBot: false } }],
      now: t1 + 2 * MIN,
    });
    expect(answered).toMatchObject({ sla_next_due: null, sla_next_warn: null });
  });

  it('a bot reply meets nothing; while the bot runs the chat the first-response clock waits for the handoff', () => {
    const bot = { status: 'bot', episode: 1, waitingSince: T0 };
    let c = step(EMPTY_SLA, { before: { ...bot, waitingSince: null }, after: bot, events: [customer(T0)], now: T0 });
    expect(c).toMatchObject({ sla_episode_start: T0, sla_clock_start: null, sla_first_due: null, sla_resolution_due: T0 + 240 * MIN });
    c = step(c, { before: bot, after: bot, events: [{ type: 'message.observed', data: { direction: 'out', byBot: true } }], now: T0 + MIN });
    expect(c.sla_first_met_at).toBeNull();
    const handoffAt = T0 + 3 * MIN;
    const handed = step(c, { before: bot, after: open(T0), events: [{ type: 'status.changed', data: { from: 'bot', to: 'open' } }], now: handoffAt });
    expect(handed).toMatchObject({ sla_clock_start: handoffAt, sla_first_due: handoffAt + 10 * MIN, sla_resolution_due: T0 + 240 * MIN });
    // The webhook's own event type (any 'automation.handoff…') is a handoff too.
    const viaEvent = step(c, { before: bot, after: bot, events: [{ type: 'automation.handoff', data: {} }], now: handoffAt });
    expect(viaEvent.sla_first_due).toBe(handoffAt + 10 * MIN);
  });

  it('back to the bot after an answer: the next handoff starts next response, which the following reply meets', () => {
    let c = step(EMPTY_SLA, { after: open(T0), events: [customer(T0)], now: T0 });
    c = step(c, { before: open(T0), after: open(null), events: [send], now: T0 + MIN });
    const bot = { status: 'bot', episode: 1, waitingSince: null };
    c = step(c, { before: open(null), after: bot, events: [{ type: 'status.changed', data: { from: 'open', to: 'bot' } }], now: T0 + 2 * MIN });
    c = step(c, { before: bot, after: open(null), events: [{ type: 'automation.handoff', data: {} }], now: T0 + 10 * MIN });
    expect(c).toMatchObject({ sla_first_due: null, sla_next_due: T0 + 40 * MIN });
    c = step(c, { before: open(null), after: open(null), events: [send], now: T0 + 12 * MIN });
    expect(c).toMatchObject({ sla_next_due: null, sla_next_warn: null, sla_alarm_at: T0 + 120 * MIN });
    const t1 = T0 + 20 * MIN;
    c = step(c, { before: open(null), after: open(t1), events: [customer(t1)], now: t1 });
    expect(c).toMatchObject({ sla_first_due: null, sla_next_due: t1 + 30 * MIN });
  });

  it('resolving stops every clock; the next customer message starts a fresh episode', () => {
    let c = step(EMPTY_SLA, { after: open(T0), events: [customer(T0)], now: T0 });
    c = step(c, {
      before: open(T0),
      after: { status: 'resolved', episode: 1, waitingSince: T0 },
      events: [{ type: 'status.changed', data: { from: 'open', to: 'resolved' } }],
      now: T0 + MIN,
    });
    expect(c).toMatchObject({ sla_first_due: null, sla_resolution_due: null, sla_alarm_at: null });
    const t2 = T0 + 60 * MIN;
    c = step(c, { before: { status: 'resolved', episode: 1, waitingSince: T0 }, after: open(t2, 2), events: [customer(t2)], now: t2 });
    expect(c).toMatchObject({
      sla_episode_start: t2,
      sla_clock_start: t2,
      sla_first_met_at: null,
      sla_first_due: t2 + 10 * MIN,
      sla_resolution_due: t2 + 240 * MIN,
    });
  });

  it('a queue without a policy keeps the markers but no due times; a message time in the future counts from now', () => {
    const c = step(EMPTY_SLA, { after: open(T0 + 5000), events: [customer(T0 + 5000)], now: T0 }, null);
    expect(c).toMatchObject({ sla_episode_start: T0, sla_clock_start: T0, sla_first_due: null, sla_alarm_at: null });
  });
});

describe('collectDueAlarms (pure)', () => {
  const running = step(EMPTY_SLA, { after: open(T0), events: [customer(T0)], now: T0 });

  it('raises each warning and breach once, in time order', () => {
    expect(collectDueAlarms(running, T0 + 5 * MIN - 1).alarms).toEqual([]);
    const warned = collectDueAlarms(running, T0 + 5 * MIN);
    expect(warned.alarms).toEqual([{ target: 'firstResponse', kind: 'warning', at: T0 + 5 * MIN, warnAt: T0 + 5 * MIN, dueAt: T0 + 10 * MIN }]);
    expect(warned.cols.sla_alarm_at).toBe(T0 + 10 * MIN);
    expect(collectDueAlarms(warned.cols, T0 + 6 * MIN).alarms).toEqual([]);
    const breached = collectDueAlarms(warned.cols, T0 + 10 * MIN);
    expect(breached.alarms.map((a) => `${a.target}:${a.kind}`)).toEqual(['firstResponse:breached']);
    expect(breached.cols.sla_alarm_at).toBe(T0 + 120 * MIN);
  });

  it('a handoff under the same policy keeps a raised resolution warning raised', () => {
    const raised = collectDueAlarms(running, T0 + 130 * MIN).cols;
    const handed = step(raised, { before: open(T0), after: open(T0), events: [{ type: 'automation.handoff', data: {} }], now: T0 + 130 * MIN });
    expect(handed.sla_resolution_due).toBe(T0 + 240 * MIN);
    expect(collectDueAlarms(handed, T0 + 131 * MIN).alarms.map((a) => `${a.target}:${a.kind}`)).toEqual([]);
  });

  it('a late wake raises the missed warning just before its breach, and the other targets due by then', () => {
    const late = collectDueAlarms(running, T0 + 130 * MIN);
    expect(late.alarms.map((a) => `${a.target}:${a.kind}`)).toEqual(['firstResponse:warning', 'firstResponse:breached', 'resolution:warning']);
    expect(late.cols.sla_alarm_at).toBe(T0 + 240 * MIN);
  });
});
