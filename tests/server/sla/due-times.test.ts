import { afterEach, describe, expect, it } from 'vitest';
import { madridOffice } from '../domain/sla/fixtures';
import { HOUR, MIN, slaWorld } from './support';

type W = Awaited<ReturnType<typeof slaWorld>>;
let w: W;
afterEach(() => w?.world.close());

const Z = (iso: string) => Date.parse(iso);

describe('due times in business hours, through the real procedures on a manual clock', () => {
  it('Madrid office: a Friday 14:00 message is due Monday; the reply meets it; the next response spans lunch', async () => {
    // Friday 6 March 2026, 14:00 in Madrid (CET, UTC+1); Fridays open 09:00-15:00, Mon-Thu 09:00-14:00 + 15:00-18:00.
    w = await slaWorld({ start: Z('2026-03-06T13:00:00Z') });
    await w.setPolicy('support', {
      firstResponseMs: 2 * HOUR,
      nextResponseMs: HOUR,
      resolutionMs: 16 * HOUR,
      warnAtFraction: 0.75,
      mode: { kind: 'business', schedule: madridOffice },
    });
    await w.customerWrites();
    const started = await w.clocks();
    expect(started.firstResponseStart).toBe(Z('2026-03-06T13:00:00Z'));
    expect(started.clocks).toEqual([
      // 2 h: Fri 14:00-15:00 (1 h) + Mon 09:00-10:00 (1 h) -> Mon 10:00 Madrid; warning at 1.5 h -> Mon 09:30.
      { target: 'firstResponse', warnAt: Z('2026-03-09T08:30:00Z'), dueAt: Z('2026-03-09T09:00:00Z'), state: 'ok' },
      // 16 h: Fri 1 h + Mon 8 h + Tue 09:00-14:00 (5 h) + 15:00-17:00 (2 h) -> Tue 17:00; warning at 12 h: Fri 1 + Mon 8 + Tue 09:00-12:00.
      { target: 'resolution', warnAt: Z('2026-03-10T11:00:00Z'), dueAt: Z('2026-03-10T16:00:00Z'), state: 'ok' },
    ]);

    w.clock.set(Z('2026-03-07T12:00:00Z'));
    expect(await w.timer.runDue()).toBe(0);
    w.clock.set(Z('2026-03-09T08:30:00Z'));
    expect(await w.timer.runDue()).toBe(1);
    const [warning] = await w.events(['sla.warning']);
    expect(warning!.data).toMatchObject({ target: 'firstResponse', dueAt: Z('2026-03-09T09:00:00Z'), queue: 'support', ownerId: null });

    w.clock.set(Z('2026-03-09T08:40:00Z'));
    await w.ana.api.assignment.claim({ conversationId: w.chat.id });
    await w.reply(w.ana);
    const met = await w.clocks();
    expect(met.firstResponseMetAt).toBe(Z('2026-03-09T08:40:00Z'));
    expect(met.clocks.map((c) => c.target)).toEqual(['resolution']);

    // Monday 13:30 Madrid: 1 h of business time is 13:30-14:00 + 15:00-15:30; warning at 45 min -> 15:15.
    w.clock.set(Z('2026-03-09T12:30:00Z'));
    await w.customerWrites();
    expect((await w.clocks()).clocks[0]).toEqual({ target: 'nextResponse', warnAt: Z('2026-03-09T14:15:00Z'), dueAt: Z('2026-03-09T14:30:00Z'), state: 'ok' });
    w.clock.set(Z('2026-03-09T14:30:00Z'));
    expect(await w.timer.runDue()).toBe(2);
    const raised = await w.events(['sla.warning', 'sla.breached']);
    expect(raised.map((e) => `${e.type}:${e.data.target}`)).toEqual(['sla.warning:firstResponse', 'sla.warning:nextResponse', 'sla.breached:nextResponse']);
    expect(raised[2]!.data).toMatchObject({ ownerId: w.ana.id, dueAt: Z('2026-03-09T14:30:00Z'), lateMs: 0 });
    expect(await w.timer.runDue()).toBe(0);
  });

  it('a chat the bot ran is measured from the handoff, not from the customer first message', async () => {
    w = await slaWorld();
    await w.setPolicy('support', { firstResponseMs: 10 * MIN, resolutionMs: 4 * HOUR });
    await w.world.store.db.updateTable('conversations').set({ status: 'bot' }).where('id', '=', w.chat.id).execute();
    const firstMessage = w.clock.now();
    await w.customerWrites();
    expect((await w.clocks()).clocks.map((c) => c.target)).toEqual(['resolution']);
    w.clock.advance(25 * MIN);
    await w.mia.api.status.set({ conversationId: w.chat.id, status: 'open' });
    const c = await w.clocks();
    expect(c.firstResponseStart).toBe(firstMessage + 25 * MIN);
    expect(c.clocks).toContainEqual({ target: 'firstResponse', warnAt: firstMessage + 30 * MIN, dueAt: firstMessage + 35 * MIN, state: 'ok' });
    expect(c.clocks).toContainEqual({ target: 'resolution', warnAt: firstMessage + 2 * HOUR, dueAt: firstMessage + 4 * HOUR, state: 'ok' });
  });

  it('policies are manager-only and validated', async () => {
    w = await slaWorld();
    await expect(w.ana.api.sla.getPolicies()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(w.setPolicy('nope', { firstResponseMs: MIN })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(w.setPolicy('support', { warnAtFraction: 1.5 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(w.setPolicy('support', { escalation: { moveToQueue: 'nowhere', release: false } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await w.setPolicy('support', { firstResponseMs: MIN });
    expect((await w.mia.api.sla.getPolicies()).map((p) => [p.queue, p.policy.firstResponseMs])).toEqual([['support', MIN]]);
    await w.mia.api.sla.setPolicy({ queue: 'support', policy: null });
    expect(await w.mia.api.sla.getPolicies()).toEqual([]);
  });
});
