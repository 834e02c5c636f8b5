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
