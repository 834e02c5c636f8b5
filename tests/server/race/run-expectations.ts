import { expect } from 'vitest';
import type { OpRecord } from './history-checker';
import type { RaceResult } from './race-harness';

export const count = (run: RaceResult, pred: (r: OpRecord) => boolean) => run.history.filter(pred).length;
export const refusedWith = (reason: string) => (r: OpRecord) => !r.outcome.ok && r.outcome.code === 'CONFLICT' && r.outcome.reason === reason;

/**
 * What every fenced race run must show, whatever the topology: real contention (the storms alone refuse 3 x 49
 * claims, and the hot chats saw refusals too), stale writes refused, every operation acknowledged at least once,
 * the scripted paused writers refused, and a merely expired lease's late send still accepted.
 */
export function expectContentionAndFencing(run: RaceResult) {
  const hot = new Set(run.hot);
  expect(count(run, (r) => !r.outcome.ok && r.outcome.code === 'CONFLICT')).toBeGreaterThanOrEqual(150);
  expect(count(run, (r) => hot.has(r.conversationId) && !r.outcome.ok && r.outcome.code === 'CONFLICT')).toBeGreaterThanOrEqual(20);
  expect(count(run, refusedWith('stale-lock'))).toBeGreaterThanOrEqual(6);
  expect(count(run, (r) => r.op === 'lockRenew' && refusedWith('stale-lock')(r))).toBeGreaterThanOrEqual(3);
  expect(count(run, (r) => r.op === 'lockRenew' && refusedWith('lease-expired')(r))).toBeGreaterThanOrEqual(1);
  for (const op of ['claim', 'release', 'handoff', 'takeOver', 'lockAcquire', 'lockRenew', 'lockRelease', 'send'] as const) {
    expect(
      count(run, (r) => r.op === op && r.outcome.ok && r.outcome.eventId !== null),
      op,
    ).toBeGreaterThanOrEqual(1);
  }
  // The scripted paused writers came back with superseded tokens and every one of their writes was refused.
  const { unowned, takenOver, released, expired } = run.scripted;
  for (const conv of [unowned, takenOver, released]) {
    const stale = run.history.filter((r) => r.conversationId === conv && ['lockRenew', 'send', 'lockRelease'].includes(r.op));
    expect(stale).toHaveLength(3);
    for (const r of stale) expect(r.outcome).toMatchObject({ ok: false, code: 'CONFLICT', reason: 'stale-lock' });
    const tokens = run.history.filter((r) => r.conversationId === conv && r.op === 'lockAcquire').map((r) => (r.outcome.ok ? r.outcome.token : null));
    expect(tokens).toEqual([1, 2]);
  }
  // A lease that merely ran out cannot be renewed, yet its holder's late send report is still the current token's.
  const late = run.history.filter((r) => r.conversationId === expired).map((r) => [r.op, r.outcome.ok ? 'ok' : r.outcome.reason]);
  expect(late).toEqual([
    ['claim', 'ok'],
    ['lockAcquire', 'ok'],
    ['lockRenew', 'lease-expired'],
    ['send', 'ok'],
  ]);
}
