import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUFFER, FeedHub, type DirectWrite } from '../../../server/events/feed-hub';
import type { EventView } from '../../../utils/schemas/events';
import { createWorld } from '../support/harness';

type World = Awaited<ReturnType<typeof createWorld>>;
type Workspace = Awaited<ReturnType<World['workspace']>>;
let world: World;
const hubs: FeedHub[] = [];
const followers: Follower[] = [];
beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await Promise.all(followers.splice(0).map((f) => f.stop()));
  for (const h of hubs.splice(0)) h.close();
  await world.close();
});

interface Follower {
  after: number;
  events: EventView[];
  ids(): number[];
  last(): number;
  error(): unknown;
  /** Resolves when the generator has returned. */
  finished: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Consumes hub.subscribe into an array, as the events router does. With `direct`, the follower also takes direct
 * writes into the same array (as a socket gets tRPC's frames and direct ones on one connection) while `ready` says so.
 */
function follow(
  hub: FeedHub,
  workspaceId: string,
  after: number,
  opts: { pace?: () => Promise<void>; direct?: { ready: () => boolean; endAt?: number } } = {},
): Follower {
  const ac = new AbortController();
  const events: EventView[] = [];
  let error: unknown = null;
  const direct: DirectWrite | undefined = opts.direct && {
    ready: opts.direct.ready,
    write(batch) {
      for (const e of batch) {
        events.push(e);
        if (e.id === opts.direct!.endAt) return false;
      }
      return true;
    },
  };
  const finished = (async () => {
    try {
      for await (const e of hub.subscribe(workspaceId, after, ac.signal, direct)) {
        events.push(e);
        if (opts.pace) await opts.pace();
      }
    } catch (err) {
      error = err;
    }
  })();
  const f: Follower = {
    after,
    events,
    ids: () => events.map((e) => e.id),
    last: () => events.at(-1)?.id ?? after,
    error: () => error,
    finished,
    stop: async () => {
      ac.abort();
      await finished;
    },
  };
  followers.push(f);
  return f;
}

async function waitUntil(cond: () => boolean, what: () => string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

/** The committed log as the table holds it: what every subscriber must end up with. */
async function table(ws: Workspace) {
  const rows = await world.store.db.selectFrom('events').select(['id', 'type', 'conversation_id']).where('workspace_id', '=', ws.id).orderBy('id').execute();
  return rows.map((r) => ({ id: Number(r.id), type: r.type, conversationId: r.conversation_id }));
}
const shape = (events: EventView[]) => events.map((e) => ({ id: e.id, type: e.type, conversationId: e.conversationId }));

async function head(ws: Workspace): Promise<number> {
  const row = await world.store.db.selectFrom('workspaces').select('last_event_id').where('id', '=', ws.id).executeTakeFirstOrThrow();
  return Number(row.last_event_id);
}

/** Waits until every follower reached the head, then checks each got exactly (after, head] in order, without error. */
async function expectComplete(ws: Workspace, fs: Follower[]) {
  const top = await head(ws);
  await waitUntil(
    () => fs.every((f) => f.last() >= top || f.error() !== null),
    () =>
      `followers to reach ${top}; behind: ${fs
        .filter((f) => f.last() < top)
        .map((f) => `${f.after}->${f.last()}`)
        .slice(0, 5)
        .join(', ')}`,
  );
  const log = await table(ws);
  for (const f of fs) {
    expect(f.error()).toBeNull();
    expect(f.ids()).toEqual(range(f.after + 1, top));
    expect(shape(f.events)).toEqual(log.slice(f.after));
  }
  return top;
}

/** Claim/release toggles through the real procedures: each call that changes ownership appends one event. */
async function toggle(ws: Workspace, agent: Awaited<ReturnType<Workspace['member']>>, conversationIds: string[], rounds: number) {
  for (let i = 0; i < rounds; i++) {
    for (const id of conversationIds) {
      if (i % 2 === 0) await agent.api.assignment.claim({ conversationId: id });
      else await agent.api.assignment.release({ conversationId: id });
    }
  }
}

/** Volume the way the services write it (events.append in a transaction, publish after commit), without procedure overhead. */
async function bulk(ws: Workspace, n: number, perTx = 100) {
  for (let done = 0; done < n; done += perTx) {
    const count = Math.min(perTx, n - done);
    const last = await world.store.transaction((tx) =>
      world.store.events.append(
        tx,
        ws.id,
        ws.admin.id,
        Date.now(),
        Array.from({ length: count }, (_, i) => ({ type: 'note.added' as const, conversationId: null, data: { n: done + i } })),
      ),
    );
    world.store.publish(ws.id, last!);
  }
}

/** A hub over the world's store whose reads of the event log and of conversations go through `around`. */
function hubWithReads(around: <R>(read: () => Promise<R>) => Promise<R>) {
  const wrapped =
    <A extends unknown[], R>(read: (...args: A) => Promise<R>) =>
    (...args: A) =>
      around(() => read(...args));
  const { store } = world;
  const hub = new FeedHub({
    ...store,
    events: { ...store.events, readAfter: wrapped(store.events.readAfter), head: wrapped(store.events.head) },
    conversations: { ...store.conversations, byIds: wrapped(store.conversations.byIds) },
  });
  hubs.push(hub);
  return hub;
}

/** A hub whose reads are counted. */
function countingHub() {
  let reads = 0;
  const hub = hubWithReads((read) => {
    reads++;
    return read();
  });
  return { hub, reads: () => reads };
}

/** Deterministic pseudo-random numbers, so a failing start point can be reproduced. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('FeedHub (in process)', () => {
  it('subscribers registered before, during and after concurrent writes each get every event once, in order', async () => {
    const ws = await world.workspace();
    const agents = await Promise.all(['Ana', 'Bo', 'Cy', 'Di'].map((n) => ws.member(n)));
    const convs = await Promise.all(range(1, 8).map((i) => ws.conversation(`Chat ${i}`, `3461100000${i}@c.us`)));
    const before = [follow(world.hub, ws.id, 0), follow(world.hub, ws.id, 0)];
    const writes = Promise.all(agents.map((a, i) => toggle(ws, a, [convs[2 * i].id, convs[2 * i + 1].id], 20)));
    const during: Follower[] = [];
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 5));
      during.push(follow(world.hub, ws.id, await head(ws)));
    }
    await writes;
    const after = [follow(world.hub, ws.id, 0), follow(world.hub, ws.id, 25), follow(world.hub, ws.id, await head(ws))];
    const top = await expectComplete(ws, [...before, ...during, ...after]);
    expect(top).toBeGreaterThanOrEqual(160);
    const claimed = before[0].events.filter((e) => e.type === 'ownership.claimed').length;
    expect(claimed).toBe(80);
  });

  it('a subscriber on a fresh hub, far behind (beyond one page and the buffer), gets everything with no further writes', async () => {
    const ws = await world.workspace();
    await bulk(ws, 5_000);
    const hub = new FeedHub(world.store);
    hubs.push(hub);
    const far = follow(hub, ws.id, 0);
    const mid = follow(hub, ws.id, 1_234);
    await expectComplete(ws, [far, mid]);
  });

  it('subscribers far behind a warm buffer, and a stalled one, catch up through pages and then the buffer', async () => {
    const ws = await world.workspace();
    const live = follow(world.hub, ws.id, 0);
    await bulk(ws, 3_000);
    await waitUntil(
      () => live.last() >= 3_003,
      () => `live at ${live.last()}`,
    );
    let released: () => void = () => undefined;
    const gate = new Promise<void>((r) => (released = r));
    let held = 0;
    const stalled = follow(world.hub, ws.id, 0, { pace: () => (held++ === 10 ? gate : Promise.resolve()) });
    await bulk(ws, 2_600, 37);
    const top = await head(ws);
    const fromZero = follow(world.hub, ws.id, 0);
    const outsideBuffer = follow(world.hub, ws.id, top - 2_300);
    const onePageBack = follow(world.hub, ws.id, top - 501);
    const writes = bulk(ws, 1_500, 7);
    // The stalled one stops at its 11th event however slow the machine is, and stays there while the others go on.
    await waitUntil(
      () => stalled.events.length >= 11,
      () => `stalled at ${stalled.events.length}`,
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(stalled.events.length).toBe(11);
    released();
    await writes;
    await expectComplete(ws, [live, stalled, fromZero, outsideBuffer, onePageBack]);
  });

  it('many concurrent subscribers starting at random points all converge on the same log', async () => {
    const ws = await world.workspace();
    const agents = await Promise.all(['Ana', 'Bo', 'Cy'].map((n) => ws.member(n)));
    const convs = await Promise.all(range(1, 6).map((i) => ws.conversation(`Chat ${i}`, `3462200000${i}@c.us`)));
    await bulk(ws, 800);
    const rnd = prng(7);
    const fs: Follower[] = [];
    const writes = Promise.all([...agents.map((a, i) => toggle(ws, a, [convs[2 * i].id, convs[2 * i + 1].id], 30)), bulk(ws, 2_500, 25)]);
    for (let i = 0; i < 200; i++) {
      if (i % 20 === 0) await new Promise((r) => setTimeout(r, 2));
      fs.push(follow(world.hub, ws.id, Math.floor(rnd() * (await head(ws)))));
    }
    await writes;
    await expectComplete(ws, fs);
  });

  it('stays exact when reads return late and out of order (as over a network to PostgreSQL), for generators and direct writes', async () => {
    const ws = await world.workspace();
    const rnd = prng(11);
    let late = 0;
    const hub = hubWithReads(async (read) => {
      const result = await read();
      late++;
      await new Promise((r) => setTimeout(r, rnd() * 4));
      return result;
    });
    const fs: Follower[] = [follow(hub, ws.id, 0)];
    const writes = (async () => {
      for (let i = 0; i < 40; i++) {
        await bulk(ws, 1 + Math.floor(rnd() * 300), 1_000);
        await new Promise((r) => setTimeout(r, rnd() * 6));
      }
    })();
    for (let i = 0; i < 40; i++) {
      await new Promise((r) => setTimeout(r, rnd() * 8));
      // Half of them with a direct writer: the hub's pass reads late too.
      fs.push(follow(hub, ws.id, Math.max(0, (await head(ws)) - Math.floor(rnd() * 700)), i % 2 ? { direct: { ready: () => true } } : {}));
    }
    await writes;
    await expectComplete(ws, fs);
    expect(late).toBeGreaterThan(40);
  });

  it('subscribers waiting at the same point share one table read: 300 idle feeds woken by one event do not read 300 times', async () => {
    const ws = await world.workspace();
    await bulk(ws, 3);
    const { hub, reads } = countingHub();
    const at = await head(ws);
    const fs = Array.from({ length: 300 }, () => follow(hub, ws.id, at));
    await bulk(ws, 1);
    await expectComplete(ws, fs);
    // Their first reads (all after the same id) and the read of the new event, each shared: a handful, not hundreds.
    expect(reads()).toBeGreaterThan(0);
    expect(reads()).toBeLessThan(10);
  });

  it('abort ends an idle generator, and a generator aborted mid-backlog yields nothing more', async () => {
    const ws = await world.workspace();
    const idle = follow(world.hub, ws.id, 0);
    await waitUntil(
      () => idle.last() === 3,
      () => `idle at ${idle.last()}`,
    );
    await idle.stop();
    await bulk(ws, 10);
    await new Promise((r) => setTimeout(r, 20));
    expect(idle.ids()).toEqual([1, 2, 3]);
    expect(idle.error()).toBeNull();

    await bulk(ws, 1_200);
    const ac = new AbortController();
    const gen = world.hub.subscribe(ws.id, 0, ac.signal);
    const got: number[] = [];
    for (let i = 0; i < 5; i++) got.push((await gen.next()).value!.id);
    ac.abort();
    const rest: number[] = [];
    for (;;) {
      const r = await gen.next();
      if (r.done) break;
      rest.push(r.value.id);
    }
    expect(got).toEqual([1, 2, 3, 4, 5]);
    expect(rest).toEqual([]);
  });

  it('a consumer that breaks out of the loop releases the subscription and others carry on', async () => {
    const ws = await world.workspace();
    const ac = new AbortController();
    const seen: number[] = [];
    for await (const e of world.hub.subscribe(ws.id, 0, ac.signal)) {
      seen.push(e.id);
      if (e.id === 2) break;
    }
    const other = follow(world.hub, ws.id, 0);
    await bulk(ws, 50);
    expect(seen).toEqual([1, 2]);
    await expectComplete(ws, [other]);
  });

  it('holds at most BUFFER events per workspace, and nothing for a workspace once its last subscriber leaves', async () => {
    const ws = await world.workspace();
    const hub = new FeedHub(world.store);
    hubs.push(hub);
    const a = follow(hub, ws.id, 0);
    const b = follow(hub, ws.id, 0);
    await bulk(ws, BUFFER * 3);
    await expectComplete(ws, [a, b]);
    expect(hub.bufferedEvents()).toBeGreaterThan(0);
    expect(hub.bufferedEvents()).toBeLessThanOrEqual(BUFFER);
    await a.stop();
    expect(hub.bufferedEvents()).toBeGreaterThan(0);
    await b.stop();
    expect(hub.bufferedEvents()).toBe(0);
    const again = follow(hub, ws.id, BUFFER);
    await bulk(ws, 10);
    await expectComplete(ws, [again]);
  });

  it('followers with a direct writer get every event once and in order, written or yielded, as their writers come and go', async () => {
    const ws = await world.workspace();
    const hub = new FeedHub(world.store);
    hubs.push(hub);
    const rnd = prng(7);
    const agent = await ws.member('Ana');
    const convs = await Promise.all([1, 2, 3].map((i) => ws.conversation(`Chat ${i}`, `3462200000${i}@c.us`)));
    await bulk(ws, 40);
    const fs = [0, 10, 40].map((after) => follow(hub, ws.id, after, { direct: { ready: () => rnd() < 0.7 } }));
    // Paced, so followers reach the head and park between writes as well as catch up behind them.
    const paced = async (write: () => Promise<unknown>) => {
      for (let i = 0; i < 30; i++) {
        await write();
        await new Promise((r) => setTimeout(r, i % 3));
      }
    };
    const ids = convs.map((c) => c.id);
    const writes = Promise.all([paced(() => toggle(ws, agent, ids, 1 + (ids.length % 2))), paced(() => bulk(ws, 13, 7))]);
    fs.push(follow(hub, ws.id, 20, { direct: { ready: () => true } }));
    await writes;
    await expectComplete(ws, fs);
    expect(hub.delivered.written).toBeGreaterThan(0);
    expect(hub.delivered.yielded).toBeGreaterThan(0);
  });

  it('one pass writes a new event to every parked follower: no generator runs, the table is read once', async () => {
    const ws = await world.workspace();
    await bulk(ws, 3);
    const { hub, reads } = countingHub();
    const fs = Array.from({ length: 300 }, () => follow(hub, ws.id, 0, { direct: { ready: () => true } }));
    await expectComplete(ws, fs);
    await bulk(ws, 1);
    await expectComplete(ws, fs);
    const before = { ...hub.delivered, reads: reads() };
    await bulk(ws, 1);
    await expectComplete(ws, fs);
    expect(hub.delivered.written - before.written).toBe(300);
    expect(hub.delivered.yielded - before.yielded).toBe(0);
    // The new row and its conversations: one page read for all 300.
    expect(reads() - before.reads).toBeGreaterThan(0);
    expect(reads() - before.reads).toBeLessThanOrEqual(2);
  });

  it("a mutation's events reach this instance's followers without a table read, as a read would give them", async () => {
    const ws = await world.workspace();
    const agent = await ws.member('Ana');
    const ids = (await Promise.all([1, 2, 3].map((i) => ws.conversation(`Chat ${i}`, `3463300000${i}@c.us`)))).map((c) => c.id);
    const { hub, reads } = countingHub();
    const fs = [...Array.from({ length: 20 }, () => follow(hub, ws.id, 0, { direct: { ready: () => true } })), follow(hub, ws.id, 0)];
    await expectComplete(ws, fs);
    const before = { reads: reads(), handed: hub.handedOver };
    await toggle(ws, agent, ids, 4);
    const top = await expectComplete(ws, fs);
    expect(hub.handedOver - before.handed).toBe(12);
    expect(reads() - before.reads).toBe(0);
    // A hub that reads the same events back from the table gives them field for field alike; the conversation each
    // carries is the one its commit left (a read gives the newest), so each chat's last event carries the same one.
    const reader = follow(countingHub().hub, ws.id, top - 12);
    await expectComplete(ws, [reader]);
    const bare = (events: EventView[]) => events.map(({ conversation: _c, ...e }) => e);
    const lastOfEach = (events: EventView[]) => ids.map((id) => events.findLast((e) => e.conversationId === id)?.conversation);
    for (const f of fs) {
      const handed = f.events.slice(-12);
      expect(bare(handed)).toEqual(bare(reader.events));
      expect(handed.every((e) => e.conversation?.id === e.conversationId && e.conversation.version === (e.data as { version: number }).version)).toBe(true);
      expect(lastOfEach(handed)).toEqual(lastOfEach(reader.events));
    }
  });

  it('events handed over after a gap are read from the table instead: each once and in order', async () => {
    const ws = await world.workspace();
    await bulk(ws, 3);
    const { hub, reads } = countingHub();
    const f = follow(hub, ws.id, 0, { direct: { ready: () => true } });
    const at = await expectComplete(ws, [f]);
    // Two commits whose signals arrive out of order: the second's events cannot follow the buffer, the first's can.
    for (const n of [1, 2])
      await world.store.transaction((tx) =>
        world.store.events.append(tx, ws.id, ws.admin.id, Date.now(), [{ type: 'note.added', conversationId: null, data: { n } }]),
      );
    const [first, second] = await world.store.events.readAfter(ws.id, at, 10);
    const before = { reads: reads(), handed: hub.handedOver };
    hub.signal(ws.id, second.id, [second]);
    hub.signal(ws.id, first.id, [first]);
    await expectComplete(ws, [f]);
    expect(hub.handedOver - before.handed).toBe(1);
    expect(reads() - before.reads).toBeGreaterThan(0);
    expect(f.events.slice(-2)).toEqual([first, second]);
  });

  it('a direct write that asks to stop ends the subscription after that event', async () => {
    const ws = await world.workspace();
    await bulk(ws, 2);
    const at = await head(ws);
    const f = follow(world.hub, ws.id, 0, { direct: { ready: () => true, endAt: at + 3 } });
    await waitUntil(
      () => f.last() === at,
      () => `catch-up, at ${f.last()}`,
    );
    for (let i = 0; i < 6; i++) await bulk(ws, 1);
    await f.finished;
    expect(f.ids()).toEqual(range(1, at + 3));
    expect(f.error()).toBeNull();
  });
});
