import { createWorld, manualClock } from '../support/harness';
import type { Store } from '../../../server/store/store';
import type { Availability } from '../../../utils/schemas/common';

/** A workspace with a hand-moved clock, a manager, and helpers for members who are (or are not) routable. */
export async function routingWorld(store?: Store) {
  const clock = manualClock();
  const world = await createWorld({ store, now: clock.now });
  const ws = await world.workspace();
  const mia = await ws.member('Mia Manager', 'manager');
  let n = 0;

  async function agent(name: string, opts: { online?: boolean; capacity?: number; queues?: string[]; availability?: Availability } = {}) {
    const m = await ws.member(name);
    if (opts.capacity !== undefined || opts.queues) await mia.api.members.update({ memberId: m.id, capacity: opts.capacity, queues: opts.queues });
    if (opts.availability) await m.api.members.setAvailability({ availability: opts.availability });
    if (opts.online !== false) await m.api.members.heartbeat({ connectionId: `conn-${m.id}`, channelId: ws.channelId });
    return m;
  }

  /** A chat whose customer has written (so it waits for a human), `ageMs` ago relative to the clock. */
  async function waitingChat(title: string, ageMs = 0) {
    const c = await ws.conversation(title, `3469${String(++n).padStart(7, '0')}@c.us`);
    await ws.admin.api.observations.message({ conversationId: c.id, direction: 'in', at: clock.now() - ageMs, messageId: `in-${c.id}` });
    return c;
  }

  const owner = async (conversationId: string) => (await ws.admin.api.conversations.get({ conversationId })).ownerId;
  const events = async (conversationId: string, type?: string) => {
    const rows = (await ws.admin.api.conversations.context({ conversationId })).timeline;
    return type ? rows.filter((e) => e.type === type) : rows;
  };
  /** Member ids in round-robin order (plain code-unit order of ids). */
  const sorted = (...ids: string[]) => [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  return { clock, world, ws, mia, agent, waitingChat, owner, events, sorted, close: () => (store ? world.hub.close() : world.close()) };
}
export type RoutingWorld = Awaited<ReturnType<typeof routingWorld>>;
