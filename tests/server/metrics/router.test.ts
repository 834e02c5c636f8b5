import { afterEach, describe, expect, it } from 'vitest';
import { key, MIN, slaWorld } from '../sla/support';

type W = Awaited<ReturnType<typeof slaWorld>>;
let w: W;
afterEach(() => w?.world.close());

describe('metrics procedures over the real services (manual clock)', () => {
  it('summary, coverage and trend agree with a short scripted morning', async () => {
    w = await slaWorld();
    const t0 = w.clock.now();
    const b = await w.ws.conversation('Second customer', '34622222222@c.us');
    await w.setPolicy('support', { firstResponseMs: 10 * MIN });
    await w.customerWrites();
    await w.customerWrites(b.id);
    w.clock.advance(2 * MIN);
    await w.ana.api.assignment.claim({ conversationId: w.chat.id });
    w.clock.advance(2 * MIN);
    await w.reply(w.ana);
    w.clock.advance(6 * MIN);
    await w.timer.runDue();
    w.clock.advance(2 * MIN);
    await w.bo.api.assignment.claim({ conversationId: b.id });
    await w.ana.api.observations.held({ conversationId: b.id, reason: 'owned-by-other', idempotencyKey: key() });
    await w.reply(w.bo, b.id);
    await w.ana.api.observations.override({ conversationId: b.id, reason: 'I had the price', at: w.clock.now(), idempotencyKey: key() });
    w.clock.advance(MIN);

    const summary = await w.mia.api.metrics.summary({ from: t0, to: t0 + 60 * MIN });
    // Chat 1: 4 min (customer at t0, Ana at +4). Chat 2: 12 min (breached at +10, Bo at +12). [4, 12]: p50 rank 1, p90 rank 2.
    expect(summary.firstResponse).toEqual({ count: 2, p50Ms: 4 * MIN, p90Ms: 12 * MIN });
    // Ana claimed at +2 and replied at +4; Bo claimed at +12 and replied at once.
    expect(summary.assignmentToFirstReply).toEqual({ count: 2, p50Ms: 0, p90Ms: 2 * MIN });
    expect(summary.sla).toMatchObject({ breaches: 1, breachesByQueue: { support: 1 }, breachesByMember: { unowned: 1 }, episodes: 1, met: 0 });
    expect(summary.collisions).toEqual({ held: 1, overrides: 1, slipped: 0, duplicates: 1 });
    // Both open and owned now (+13); nobody waiting.
    expect(summary.coverage).toMatchObject({ open: 2, owned: 2, unattended: 0, unownedMs: 2 * MIN + 12 * MIN });

    const coverage = await w.mia.api.metrics.coverage();
    expect(coverage.total).toMatchObject({ open: 2, unowned: 0, unattended: 0, breaching: 0, warning: 0, ownedShare: 1 });
    expect(coverage.byQueue.support).toMatchObject({ open: 2 });
    expect(coverage.members.find((m) => m.id === w.ana.id)).toMatchObject({ load: 1, availability: 'offline', online: false, connections: [] });

    const trend = await w.mia.api.metrics.trend({ days: 2 });
    expect(trend.days.map((d) => [d.count, d.p50Ms])).toEqual([
      [0, null],
      [2, 4 * MIN],
    ]);
  });

  it('coverage shows warning and breaching clocks, and a member live connection', async () => {
    w = await slaWorld();
    await w.setPolicy('support', { firstResponseMs: 10 * MIN });
    await w.customerWrites();
    w.clock.advance(6 * MIN);
    expect((await w.mia.api.metrics.coverage()).total).toMatchObject({ open: 1, unowned: 1, unattended: 1, warning: 1, breaching: 0 });
    w.clock.advance(5 * MIN);
    await w.ana.api.members.heartbeat({ connectionId: 'conn-ana-1', channelId: w.ws.channelId, browser: 'Chrome 156' });
    const later = await w.mia.api.metrics.coverage();
    expect(later.total).toMatchObject({ warning: 0, breaching: 1 });
    expect(later.members.find((m) => m.id === w.ana.id)!.connections).toEqual([{ channelId: w.ws.channelId, browser: 'Chrome 156', lastSeen: w.clock.now() }]);
    expect(later.members.find((m) => m.id === w.ana.id)).toMatchObject({ online: true, availability: 'available' });
  });

  it('is for managers, and validates its range', async () => {
    w = await slaWorld();
    await expect(w.ana.api.metrics.summary({ from: 0, to: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(w.ana.api.metrics.coverage()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(w.mia.api.metrics.summary({ from: 10, to: 5 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(w.mia.api.metrics.summary({ from: 0, to: 1, memberId: 'mem_nobody' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(w.mia.api.metrics.trend({ days: 7, timeZone: 'Mars/Olympus' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
