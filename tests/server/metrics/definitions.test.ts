import { describe, expect, it } from 'vitest';
import { percentile } from '../../../server/domain/metrics/percentiles';
import { summarise } from '../../../server/domain/metrics/summary';
import { dayBuckets, firstResponseTrend } from '../../../server/domain/metrics/trend';
import { unownedMs } from '../../../server/domain/metrics/coverage';
import { MIN, script, T } from './script';

const range = { from: T(0), to: T(0, 0, 1), now: T(23), currentQueues: {} };

describe('metric definitions, edge by edge', () => {
  it('nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([7], 90)).toBe(7);
    // ceil(0.5 * 4) = 2nd of [1, 2, 3, 4]; ceil(0.9 * 10) = 9th of 1..10.
    expect(percentile([4, 1, 3, 2], 50)).toBe(2);
    expect(percentile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 90)).toBe(9);
  });

  it('ownership back to the previous owner within 30 minutes makes the move away unnecessary even if the new owner replied', () => {
    const s = script();
    s.customer('c', T(9));
    s.own('c', T(9, 1), 'claimed', null, 'ana');
    s.own('c', T(9, 2), 'assigned', 'ana', 'bo');
    s.send('c', T(9, 3), 'bo');
    s.own('c', T(9, 31), 'assigned', 'bo', 'ana');
    s.send('c', T(9, 40), 'ana');
    s.own('c', T(11), 'assigned', 'ana', 'bo');
    s.send('c', T(11, 5), 'bo');
    s.own('c', T(12), 'assigned', 'bo', 'ana');
    const out = summarise({ ...range, events: s.events });
    // Ana->Bo 09:02 (back to Ana at 09:31, 29 min: unnecessary), Bo->Ana 09:31 (Ana replied: necessary),
    // Ana->Bo 11:00 (Bo replied; back to Ana only after 60 min: necessary), Bo->Ana 12:00 (undecided: Ana owns it, no reply yet).
    expect(out.reassignments).toMatchObject({ count: 4, unnecessary: 1 });
  });

  it('a snoozed chat is unowned-and-open only once its snooze has passed; bot and pending time never count', () => {
    const s = script();
    s.created('c', T(8));
    s.status('c', T(9), 'open', 'pending');
    s.status('c', T(10), 'pending', 'bot');
    s.status('c', T(11), 'bot', 'open');
    s.events.push({
      id: 99,
      type: 'status.changed',
      conversationId: 'c',
      actorId: null,
      at: T(12),
      data: { from: 'open', to: 'snoozed', snoozedUntil: T(13, 30), episode: 1 },
    });
    // Open 08:00-09:00 (60) + 11:00-12:00 (60) + from the snooze's end 13:30 to 14:00 (30) = 150 min.
    expect(unownedMs(s.events, 'support', T(0), T(14))).toBe(150 * MIN);
  });

  it('an outgoing message is unattributed only after its grace period, and a nearby send without an id explains it', () => {
    const s = script();
    s.customer('c', T(9));
    s.phoneSays('c', T(9, 10), 'x-1');
    s.send('c', T(9, 11), 'ana');
    s.phoneSays('c', T(9, 30), 'x-2');
    s.phoneSays('c', T(22, 59), 'x-3');
    // x-1 is within 2 min of Ana's id-less send; x-3 is 1 min old at 23:00; x-2 is unexplained.
    expect(summarise({ ...range, events: s.events }).unattributedSends).toEqual({ count: 1, graceMs: 2 * MIN });
  });

  it('sends by two members after a handoff are not a duplicate; a second rep answering the same message is', () => {
    const s = script();
    s.customer('c', T(9));
    s.own('c', T(9, 1), 'claimed', null, 'ana');
    s.send('c', T(9, 2), 'ana');
    s.own('c', T(9, 3), 'handed_off', 'ana', 'bo');
    s.send('c', T(9, 4), 'bo');
    s.customer('c', T(10));
    s.send('c', T(10, 1), 'bo');
    s.send('c', T(10, 2), 'bo');
    s.send('c', T(10, 2), 'cy');
    expect(summarise({ ...range, events: s.events }).collisions.duplicates).toBe(1);
  });

  it('SLA adherence counts only queues with a policy when told which', () => {
    const s = script();
    s.customer('a', T(9));
    s.status('a', T(10), 'open', 'resolved');
    s.customer('b', T(9));
    s.breach('b', T(9, 30), 'pre-sales', null);
    const out = summarise({ ...range, events: s.events, currentQueues: { a: 'support', b: 'pre-sales' }, slaQueues: ['pre-sales'] });
    expect(out.sla).toMatchObject({ episodes: 1, met: 0, adherence: 0 });
  });

  it('trend: daily first-response p50 in the given zone', () => {
    const s = script();
    s.customer('a', T(9));
    s.send('a', T(9, 4), 'ana');
    s.customer('b', T(9));
    s.send('b', T(9, 12), 'bo');
    s.customer('c', T(23, 30, -1));
    s.send('c', T(23, 50, -1), 'bo');
    // In Madrid (UTC+1) Sunday 23:50 UTC is already Monday: Monday has [4, 12, 20] -> p50 = rank 2 = 12 min.
    const days = firstResponseTrend(s.events, {}, dayBuckets(T(12), 2, 'Europe/Madrid'));
    expect(days.map((d) => [d.day, d.count, d.p50Ms])).toEqual([
      ['2026-03-01', 0, null],
      ['2026-03-02', 3, 12 * MIN],
    ]);
  });
});

describe('episodes started by a handoff', () => {
  it('a handoff that reopens a resolved chat starts the new episode and its first response at the handoff', () => {
    const s = script();
    s.customer('c', T(9));
    s.send('c', T(9, 5), 'ana');
    s.status('c', T(10), 'open', 'resolved');
    // The webhook's order within one change: the handoff, then the status change it causes.
    s.handoff('c', T(14), 'support');
    s.status('c', T(14), 'resolved', 'open', 2);
    s.send('c', T(14, 20), 'bo');
    s.status('c', T(15), 'open', 'resolved', 2);
    const out = summarise({ ...range, events: s.events });
    // Episode 1: 09:05-09:00 = 5; episode 2: 14:20-14:00 = 20. Resolutions: 10:00-09:00 = 60 and 15:00-14:00 = 60.
    expect(out.firstResponse).toEqual({ count: 2, p50Ms: 5 * MIN, p90Ms: 20 * MIN });
    expect(out.resolution).toEqual({ count: 2, p50Ms: 60 * MIN, p90Ms: 60 * MIN });
  });
});
