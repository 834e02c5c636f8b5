import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Role } from '../../utils/schemas/common';
import { httpClient } from './support/http-client';
import { tempDbPath } from './support/harness';
import type { SpawnedServer } from './support/spawn-server';
import { checkHistory, type OpName, type OpRecord } from './race/history-checker';
import { bootstrapWorkspace, readStore, Recorder, rng, startServer, type Member } from './race/race-harness';

const CLIENTS = 20;
const KILL_AFTER_ACKS = 150;
const OWNERSHIP_OPS = new Set<OpName>(['claim', 'release', 'handoff', 'takeOver']);

const started: SpawnedServer[] = [];
const dbDirs: string[] = [];
afterEach(async () => {
  // Only the servers this file spawned, each by its own child handle.
  for (const s of started.splice(0)) await s.kill('SIGKILL');
  for (const d of dbDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const acked = (r: OpRecord) => r.outcome.ok && r.outcome.eventId !== null;

/** One client of the load: claims, releases, notes and status changes on random chats, each with an idempotency key. */
async function loadClient(rec: Recorder, name: string, me: Member, convs: string[], stop: { killed: boolean }, seed: number) {
  const r = rng(seed);
  for (let n = 0; n < 1_000 && !stop.killed; n++) {
    const conv = r.pick(convs);
    const key = `${name}-op-${n}-${seed}`;
    const dice = r.next();
    const [op, input]: [OpName, Record<string, unknown>] =
      dice < 0.3 ? ['claim', { idempotencyKey: key }]
      : dice < 0.5 ? ['release', { idempotencyKey: key }]
      : dice < 0.75 ? ['note', { body: `${name} note ${n}: customer asked about delivery (${key})`, idempotencyKey: key }]
      : ['status', { status: r.pick(['open', 'pending', 'resolved'] as const), reason: 'load', idempotencyKey: key }];
    const out = await rec.run(name, me, op, conv, input);
    // A dead server ends this client: what it had in flight is retried after the restart.
    if (!out.outcome.ok && out.outcome.code === 'NETWORK') return;
    await sleep(r.int(0, 4));
  }
}

describe('crash safety: SIGKILL in the middle of the load, restart on the same file', () => {
  it('keeps every acknowledged change, contiguous event ids and a state that matches the log', async () => {
    const t0 = Date.now();
    const dbFile = tempDbPath('crash');
    dbDirs.push(path.dirname(dbFile));
    const first = await startServer({ dbFile, lockTtlMs: 5_000 });
    started.push(first);
    const people = Array.from({ length: CLIENTS }, (_, i) => ({ name: `Agent ${String(i + 1).padStart(2, '0')}`, role: 'agent' as Role }));
    const ws = await bootstrapWorkspace(first, [...people, { name: 'Mia Manager', role: 'manager' }]);
    const agents = ws.members.slice(0, CLIENTS);
    const manager = ws.members[CLIENTS];
    const convs: string[] = [];
    for (let i = 0; i < 8; i++) convs.push(await ws.conversation(`Crash chat ${i + 1}`));

    const tLoad = Date.now();
    const rec = new Recorder();
    const stop = { killed: false };
    const load = Promise.all(agents.map((m, i) => loadClient(rec, `client-${i + 1}`, m, convs, stop, 7_000 + i)));
    const deadline = Date.now() + 20_000;
    while (rec.history.filter(acked).length < KILL_AFTER_ACKS) {
      if (Date.now() > deadline) throw new Error(`only ${rec.history.filter(acked).length} changes acknowledged before the deadline`);
      await sleep(10);
    }
    // SIGKILL by the child's pid: no shutdown hook runs, in-flight requests die with the process.
    await first.kill('SIGKILL');
    expect(first.child.signalCode).toBe('SIGKILL');
    stop.killed = true;
    const tKill = Date.now();
    await load;
    const beforeCrash = [...rec.history];
    const lostInFlight = beforeCrash.filter((r) => !r.outcome.ok && r.outcome.code === 'NETWORK');
    // The kill really landed mid-load: clients were still sending when the server died.
    expect(lostInFlight.length).toBeGreaterThanOrEqual(1);
    expect(beforeCrash.filter(acked).length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);

    const second = await startServer({ dbFile, lockTtlMs: 5_000 });
    started.push(second);
    // Same tokens, new address: members survive the crash too.
    const again = (m: Member): Member => ({ ...m, api: httpClient(second.url, m.token) });
    const byId = new Map([...agents, manager].map((m) => [m.id, again(m)]));
    // Retrying with the same idempotency key applies a request at most once, whether or not it landed before the crash.
    const retries = await Promise.all(lostInFlight.map((r) => rec.run(`${r.client}-retry`, byId.get(r.memberId)!, r.op, r.conversationId, r.input)));
    expect(retries.filter((r) => !r.outcome.ok && !['CONFLICT', 'BAD_REQUEST'].includes(r.outcome.code)).map((r) => r.outcome)).toEqual([]);

    const views = new Map<string, { ownerId: string | null; status: string; version: number }>();
    for (const c of convs) views.set(c, await byId.get(manager.id)!.api.conversations.get.query({ conversationId: c }));
    // The restarted server takes new writes: a manager takes one chat over (or claims it) and adds a note.
    const target = convs[0];
    const move = views.get(target)!.ownerId
      ? await rec.run('after-restart', byId.get(manager.id)!, 'takeOver', target, { reason: 'checking the restart' })
      : await rec.run('after-restart', byId.get(manager.id)!, 'claim', target, {});
    const note = await rec.run('after-restart', byId.get(manager.id)!, 'note', target, { body: 'written after the restart' });
    expect(move.outcome).toMatchObject({ ok: true, owner: manager.id });
    expect(note.outcome.ok).toBe(true);
    const afterRestart = (await byId.get(manager.id)!.api.conversations.get.query({ conversationId: target }));
    expect(afterRestart.ownerId).toBe(manager.id);

    await second.kill('SIGTERM');
    const store = readStore(dbFile);
    const ids = store.events.map((e) => e.id);

    // Event ids are exactly 1..N with no hole, and the counter agrees with the table.
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => i + 1));
    expect(store.lastEventId).toBe(ids.length);
    // The first write after the restart got the next id after everything acknowledged before the crash.
    const ackedBefore = beforeCrash.filter(acked).map((r) => (r.outcome.ok ? r.outcome.eventId! : 0));
    expect(move.outcome.ok && move.outcome.eventId!).toBeGreaterThan(Math.max(...ackedBefore));
    expect(note.outcome.ok && note.outcome.eventId).toBe(ids.length);

    // Every acknowledged change is in the log as acknowledged, ownership replays cleanly, stored owners and fences match.
    expect(checkHistory({ history: rec.history, events: store.events, finalStates: store.conversations })).toEqual([]);
    const byEvent = new Map(store.events.map((e) => [e.id, e]));
    for (const r of rec.history.filter((x) => x.op === 'note' && acked(x))) {
      const e = byEvent.get(r.outcome.ok ? r.outcome.eventId! : -1)!;
      expect(e.data.body).toBe(r.input.body);
      expect(store.noteIds.has(String(e.data.noteId))).toBe(true);
    }
    // A note whose request died in flight and was retried is in the log once, never twice.
    for (const r of lostInFlight.filter((x) => x.op === 'note')) {
      expect(store.events.filter((e) => e.type === 'note.added' && e.data.body === r.input.body).length).toBeLessThanOrEqual(1);
    }

    const viewed = new Map([...views, [target, afterRestart]]);
    for (const c of convs) {
      const log = store.events.filter((e) => e.conversationId === c);
      const mine = rec.history.filter((r) => r.conversationId === c && acked(r));
      const lastAck = (ops: Set<OpName>) => Math.max(0, ...mine.filter((r) => ops.has(r.op)).map((r) => (r.outcome.ok ? r.outcome.eventId! : 0)));
      const view = viewed.get(c)!;
      // Owner: the projection of the last ownership event, which is the last acknowledged one or a later one.
      const ownership = log.filter((e) => e.type.startsWith('ownership.'));
      const lastOwnership = ownership.at(-1);
      expect(lastOwnership?.id ?? 0).toBeGreaterThanOrEqual(lastAck(OWNERSHIP_OPS));
      expect(view.ownerId).toBe(lastOwnership ? (lastOwnership.data.to as string | null) : null);
      // Status: the same rule for status changes; chats start open.
      const statuses = log.filter((e) => e.type === 'status.changed');
      expect(statuses.at(-1)?.id ?? 0).toBeGreaterThanOrEqual(lastAck(new Set<OpName>(['status'])));
      expect(view.status).toBe(statuses.length ? statuses.at(-1)!.data.to : 'open');
      // Versions never go back past what a client was told.
      expect(view.version).toBeGreaterThanOrEqual(Math.max(0, ...mine.map((r) => (r.outcome.ok ? r.outcome.version : 0))));
    }
    const timings = { setupMs: tLoad - t0, loadUntilKillMs: tKill - tLoad, afterKillMs: Date.now() - tKill };
    console.info(`crash: ${beforeCrash.filter(acked).length} acked before the kill, ${lostInFlight.length} in flight, ${retries.filter(acked).length} retries acked, ${ids.length} events after restart, timings ${JSON.stringify(timings)}`);
  });
});
