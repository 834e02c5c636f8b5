import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Role } from '../../../utils/schemas/common';
import type { SpawnedServer } from '../support/spawn-server';
import type { OpRecord } from '../race/history-checker';
import { acked, expectNothingLost, loadClient } from '../support/crash-checks';
import { bootstrapWorkspace, onServer, Recorder, startServer } from '../race/race-harness';
import { pgDatabase, pickPort, type PgDatabase } from './pg-support';

/**
 * SIGKILL of one of two instances on one PostgreSQL schema, in the middle of a load spread over both: the
 * other instance keeps serving, nothing acknowledged is lost, retries with the same idempotency key apply at
 * most once, and the restarted instance takes writes again.
 */

const CLIENTS = 20;
const KILL_AFTER_ACKS = 150;
const ACKS_AFTER_KILL = 100;

const started: SpawnedServer[] = [];
const databases: PgDatabase[] = [];
afterEach(async () => {
  // Only the servers this file spawned, each by its own child handle; then the run's schema goes.
  for (const s of started.splice(0)) await s.kill('SIGKILL');
  for (const db of databases.splice(0)) await db.cleanup();
});

describe('crash safety on PostgreSQL: SIGKILL one of two instances under load', () => {
  it('loses no acknowledged change, keeps the other instance serving, and the ids stay 1..N across instances', async () => {
    const t0 = Date.now();
    const db = pgDatabase('crash_x');
    databases.push(db);
    const port1 = await pickPort();
    const first = await startServer({ dbFile: db.url, lockTtlMs: 5_000, port: port1 });
    started.push(first);
    const second = await startServer({ dbFile: db.url, lockTtlMs: 5_000, port: await pickPort() });
    started.push(second);
    const people = Array.from({ length: CLIENTS }, (_, i) => ({ name: `Agent ${String(i + 1).padStart(2, '0')}`, role: 'agent' as Role }));
    const ws = await bootstrapWorkspace(first, [...people, { name: 'Mia Manager', role: 'manager' }]);
    // Round-robin: even agents on instance 1 (the one that dies), odd ones on instance 2.
    const agents = ws.members.slice(0, CLIENTS).map((m, i) => (i % 2 === 0 ? m : onServer(m, second)));
    const manager = ws.members[CLIENTS];
    const convs: string[] = [];
    for (let i = 0; i < 8; i++) convs.push(await ws.conversation(`Crash chat ${i + 1}`));

    const tLoad = Date.now();
    const rec = new Recorder();
    const stop = { done: false };
    const load = Promise.all(agents.map((m, i) => loadClient(rec, `client-${i + 1}`, m, convs, stop, 9_000 + i)));
    const waitAcks = async (n: number, what: string, pred: (r: OpRecord) => boolean = () => true) => {
      const deadline = Date.now() + 30_000;
      while (rec.history.filter((r) => acked(r) && pred(r)).length < n) {
        if (Date.now() > deadline) throw new Error(`only ${rec.history.filter((r) => acked(r) && pred(r)).length} changes acknowledged ${what}`);
        await sleep(10);
      }
    };
    await waitAcks(KILL_AFTER_ACKS, 'before the kill');
    // SIGKILL by the child's pid: no shutdown hook runs; its open transactions die with its connections.
    await first.kill('SIGKILL');
    expect(first.child.signalCode).toBe('SIGKILL');
    const tKill = Date.now();
    const ackedAtKill = rec.history.filter(acked).length;
    // The surviving instance goes on acknowledging under the same load (nothing of the dead one holds it up).
    await waitAcks(ACKS_AFTER_KILL, 'by the surviving instance after the kill', (r) => r.start > tKill);
    stop.done = true;
    await load;
    const history = [...rec.history];
    const onFirst = new Set(agents.filter((_, i) => i % 2 === 0).map((m) => m.id));
    const lostInFlight = history.filter((r) => !r.outcome.ok && r.outcome.code === 'NETWORK');
    // The kill landed mid-load: requests to instance 1 died in flight, and only those.
    expect(lostInFlight.length).toBeGreaterThanOrEqual(1);
    expect(lostInFlight.every((r) => onFirst.has(r.memberId))).toBe(true);
    expect(history.filter((r) => acked(r) && r.start > tKill).every((r) => !onFirst.has(r.memberId))).toBe(true);

    // Retried through the surviving instance with the same idempotency key: applied at most once either way.
    const byId = new Map([...agents, manager].map((m) => [m.id, onServer(m, second)]));
    const retries = await Promise.all(lostInFlight.map((r) => rec.run(`${r.client}-retry`, byId.get(r.memberId)!, r.op, r.conversationId, r.input)));
    expect(retries.filter((r) => !r.outcome.ok && !['CONFLICT', 'BAD_REQUEST'].includes(r.outcome.code)).map((r) => r.outcome)).toEqual([]);

    // Instance 1 comes back on its port and takes writes again.
    const again = await startServer({ dbFile: db.url, lockTtlMs: 5_000, port: port1 });
    started.push(again);
    const viaFirst = onServer(manager, again);
    const views = new Map<string, { ownerId: string | null; status: string; version: number }>();
    for (const c of convs) views.set(c, await viaFirst.api.conversations.get.query({ conversationId: c }));
    const target = convs[0];
    const move = views.get(target)!.ownerId
      ? await rec.run('after-restart', viaFirst, 'takeOver', target, { reason: 'checking the restart' })
      : await rec.run('after-restart', viaFirst, 'claim', target, {});
    const note = await rec.run('after-restart', viaFirst, 'note', target, { body: 'written after the restart' });
    expect(move.outcome).toMatchObject({ ok: true, owner: manager.id });
    expect(note.outcome.ok).toBe(true);
    const afterRestart = await byId.get(manager.id)!.api.conversations.get.query({ conversationId: target });
    expect(afterRestart.ownerId).toBe(manager.id);

    await again.kill('SIGTERM');
    await second.kill('SIGTERM');
    const store = await db.read();
    const ids = store.events.map((e) => e.id);
    expectNothingLost({
      store,
      history: rec.history,
      ackedBefore: history,
      lostInFlight,
      move,
      note,
      convs,
      views: new Map([...views, [target, afterRestart]]),
    });
    const timings = { setupMs: tLoad - t0, loadUntilKillMs: tKill - tLoad, afterKillMs: Date.now() - tKill };
    console.info(
      `pg crash: ${ackedAtKill} acked before the kill, ${history.filter(acked).length - ackedAtKill} after it on instance 2, ${lostInFlight.length} in flight, ${retries.filter(acked).length} retries acked, ${ids.length} events, timings ${JSON.stringify(timings)}`,
    );
  }, 90_000);
});
