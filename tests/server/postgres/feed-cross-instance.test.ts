import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventView } from '../../../utils/schemas/events';
import { httpClient } from '../support/http-client';
import { createConversations, toggleOwnership } from '../support/claim-writer';
import { follow, groupsOf, range, type Follower } from '../support/feed-follower';
import { LOAD_TEST_LIMITS, spawnServer, type SpawnedServer } from '../support/spawn-server';
import { adminInviteCode } from '../race/race-harness';
import { listenerOf, pgDatabase, pickPort, terminateBackends, waitForListener, type PgDatabase } from './pg-support';
import { PG_URL } from '../support/stores';

/**
 * The live feed across two server instances on one PostgreSQL schema: a commit on one instance wakes the
 * other (LISTEN/NOTIFY carrying only the id), whose subscribers catch up from the event table by id. Each
 * test compares every subscriber with the event table itself: ids 1..N, each once, in order, same events.
 */

type Client = ReturnType<typeof httpClient>;

const servers: SpawnedServer[] = [];
const followers: Follower[] = [];
const databases: PgDatabase[] = [];
afterEach(async () => {
  for (const f of followers.splice(0)) f.stop();
  // Only the processes this file spawned, by their own child handles.
  await Promise.all(servers.splice(0).map((s) => s.kill('SIGKILL')));
  for (const db of databases.splice(0)) await db.cleanup();
});

