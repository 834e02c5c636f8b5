import { describe, expect, it } from 'vitest';
import { checkHistory, countByKind, type LoggedEvent, type OpRecord, type OkOutcome } from './history-checker';
import { runRace } from './race-harness';
import { expectContentionAndFencing } from './run-expectations';

const A = 'mem_a';
const B = 'mem_b';
const C = 'conv_1';

/** Tiny hand-made worlds: events as the server would log them, ops as clients would record them. */
function world() {
  const events: LoggedEvent[] = [{ id: 1, type: 'conversation.created', conversationId: C, actorId: A, at: 1000, data: {} }];
  const history: OpRecord[] = [];
  const log = (type: string, actorId: string, at: number, data: Record<string, unknown>) => {
    const id = events.length + 1;
    events.push({ id, type, conversationId: C, actorId, at, data });
    return id;
  };
  const ok = (memberId: string, op: OpRecord['op'], start: number, outcome: Omit<OkOutcome, 'ok'>, input: Record<string, unknown> = {}) =>
    history.push({ seq: history.length, client: memberId, memberId, op, conversationId: C, input, start, end: start + 5, outcome: { ok: true, ...outcome } });
  const refused = (memberId: string, op: OpRecord['op'], start: number, reason: string, input: Record<string, unknown> = {}) =>
    history.push({
      seq: history.length,
      client: memberId,
      memberId,
      op,
      conversationId: C,
      input,
      start,
      end: start + 5,
      outcome: { ok: false, code: 'CONFLICT', reason, message: reason },
    });
  return { events, history, log, ok, refused };
}

describe('history checker on hand-made histories', () => {
  it('finds nothing wrong in a clean history', () => {
    const w = world();
    const claim = w.log('ownership.claimed', A, 1010, { from: null, to: A, version: 2 });
    w.ok(A, 'claim', 1008, { owner: A, version: 2, eventId: claim, changed: true });
    w.refused(B, 'claim', 1009, 'owned-by-other');
    const acq = w.log('lock.acquired', A, 1020, { holderId: A, token: 1, expiresAt: 1420 });
    w.ok(A, 'lockAcquire', 1018, { owner: A, version: 3, eventId: acq, token: 1, expiresAt: 1420 });
    const ren = w.log('lock.renewed', A, 1300, { holderId: A, token: 1, expiresAt: 1700 });
    w.ok(A, 'lockRenew', 1298, { owner: A, version: 4, eventId: ren, token: 1, expiresAt: 1700 }, { token: 1 });
    w.log('send.reported', A, 1400, { memberId: A, token: 1 });
    const rel = w.log('lock.released', A, 1400, { holderId: A, token: 1, expiresAt: 1400 });
    w.ok(A, 'send', 1398, { owner: A, version: 5, eventId: rel }, { token: 1 });
    const hand = w.log('ownership.handed_off', A, 1500, { from: A, to: B, note: 'over to you', version: 6 });
    w.ok(A, 'handoff', 1498, { owner: B, version: 6, eventId: hand, changed: true });
    const acq2 = w.log('lock.acquired', B, 1600, { holderId: B, token: 2, expiresAt: 2000 });
    w.ok(B, 'lockAcquire', 1598, { owner: B, version: 7, eventId: acq2, token: 2 });
    w.refused(A, 'lockRenew', 1700, 'stale-lock', { token: 1 });
    expect(checkHistory({ history: w.history, events: w.events, finalStates: [{ conversationId: C, ownerId: B, fence: 2 }] })).toEqual([]);
  });

  it('reports two owners when a claim moves a chat someone already owns', () => {
    const w = world();
    const a = w.log('ownership.claimed', A, 1010, { from: null, to: A, version: 2 });
    const b = w.log('ownership.claimed', B, 1011, { from: null, to: B, version: 2 });
    w.ok(A, 'claim', 1008, { owner: A, version: 2, eventId: a, changed: true });
    w.ok(B, 'claim', 1008, { owner: B, version: 2, eventId: b, changed: true });
    const v = checkHistory({ history: w.history, events: w.events });
    expect(v.map((x) => x.kind)).toEqual(['two-owners', 'two-owners']);
    expect(v[0]).toMatchObject({ eventId: b, conversationId: C });
    expect(v[1].message).toContain('version 2');
  });

  it('reports a stale token write accepted after a newer token was issued', () => {
    const w = world();
    const a = w.log('lock.acquired', A, 1000, { holderId: A, token: 1, expiresAt: 1400 });
    w.ok(A, 'lockAcquire', 998, { owner: null, version: 2, eventId: a, token: 1 });
    const b = w.log('lock.acquired', B, 1500, { holderId: B, token: 2, expiresAt: 1900 });
    w.ok(B, 'lockAcquire', 1498, { owner: null, version: 3, eventId: b, token: 2 });
    const late = w.log('lock.renewed', A, 1600, { holderId: A, token: 1, expiresAt: 2000 });
    w.ok(A, 'lockRenew', 1598, { owner: null, version: 4, eventId: late, token: 1 }, { token: 1 });
    const v = checkHistory({ history: w.history, events: w.events });
    expect(countByKind(v)).toEqual({ 'stale-token': 2 });
    expect(v.find((x) => x.eventId === late)?.message).toContain('token 2');
  });

  it('reports reused tokens, a lease granted over a live one, late renewals and acknowledgements missing from the log', () => {
    const w = world();
    const a = w.log('lock.acquired', A, 1000, { holderId: A, token: 1, expiresAt: 1400 });
    w.ok(A, 'lockAcquire', 998, { owner: null, version: 2, eventId: a, token: 1 });
    const b = w.log('lock.acquired', B, 1100, { holderId: B, token: 1, expiresAt: 1500 });
    w.ok(B, 'lockAcquire', 1098, { owner: null, version: 3, eventId: b, token: 1 });
    w.log('lock.renewed', B, 1600, { holderId: B, token: 1, expiresAt: 2000 });
    w.ok(A, 'claim', 1700, { owner: A, version: 9, eventId: 99, changed: true });
    const kinds = countByKind(checkHistory({ history: w.history, events: w.events, finalStates: [{ conversationId: C, ownerId: A, fence: 1 }] }));
    expect(kinds).toEqual({ 'token-order': 1, 'two-holders': 1, 'expired-lease-write': 1, 'token-reuse': 1, 'unlogged-ack': 1, 'final-state': 1 });
  });
});

