import { afterAll, describe, expect, it } from 'vitest';
import { checkHistory, countByKind } from '../race/history-checker';
import { runRace, type RaceResult } from '../race/race-harness';
import { count, expectContentionAndFencing } from '../race/run-expectations';
import { pgDatabase, type PgDatabase } from './pg-support';

/**
 * The race harness of the server core, unchanged, with its clients spread round-robin over two server
 * processes on one PostgreSQL schema: the compare-and-sets must hold across instances, not just inside one.
 */

const databases: PgDatabase[] = [];
afterAll(async () => {
  // runRace drops its schema itself; this is the net for a run that died before it got that far.
  for (const db of databases.splice(0)) await db.cleanup();
});

function database(prefix: string): PgDatabase {
  const db = pgDatabase(prefix);
  databases.push(db);
  return db;
}

const across = (run: RaceResult, a: string | null | undefined, b: string | null | undefined) => !!a && !!b && run.memberInstance[a] !== run.memberInstance[b];

describe('race over real HTTP against two server instances on one PostgreSQL', () => {
  it('with fencing: 50 clients on 2 instances leave no violation, and the race really was contended across instances', async () => {
    const db = database('race_safe');
    const run = await runRace({ unsafe: false, database: db, instances: 2 });
    const violations = checkHistory(run);
    const refusals = run.history.filter((r) => !r.outcome.ok).map((r) => (r.outcome.ok ? '' : `${r.outcome.code}:${r.outcome.reason ?? ''}`));
    const tally = Object.fromEntries([...new Set(refusals)].map((k) => [k, refusals.filter((x) => x === k).length]));
    console.info(
      `pg safe race, 2 instances: ${run.history.length} ops, ${run.events.length} events, refusals ${JSON.stringify(tally)}, timings ${JSON.stringify(run.timings)}, violations ${violations.length}`,
    );
    expect(violations).toEqual([]);

    // Both instances really served: half the members each, and each accepted writes (how many depends on how
    // far the load got before its deadline on a busy machine, hence the low floor).
    expect(run.instances).toBe(2);
    const okOn = (i: number) => count(run, (r) => r.outcome.ok && r.outcome.eventId !== null && run.memberInstance[r.memberId] === i);
    expect(okOn(0)).toBeGreaterThanOrEqual(10);
    expect(okOn(1)).toBeGreaterThanOrEqual(10);
    // Event ids: exactly 1..N, whichever instance committed them.
    expect(run.events.map((e) => e.id)).toEqual(run.events.map((_, i) => i + 1));

    expect(run.history.filter((r) => !r.outcome.ok && !['CONFLICT', 'FORBIDDEN', 'BAD_REQUEST'].includes(r.outcome.code)).map((r) => r.outcome)).toEqual([]);
    // Each claim storm has exactly one winner, and the losers on the other instance are told who won too.
    for (const conv of run.storms) {
      const claims = run.history.filter((r) => r.conversationId === conv && r.op === 'claim');
      const winners = claims.filter((r) => r.outcome.ok && r.outcome.changed);
      expect(winners).toHaveLength(1);
      const losers = claims.filter((r) => !r.outcome.ok && r.outcome.ownerId === winners[0].memberId);
      expect(losers).toHaveLength(claims.length - 1);
      expect(losers.filter((r) => across(run, r.memberId, winners[0].memberId)).length).toBeGreaterThanOrEqual(24);
    }
    expectContentionAndFencing(run);
    // A good part of the contention was between members on different instances.
    const hot = new Set(run.hot);
    expect(
      count(
        run,
        (r) => hot.has(r.conversationId) && !r.outcome.ok && r.outcome.code === 'CONFLICT' && across(run, r.memberId, r.outcome.ownerId ?? r.outcome.holderId),
      ),
    ).toBeGreaterThanOrEqual(10);
    // Scenario 1 (nobody owns the chat, the lease alone decides) ran its two writers on different instances.
    const s1 = run.history.filter((r) => r.conversationId === run.scripted.unowned && r.op === 'lockAcquire');
    expect(across(run, s1[0].memberId, s1[1].memberId)).toBe(true);
  }, 90_000);

  it('control: the same harness on 2 unfenced control servers finds two owners, stale-token writes and renewals of expired leases', async () => {
    const db = database('race_unsafe');
    const run = await runRace({ unsafe: true, database: db, instances: 2 });
    const violations = checkHistory(run);
    const kinds = countByKind(violations);
    console.info(
      `pg unsafe race, 2 instances: ${run.history.length} ops, ${run.events.length} events, timings ${JSON.stringify(run.timings)}, violations ${violations.length} ${JSON.stringify(kinds)}`,
    );
    expect(violations.length).toBeGreaterThan(0);
    expect(kinds['stale-token'] ?? 0).toBeGreaterThanOrEqual(3);
    expect(kinds['two-owners'] ?? 0).toBeGreaterThanOrEqual(1);
    for (const conv of [run.scripted.unowned, run.scripted.takenOver, run.scripted.released]) {
      expect(violations.some((v) => v.kind === 'stale-token' && v.conversationId === conv)).toBe(true);
    }
    expect(violations.some((v) => v.kind === 'expired-lease-write' && v.conversationId === run.scripted.expired)).toBe(true);
    // The read-outside-the-transaction race shows up between instances: some storm has more than one claim winner.
    const multiWinner = run.storms.filter(
      (conv) => run.history.filter((r) => r.conversationId === conv && r.op === 'claim' && r.outcome.ok && r.outcome.changed).length > 1,
    );
    expect(multiWinner.length).toBeGreaterThanOrEqual(1);
  }, 90_000);
});
