import { describe, expect, it } from 'vitest';
import { startRoutingLoop } from '../../../server/services/routing/loop';
import { openStoreForSuite, storeFactories } from '../support/stores';
import { routingWorld, type RoutingWorld } from './support';

async function until(check: () => Promise<boolean>, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(storeFactories)('the backlog drains when someone can take it: $name', (factory) => {
  const opened = openStoreForSuite(factory);

  async function withLoop(fn: (w: RoutingWorld, loop: ReturnType<typeof startRoutingLoop>) => Promise<void>, intervalMs?: number) {
    const w = await routingWorld(opened().store);
    const loop = startRoutingLoop(w.world.deps, { intervalMs });
    try {
      await w.mia.api.routing.setQueue({ queue: 'support', mode: 'round-robin' });
      await fn(w, loop);
    } finally {
      await loop.stop();
      w.close();
    }
  }

  it('waits while nobody is online, then fills the member who connects oldest first up to capacity; a resolve frees a slot', () =>
    withLoop(async (w, loop) => {
      const newest = await w.waitingChat('Newest', 1_000);
      const oldest = await w.waitingChat('Oldest', 30_000);
      const middle = await w.waitingChat('Middle', 10_000);
      const ana = await w.agent('Ana', { online: false, capacity: 2 });
      await loop.tick();
      expect(await Promise.all([oldest, middle, newest].map((c) => w.owner(c.id)))).toEqual([null, null, null]);
      await ana.api.members.heartbeat({ connectionId: 'ana-laptop-1', channelId: w.ws.channelId });
      await loop.tick();
      expect(await Promise.all([oldest, middle, newest].map((c) => w.owner(c.id)))).toEqual([ana.id, ana.id, null]);
      await ana.api.status.set({ conversationId: oldest.id, status: 'resolved' });
      await loop.idle();
      expect(await w.owner(newest.id)).toBe(ana.id);
    }));

  it('an availability change routes the waiting chats at once, through the commit signal', () =>
    withLoop(async (w, loop) => {
      const bo = await w.agent('Bo', { availability: 'away' });
      const chat = await w.waitingChat('Waiting for Bo');
      await loop.idle();
      expect(await w.owner(chat.id)).toBeNull();
      await bo.api.members.setAvailability({ availability: 'available' });
      await loop.idle();
      expect(await w.owner(chat.id)).toBe(bo.id);
    }));

  it("drains kicked by conversations' commits reuse the settings they read; a settings change reaches the next one", async () => {
    const w = await routingWorld(opened().store);
    const { store } = w.world.deps;
    // Reads outside a transaction: the drain's. A routing decision re-reads them inside its own, which must stay.
    let reads = 0;
    const counted = {
      ...store,
      workspaces: {
        ...store.workspaces,
        settings: (...args: Parameters<typeof store.workspaces.settings>) => {
          if (args[1] === undefined) reads++;
          return store.workspaces.settings(...args);
        },
      },
    };
    const loop = startRoutingLoop({ ...w.world.deps, store: counted });
    try {
      await w.mia.api.routing.setQueue({ queue: 'support', mode: 'round-robin' });
      const bo = await w.agent('Bo', { capacity: 10 });
      const first = await w.waitingChat('First');
      await loop.idle();
      expect(await w.owner(first.id)).toBe(bo.id);
      // Creating a chat signals without its events (so drops the settings); a customer's message is a mutation's.
      const more = [await w.ws.conversation('Second', '34690000902@c.us'), await w.ws.conversation('Third', '34690000903@c.us')];
      const late = await w.ws.conversation('After the change', '34690000904@c.us');
      const customerWrites = (c: { id: string }) =>
        w.ws.admin.api.observations.message({ conversationId: c.id, direction: 'in', at: w.clock.now(), messageId: `in-${c.id}` });
      await loop.idle();
      const readsThen = reads;
      expect(readsThen).toBeGreaterThan(0);
      for (const c of more) await customerWrites(c);
      await loop.idle();
      expect(await Promise.all(more.map((c) => w.owner(c.id)))).toEqual([bo.id, bo.id]);
      expect(reads).toBe(readsThen);
      // The settings change is the only signal without events in between: the drain it kicks must read afresh.
      await w.mia.api.routing.setQueue({ queue: 'support', mode: 'manual' });
      await customerWrites(late);
      await loop.idle();
      expect(await w.owner(late.id)).toBeNull();
      expect(reads).toBeGreaterThan(readsThen);
    } finally {
      await loop.stop();
      w.close();
    }
  });

  it('a released chat goes to the next member, never straight back to the one who released it', () =>
    withLoop(async (w, loop) => {
      const ana = await w.agent('Ana');
      const chat = await w.waitingChat('Hot potato');
      await ana.api.assignment.claim({ conversationId: chat.id });
      await ana.api.assignment.release({ conversationId: chat.id });
      await loop.idle();
      expect(await w.owner(chat.id)).toBeNull();
      const bo = await w.agent('Bo');
      // Coming online is a heartbeat, which commits no event: the timer pass is what notices it.
      await loop.tick();
      expect(await w.owner(chat.id)).toBe(bo.id);
    }));

  it('the timer pass picks up a member who came online by heartbeat alone', () =>
    withLoop(async (w) => {
      const chat = await w.waitingChat('Needs anyone');
      const cy = await w.agent('Cy', { online: false });
      expect(await w.owner(chat.id)).toBeNull();
      await cy.api.members.heartbeat({ connectionId: 'cy-desktop-1', channelId: w.ws.channelId });
      await until(async () => (await w.owner(chat.id)) === cy.id);
    }, 50));
});
