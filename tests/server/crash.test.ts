import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Role } from '../../utils/schemas/common';
import { httpClient } from './support/http-client';
import { tempDbPath } from './support/harness';
import type { SpawnedServer } from './support/spawn-server';
import { acked, expectNothingLost, loadClient } from './support/crash-checks';
import { bootstrapWorkspace, readStore, Recorder, startServer, type Member } from './race/race-harness';

const CLIENTS = 20;
const KILL_AFTER_ACKS = 150;

const started: SpawnedServer[] = [];
const dbDirs: string[] = [];
afterEach(async () => {
  // Only the servers this file spawned, each by its own child handle.
  for (const s of started.splice(0)) await s.kill('SIGKILL');
  for (const d of dbDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

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
    const stop = { done: false };
    const load = Promise.all(agents.map((m, i) => loadClient(rec, `client-${i + 1}`, m, convs, stop, 7_000 + i)));
    const deadline = Date.now() + 20_000;
    while (rec.history.filter(acked).length < KILL_AFTER_ACKS) {
      if (Date.now() > deadline) throw new Error(`only ${rec.history.filter(acked).length} changes acknowledged before the deadline`);
      await sleep(10);
    }
    // SIGKILL by the child's pid: no shutdown hook runs, in-flight requests die with the process.
    await first.kill('SIGKILL');
    expect(first.child.signalCode).toBe('SIGKILL');
    stop.done = true;
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
    const afterRestart = await byId.get(manager.id)!.api.conversations.get.query({ conversationId: target });
    expect(afterRestart.ownerId).toBe(manager.id);

    await second.kill('SIGTERM');
    const store = readStore(dbFile);
    const ids = store.events.map((e) => e.id);
    expectNothingLost({
      store,
      history: rec.history,
      ackedBefore: beforeCrash,
      lostInFlight,
      move,
      note,
      convs,
      views: new Map([...views, [target, afterRestart]]),
    });
    const timings = { setupMs: tLoad - t0, loadUntilKillMs: tKill - tLoad, afterKillMs: Date.now() - tKill };
    console.info(
      `crash: ${beforeCrash.filter(acked).length} acked before the kill, ${lostInFlight.length} in flight, ${retries.filter(acked).length} retries acked, ${ids.length} events after restart, timings ${JSON.stringify(timings)}`,
    );
  });
});
