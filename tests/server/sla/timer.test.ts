import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../../server/store/postgres';
import type { Deps } from '../../../server/services/deps';
import { SlaTimer } from '../../../server/services/sla/timer';
import { storeFactories } from '../support/stores';
import { MIN, slaWorld } from './support';

type W = Awaited<ReturnType<typeof slaWorld>>;
let w: W | undefined;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await w?.world.close();
  w = undefined;
  for (const c of cleanups.splice(0)) await c();
});

describe('escalation on breach', () => {
  it('moves the chat to the escalation queue, releases its owner and names who is told', async () => {
    w = await slaWorld();
    await w.setPolicy('support', { firstResponseMs: 10 * MIN, escalation: { moveToQueue: 'escalation', release: true } });
    await w.ana.api.assignment.claim({ conversationId: w.chat.id });
    await w.customerWrites();
    w.clock.advance(10 * MIN);
    expect(await w.timer.runDue()).toBe(2);
    const chat = await w.ana.api.conversations.get({ conversationId: w.chat.id });
    expect(chat).toMatchObject({ queue: 'escalation', ownerId: null });
    const events = await w.events(['sla.warning', 'sla.breached', 'sla.escalated', 'conversation.queue_changed', 'ownership.released']);
    expect(events.map((e) => e.type)).toEqual(['sla.warning', 'sla.breached', 'sla.escalated', 'conversation.queue_changed', 'ownership.released']);
    expect(events[1]!.data).toMatchObject({ target: 'firstResponse', queue: 'support', ownerId: w.ana.id });
    expect(events[2]!.data).toMatchObject({ actions: ['notify', 'moved', 'released'], fromQueue: 'support', toQueue: 'escalation' });
    expect(new Set(events[2]!.data.notify as string[])).toEqual(new Set([w.ana.id, w.mia.id, w.ws.admin.id]));
    expect(events.every((e) => e.actorId === null)).toBe(true);
  });

  it('without an escalation setting a breach only notifies', async () => {
    w = await slaWorld();
    await w.setPolicy('support', { firstResponseMs: 10 * MIN });
    await w.customerWrites();
    w.clock.advance(11 * MIN);
    await w.timer.runDue();
    expect(await w.ana.api.conversations.get({ conversationId: w.chat.id })).toMatchObject({ queue: 'support' });
    expect((await w.events(['sla.escalated']))[0]!.data).toMatchObject({ actions: ['notify'], toQueue: 'support' });
  });

  it.each([
    ['managers', (x: W) => [x.mia.id, x.ws.admin.id]],
    ['owner', (x: W) => [x.ana.id]],
  ] as const)('a policy that notifies %s names only them', async (notify, expected) => {
    w = await slaWorld();
    await w.setPolicy('support', { firstResponseMs: 10 * MIN, escalation: { notify, moveToQueue: null, release: false } });
    await w.ana.api.assignment.claim({ conversationId: w.chat.id });
    await w.customerWrites();
    w.clock.advance(11 * MIN);
    await w.timer.runDue();
    const escalated = (await w.events(['sla.escalated']))[0]!.data;
    expect(new Set(escalated.notify as string[])).toEqual(new Set(expected(w)));
  });

  it('a reply before the due time means no breach is ever raised', async () => {
    w = await slaWorld();
    await w.setPolicy('support', { firstResponseMs: 10 * MIN });
    await w.customerWrites();
    w.clock.advance(6 * MIN);
    expect(await w.timer.runDue()).toBe(1);
    await w.reply(w.ana);
    w.clock.advance(60 * MIN);
    expect(await w.timer.runDue()).toBe(0);
    expect((await w.events(['sla.warning', 'sla.breached'])).map((e) => e.type)).toEqual(['sla.warning']);
    expect(await w.timer.nextAlarmAt()).toBeNull();
  });
});

describe.each(storeFactories)('exactly once with competing timers ($name)', (factory) => {
  it('two instances waking together raise each warning and breach once', async () => {
    const opened = await factory.open();
    cleanups.push(opened.cleanup);
    w = await slaWorld({ store: opened.store });
    // A second instance: its own store (its own connection pool on PostgreSQL) on the same database.
    const other = factory.name === 'postgres' ? await createPostgresStore(opened.url) : opened.store;
    if (other !== opened.store) cleanups.unshift(() => other.close());
    const rival = new SlaTimer({ ...w.world.deps, store: other } satisfies Deps);
    await w.setPolicy('support', { firstResponseMs: 10 * MIN, nextResponseMs: 10 * MIN, resolutionMs: 20 * MIN });
    const chats = [w.chat, ...(await Promise.all([1, 2, 3, 4].map((i) => w!.ws.conversation(`Chat ${i}`, `3461000000${i}@c.us`))))];
    for (const c of chats) await w.customerWrites(c.id);
    for (const step of [5, 5, 5, 5]) {
      w.clock.advance(step * MIN);
      await Promise.all([w.timer.runDue(), rival.runDue(), w.timer.runDue(), rival.runDue()]);
    }
    const raised = await w.events(['sla.warning', 'sla.breached']);
    // Per chat: first response warns at 5 and breaches at 10, resolution warns at 10 and breaches at 20 minutes.
    expect(raised).toHaveLength(chats.length * 4);
    const keys = raised.map((e) => `${e.conversationId}:${e.type}:${e.data.target}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