describe('race over real HTTP against a spawned server', () => {
  it('with fencing: 50 clients racing leave no violation, and the race really was contended', async () => {
    const run = await runRace({ unsafe: false });
    const violations = checkHistory(run);
    const refusals = run.history.filter((r) => !r.outcome.ok).map((r) => (r.outcome.ok ? '' : `${r.outcome.code}:${r.outcome.reason ?? ''}`));
    const tally = Object.fromEntries([...new Set(refusals)].map((k) => [k, refusals.filter((x) => x === k).length]));
    console.info(
      `safe race: ${run.history.length} ops, ${run.events.length} events, refusals ${JSON.stringify(tally)}, timings ${JSON.stringify(run.timings)}, violations ${violations.length}`,
    );
    expect(violations).toEqual([]);

    // No operation may fail for any reason but a refusal the rules explain (no 500s, no dropped requests).
    expect(run.history.filter((r) => !r.outcome.ok && !['CONFLICT', 'FORBIDDEN', 'BAD_REQUEST'].includes(r.outcome.code)).map((r) => r.outcome)).toEqual([]);
    // Each claim storm has exactly one winner and everybody else is told who won.
    for (const conv of run.storms) {
      const claims = run.history.filter((r) => r.conversationId === conv && r.op === 'claim');
      const winners = claims.filter((r) => r.outcome.ok && r.outcome.changed);
      expect(winners).toHaveLength(1);
      expect(claims.filter((r) => !r.outcome.ok && r.outcome.ownerId === winners[0].memberId)).toHaveLength(claims.length - 1);
    }
    expectContentionAndFencing(run);
  });

  it('control: the same harness against the unfenced control server finds two owners, stale-token writes and renewals of expired leases', async () => {
    const run = await runRace({ unsafe: true });
    const violations = checkHistory(run);
    const kinds = countByKind(violations);
    console.info(
      `unsafe race: ${run.history.length} ops, ${run.events.length} events, timings ${JSON.stringify(run.timings)}, violations ${violations.length} ${JSON.stringify(kinds)}`,
    );
    expect(violations.length).toBeGreaterThan(0);
    expect(kinds['stale-token'] ?? 0).toBeGreaterThanOrEqual(3);
    expect(kinds['two-owners'] ?? 0).toBeGreaterThanOrEqual(1);
    // The scripted stale renewals were accepted, and the checker pinned each to its conversation.
    for (const conv of [run.scripted.unowned, run.scripted.takenOver, run.scripted.released]) {
      expect(violations.some((v) => v.kind === 'stale-token' && v.conversationId === conv)).toBe(true);
    }
    expect(violations.some((v) => v.kind === 'expired-lease-write' && v.conversationId === run.scripted.expired)).toBe(true);
  });
});