async function waitUntil(cond: () => boolean, what: () => string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what()}`);
    await sleep(25);
  }
}

async function start(db: PgDatabase, port: number): Promise<SpawnedServer> {
  const server = await spawnServer({ DATABASE_URL: db.url, ...LOAD_TEST_LIMITS }, port);
  servers.push(server);
  return server;
}

/** Two instances on a fresh schema (the first creates the workspace), the admin signed in on both. */
async function boot() {
  const db = pgDatabase('feed_x');
  databases.push(db);
  const ports = [await pickPort(), await pickPort()];
  const s1 = await start(db, ports[0]);
  const s2 = await start(db, ports[1]);
  const { token, workspaceId } = await httpClient(s1.url).auth.redeemInvite.mutate({ code: await adminInviteCode(s1), name: 'Ada Admin' });
  return { db, ports, servers: [s1, s2], token, workspaceId, on1: httpClient(s1.url, token), on2: httpClient(s2.url, token) };
}

const conversations = createConversations;

const write = (client: Client, groups: string[][], opts: { rounds?: number; tolerate?: boolean }) => toggleOwnership(client, groups, { ...opts, pauseMs: 5 });

async function readLog(db: PgDatabase, workspaceId: string) {
  const rows = await db.query<{ id: number; type: string; conversation_id: string | null }>(
    'select id, type, conversation_id from events where workspace_id = $1 order by id',
    [workspaceId],
  );
  return rows.map((r) => ({ id: Number(r.id), type: r.type, conversationId: r.conversation_id }));
}
async function readHead(db: PgDatabase, workspaceId: string): Promise<number> {
  const rows = await db.query<{ head: number }>('select last_event_id as head from workspaces where id = $1', [workspaceId]);
  return Number(rows[0].head);
}
const shape = (events: EventView[]) => events.map((e) => ({ id: e.id, type: e.type as string, conversationId: e.conversationId }));

async function waitForAll(fs: Follower[], top: number) {
  await waitUntil(
    () => fs.every((f) => f.last() >= top),
    () => `subscribers to reach event ${top}; at ${fs.map((f) => f.last()).join(', ')}; errors: ${fs.flatMap((f) => f.errors.map(String)).join('; ')}`,
  );
}

function expectExact(f: Follower, log: Awaited<ReturnType<typeof readLog>>) {
  expect(f.errors).toEqual([]);
  expect(f.idMismatches).toBe(0);
  expect(f.ids()).toEqual(range(f.after + 1, log.length));
  expect(shape(f.events)).toEqual(log.slice(f.after));
}

/**
 * Single claims/releases through `writer`, each waited for on `follower`: the time from sending the write to the
 * delivery on the other instance. The safety poll runs every 5 s, so a median far below that is NOTIFY's doing.
 */
async function crossLags(writer: Client, follower: Follower, conversationId: string, n: number): Promise<number[]> {
  const lags: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = Date.now();
    const out = i % 2 === 0 ? await writer.assignment.claim.mutate({ conversationId }) : await writer.assignment.release.mutate({ conversationId });
    await waitUntil(
      () => follower.arrivals.has(out.eventId!),
      () => `event ${out.eventId} on the other instance`,
      15_000,
    );
    lags.push(follower.arrivals.get(out.eventId!)! - t0);
  }
  return lags;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('events.feed across two server instances on one PostgreSQL', () => {
  it('a subscriber on instance 2 receives every event committed through instance 1 (and 2) exactly once, in order, without waiting for the poll', async () => {
    const b = await boot();
    const convs1 = await conversations(b.on1, 8, '34600000001', 34621000000);
    const convs2 = await conversations(b.on2, 4, '34600000002', 34622000000);
    const on2 = [follow(b.on2, null, followers), follow(b.on2, 0, followers), follow(b.on2, 3, followers)];
    const on1 = follow(b.on1, 0, followers);
    await waitForAll([...on2, on1], await readHead(b.db, b.workspaceId));
    // Quiet: one write at a time through instance 1, delivered on instance 2.
    const lags = await crossLags(b.on1, on2[0], convs1[0], 12);
    // Busy: writers on both instances at once, so the ids each instance hands out interleave.
    const w1 = write(b.on1, groupsOf(convs1.slice(2), 2), { rounds: 16 });
    const w2 = write(b.on2, groupsOf(convs2, 2), { rounds: 12 });
    const late: Follower[] = [];
    while (late.length < 2) {
      await sleep(100);
      late.push(follow(b.on2, w1.state.top, followers));
    }
    await Promise.all([w1.done, w2.done]);
    const top = await readHead(b.db, b.workspaceId);
    const all = [...on2, ...late, on1];
    await waitForAll(all, top);
    const log = await readLog(b.db, b.workspaceId);
    expect(log.map((e) => e.id)).toEqual(range(1, top));
    for (const f of all) expectExact(f, log);
    // Both instances committed into the one sequence, interleaved.
    const byInstance1 = new Set(convs1);
    const owners = log.filter((e) => e.type === 'ownership.claimed').map((e) => (byInstance1.has(e.conversationId!) ? 1 : 2));
    expect(owners.filter((x) => x === 1).length).toBeGreaterThanOrEqual(8 * 3);
    expect(owners.filter((x) => x === 2).length).toBeGreaterThanOrEqual(4 * 3);
    expect(owners.some((x, i) => i > 0 && x !== owners[i - 1])).toBe(true);
    console.info(`cross-instance: ${top} events; quiet delivery lags 1 -> 2 (ms) ${JSON.stringify(lags)}`);
    expect(median(lags)).toBeLessThan(1_000);
  });

  it('keeps every event, once and in order, across SIGKILL/SIGTERM restarts of the writing and of the subscribing instance', async () => {
    const b = await boot();
    const convs = await conversations(b.on1, 6, '34600000001', 34623000000);
    // `auto` resumes by itself (the tRPC client reconnects with the last tracked id); `manual` is resubscribed by hand.
    const auto = follow(b.on2, null, followers);
    let manual = follow(b.on2, null, followers);
    const segments: EventView[][] = [];
    const w = write(b.on1, groupsOf(convs, 2), { tolerate: true });
    const [s1, s2] = b.servers;
    const current = [s1, s2];
    const plan: Array<{ which: 0 | 1; signal: NodeJS.Signals }> = [
      { which: 0, signal: 'SIGKILL' },
      { which: 1, signal: 'SIGTERM' },
      { which: 0, signal: 'SIGTERM' },
      { which: 1, signal: 'SIGKILL' },
    ];
    const restarts: string[] = [];
    for (const step of plan) {
      const okBefore = w.state.ok;
      await waitUntil(
        () => w.state.ok >= okBefore + 30 && auto.last() >= w.state.top - 40,
        () => `writes before restarting instance ${step.which + 1}`,
      );
      const t = Date.now();
      await current[step.which].kill(step.signal);
      if (step.which === 1) {
        // The subscriber's own instance died: what the manual one saw so far is a segment; it resumes from its last id.
        manual.stop();
        segments.push([...manual.events]);
      }
      await sleep(300);
      current[step.which] = await start(b.db, b.ports[step.which]);
      if (step.which === 1) manual = follow(b.on2, segments.at(-1)!.at(-1)?.id ?? 0, followers);
      restarts.push(`instance ${step.which + 1} ${step.signal} ${Date.now() - t} ms`);
      const okAfter = w.state.ok;
      await waitUntil(
        () => w.state.ok >= okAfter + 30,
        () => `writes after restarting instance ${step.which + 1}`,
      );
    }
    w.state.stop = true;
    await w.done;
    const top = await readHead(b.db, b.workspaceId);
    await waitForAll([auto, manual], top);
    const log = await readLog(b.db, b.workspaceId);
    expect(log.map((e) => e.id)).toEqual(range(1, top));
    expectExact(auto, log);
    const pieced = [...segments.flat(), ...manual.events];
    expect(pieced.map((e) => e.id)).toEqual(range(1, top));
    expect(shape(pieced)).toEqual(log);
    expect(manual.errors).toEqual([]);
    // The writer really lost requests while its instance was down, and wrote on both sides of each restart.
    expect(w.state.failed).toBeGreaterThanOrEqual(1);
    console.info(`cross-instance restarts: ${top} events, ${w.state.ok} writes ok, ${w.state.failed} failed while down; ${restarts.join('; ')}`);
  }, 90_000);

  it("survives pg_terminate_backend of instance 2's LISTEN connection (and of all its connections): the listener comes back and nothing is lost or repeated", async () => {
    const b = await boot();
    const [, s2] = b.servers;
    const convs = await conversations(b.on1, 6, '34600000001', 34624000000);
    const f = follow(b.on2, 0, followers);
    const w = write(b.on1, groupsOf(convs.slice(1), 1), { tolerate: false });
    const terminated: number[] = [];
    let listener = await waitForListener(s2.pid, null);
    // Terminate the listener three times while writes keep committing on instance 1.
    for (let i = 0; i < 3; i++) {
      const okBefore = w.state.ok;
      await waitUntil(
        () => w.state.ok >= okBefore + 25,
        () => 'writes before terminating the listener',
      );
      expect(await terminateBackends([listener.pid])).toBe(1);
      terminated.push(listener.pid);
      const next = await waitForListener(s2.pid, listener.pid);
      expect(terminated).not.toContain(next.pid);
      expect(next.backendStart.getTime()).toBeGreaterThanOrEqual(listener.backendStart.getTime());
      listener = next;
    }
    w.state.stop = true;
    await w.done;
    // After the reconnects the listener delivers promptly again (not just through the 5 s safety poll).
    const lags = await crossLags(b.on1, f, convs[0], 8);
    expect(median(lags)).toBeLessThan(1_000);

    // Then every connection instance 2 has (pool and listener) while it is quiet: it must survive, reconnect and go on.
    const top1 = await readHead(b.db, b.workspaceId);
    await waitForAll([f], top1);
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    const mine = await admin.query('select pid from pg_stat_activity where application_name in ($1, $2)', [`inbox ${s2.pid}`, `inbox-listen ${s2.pid}`]);
    await admin.end();
    expect(mine.rows.length).toBeGreaterThanOrEqual(2);
    await terminateBackends(mine.rows.map((r) => Number(r.pid)));
    await waitForListener(s2.pid, listener.pid);
    expect(s2.child.exitCode).toBeNull();
    expect((await fetch(`${s2.url}/health`)).status).toBe(200);
    const w2 = write(b.on1, groupsOf(convs.slice(1), 1), { rounds: 6 });
    await w2.done;

    const top = await readHead(b.db, b.workspaceId);
    await waitForAll([f], top);
    const log = await readLog(b.db, b.workspaceId);
    expect(log.map((e) => e.id)).toEqual(range(1, top));
    expectExact(f, log);
    expect(await listenerOf(s2.pid)).not.toBeNull();
    console.info(`listener terminated ${terminated.length}x (+ all connections once), ${top} events, lags after reconnect (ms) ${JSON.stringify(lags)}`);
  }, 90_000);
});
