import { describe, expect, it } from 'vitest';
import { applyWebhookEvent } from '../../../server/services/automation/apply';
import { openStoreForSuite, storeFactories } from '../support/stores';
import { routingWorld, type RoutingWorld } from './support';

const WID = '34600000001';

/** The customer comes back: the automation takes the resolved chat, then hands it to humans. */
async function returningCustomer(w: RoutingWorld, jid: string, n: number) {
  const ws = w.ws.id;
  await applyWebhookEvent(w.world.deps, ws, { type: 'bot.start', eventId: `start-${jid}-${n}`, channelWid: WID, jid });
  return applyWebhookEvent(w.world.deps, ws, {
    type: 'handoff',
    eventId: `handoff-${jid}-${n}`,
    channelWid: WID,
    jid,
    queue: 'support',
    priority: 'normal',
    summary: 'Back again',
    reason: 'asked for a human',
  });
}

describe.each(storeFactories)('sticky routing and the owner-response timeout: $name', (factory) => {
  const opened = openStoreForSuite(factory);

  it('sticky returns a returning customer to their last owner even when another member has less load; off, it does not', async () => {
    const w = await routingWorld(opened().store);
    const ana = await w.agent('Ana');
    const bo = await w.agent('Bo');
    await w.mia.api.routing.setQueue({ queue: 'support', mode: 'least-loaded', sticky: true });
    await ana.api.assignment.claim({ conversationId: (await w.ws.conversation('Busy', '34611111111@c.us')).id });
    for (const [n, jid] of [
      [1, '34622222222@c.us'],
      [2, '34633333333@c.us'],
    ] as const) {
      const chat = await w.ws.conversation(`Customer ${n}`, jid);
      await ana.api.assignment.claim({ conversationId: chat.id });
      await ana.api.status.set({ conversationId: chat.id, status: 'resolved' });
      if (n === 2) await w.mia.api.routing.setQueue({ queue: 'support', sticky: false });
      const out = await returningCustomer(w, jid, n);
      expect(out).toMatchObject({ status: 'open', ownerId: n === 1 ? ana.id : bo.id });
      const [routed] = await w.events(chat.id, 'ownership.assigned');
      expect(routed.data).toMatchObject({ via: 'routing', rule: n === 1 ? 'sticky' : 'least-loaded' });
    }
    w.close();
  });

  it('an owner who does not reply within N loses the chat to the next member, and then to the queue; managers see why', async () => {
    const w = await routingWorld(opened().store);
    const ana = await w.agent('Ana');
    const bo = await w.agent('Bo');
    await w.mia.api.routing.setQueue({ queue: 'support', mode: 'round-robin', ownerResponseTimeoutMs: 60_000 });
    const chat = await w.waitingChat('Slow');
    await w.mia.api.routing.drain();
    const [first, second] = w.sorted(ana.id, bo.id);
    expect(await w.owner(chat.id)).toBe(first);
    w.clock.advance(59_999);
    expect((await w.mia.api.routing.drain()).timedOut).toEqual([]);
    w.clock.advance(1);
    expect((await w.mia.api.routing.drain()).timedOut).toEqual([chat.id]);
    expect(await w.owner(chat.id)).toBe(second);
    const [timeout] = await w.events(chat.id, 'routing.owner_timeout');
    expect(timeout).toMatchObject({ actorId: 'system:routing', data: { ownerId: first, to: second, timeoutMs: 60_000, queue: 'support' } });
    expect((await w.events(chat.id, 'ownership.assigned')).at(-1)?.data).toMatchObject({ from: first, to: second, reason: 'owner-response-timeout' });
    w.clock.advance(60_000);
    for (const m of [ana, bo]) await m.api.members.heartbeat({ connectionId: `conn-${m.id}`, channelId: w.ws.channelId });
    expect((await w.mia.api.routing.drain()).timedOut).toEqual([chat.id]);
    expect(await w.owner(chat.id)).toBeNull();
    expect((await w.events(chat.id, 'ownership.released')).at(-1)?.data).toMatchObject({ from: second, to: null, reason: 'owner-response-timeout' });
    expect((await w.events(chat.id, 'routing.owner_timeout')).map((e) => e.data.ownerId)).toEqual([first, second]);
    await w.mia.api.routing.drain();
    expect(await w.owner(chat.id)).toBeNull();
    w.close();
  });

  it('a guarded reply within N stops the clock; a new customer message starts it again', async () => {
    const w = await routingWorld(opened().store);
    const ana = await w.agent('Ana');
    await w.mia.api.routing.setQueue({ queue: 'support', mode: 'round-robin', ownerResponseTimeoutMs: 60_000 });
    const chat = await w.waitingChat('Answered');
    await w.mia.api.routing.drain();
    w.clock.advance(30_000);
    const lock = await ana.api.locks.acquire({ conversationId: chat.id });
    await ana.api.observations.send({ conversationId: chat.id, token: lock.token, at: w.clock.now(), idempotencyKey: 'reply-answered-1' });
    w.clock.advance(31_000);
    expect((await w.mia.api.routing.drain()).timedOut).toEqual([]);
    w.clock.advance(9_000);
    await w.ws.admin.api.observations.message({ conversationId: chat.id, direction: 'in', at: w.clock.now(), messageId: 'in-again' });
    w.clock.advance(59_000);
    await ana.api.members.heartbeat({ connectionId: `conn-${ana.id}`, channelId: w.ws.channelId });
    expect((await w.mia.api.routing.drain()).timedOut).toEqual([]);
    expect(await w.owner(chat.id)).toBe(ana.id);
    w.clock.advance(1_000);
    expect((await w.mia.api.routing.drain()).timedOut).toEqual([chat.id]);
    expect(await w.owner(chat.id)).toBeNull();
    w.close();
  });
});
