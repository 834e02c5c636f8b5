import { describe, expect, it } from 'vitest';
import { openStoreForSuite, storeFactories } from '../support/stores';
import { routingWorld } from './support';

describe.each(storeFactories)('routing modes through the real service: $name', (factory) => {
  const opened = openStoreForSuite(factory);

  it('round-robin routes the oldest waiting chat first, in member-id order, and keeps its cursor between drains', async () => {
    const w = await routingWorld(opened().store);
    const [a, b, c] = await Promise.all(['Ana', 'Bo', 'Cy'].map((n) => w.agent(n)));
    await w.mia.api.routing.setQueue({ queue: 'support', mode: 'round-robin' });
    const newest = await w.waitingChat('Newest', 1_000);
    const oldest = await w.waitingChat('Oldest', 9_000);
    const middle = await w.waitingChat('Middle', 5_000);
    const order = w.sorted(a.id, b.id, c.id);
    const out = await w.mia.api.routing.drain();
    expect(out.assigned.map((x) => [x.conversationId, x.memberId])).toEqual([
      [oldest.id, order[0]],
      [middle.id, order[1]],
      [newest.id, order[2]],
    ]);
    const [event] = await w.events(oldest.id, 'ownership.assigned');
    expect(event).toMatchObject({ actorId: 'system:routing', data: { from: null, to: order[0], via: 'routing', mode: 'round-robin' } });
    const later = await w.waitingChat('Later');
    await w.mia.api.routing.drain();
    expect(await w.owner(later.id)).toBe(order[0]);
    w.close();
  });

  it('least-loaded picks whoever owns the fewest open chats; resolved ones do not count', async () => {
    const w = await routingWorld(opened().store);
    const ana = await w.agent('Ana');
    const bo = await w.agent('Bo');
    await w.mia.api.routing.setQueue({ queue: 'support', mode: 'least-loaded' });
    for (const [who, title] of [
      [ana, 'A1'],
      [ana, 'A2'],
      [bo, 'B1'],
    ] as const) {
      await who.api.assignment.claim({ conversationId: (await w.ws.conversation(title)).id });
    }
    const first = await w.waitingChat('First');
    await w.mia.api.routing.drain();
    expect(await w.owner(first.id)).toBe(bo.id);
    for (const title of ['A1', 'A2']) await ana.api.status.set({ conversationId: (await w.ws.conversation(title)).id, status: 'resolved' });
    const second = await w.waitingChat('Second');
    await w.mia.api.routing.drain();
    expect(await w.owner(second.id)).toBe(ana.id);
    w.close();
  });

  it('skips members who are away, have no extension connected, do not work the queue or are at capacity', async () => {
    const w = await routingWorld(opened().store);
    await w.agent('Away', { availability: 'away' });
    await w.agent('Disconnected', { online: false });
    await w.agent('Sales only', { queues: ['pre-sales'] });
    const full = await w.agent('Full', { capacity: 1 });
    await full.api.assignment.claim({ conversationId: (await w.ws.conversation('Already mine')).id });
    await w.mia.api.routing.setQueue({ queue: 'support', mode: 'round-robin' });
    const chat = await w.waitingChat('Nobody fits');
    const out = await w.mia.api.routing.drain();
    expect(out.assigned).toEqual([]);
    expect(out.waiting).toEqual([{ conversationId: chat.id, queue: 'support', reason: 'all at capacity' }]);
    expect(await w.owner(chat.id)).toBeNull();
    expect((await w.mia.api.routing.getQueues()).queues.find((q) => q.name === 'support')).toMatchObject({ mode: 'round-robin', waiting: 1 });
    const fits = await w.agent('Fits');
    await w.mia.api.routing.drain();
    expect(await w.owner(chat.id)).toBe(fits.id);
    w.close();
  });

  it('a manual queue leaves waiting chats unowned, and chats nobody is waiting on are not routed', async () => {
    const w = await routingWorld(opened().store);
    await w.agent('Ana');
    const waiting = await w.waitingChat('Waiting');
    expect((await w.mia.api.routing.drain()).assigned).toEqual([]);
    expect(await w.owner(waiting.id)).toBeNull();
    await w.mia.api.routing.setQueue({ queue: 'support', mode: 'round-robin' });
    const quiet = await w.ws.conversation('Only seen in the chat list');
    const out = await w.mia.api.routing.drain();
    expect(out.assigned.map((x) => x.conversationId)).toEqual([waiting.id]);
    expect(await w.owner(quiet.id)).toBeNull();
    w.close();
  });

  it('never takes a chat someone owns: a claim racing a drain leaves exactly one owner and one ownership event', async () => {
    const w = await routingWorld(opened().store);
    const ana = await w.agent('Ana');
    const bo = await w.agent('Bo');
    await w.mia.api.routing.setQueue({ queue: 'support', mode: 'round-robin' });
    const chats = await Promise.all([1, 2, 3, 4].map((i) => w.waitingChat(`Race ${i}`)));
    await Promise.allSettled([...chats.map((c) => ana.api.assignment.claim({ conversationId: c.id })), w.mia.api.routing.drain(), w.mia.api.routing.drain()]);
    for (const c of chats) {
      expect([ana.id, bo.id]).toContain(await w.owner(c.id));
      const changes = (await w.events(c.id)).filter((e) => e.type === 'ownership.claimed' || e.type === 'ownership.assigned');
      expect(changes).toHaveLength(1);
    }
    const owned = await w.ws.conversation('Owned by Bo');
    await bo.api.assignment.claim({ conversationId: owned.id });
    await w.ws.admin.api.observations.message({ conversationId: owned.id, direction: 'in', at: w.clock.now(), messageId: 'in-owned' });
    await w.mia.api.routing.drain();
    expect(await w.owner(owned.id)).toBe(bo.id);
    w.close();
  });
});
