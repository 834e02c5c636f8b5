import { describe, expect, it } from 'vitest';
import { compareBacklog, drainBacklog, type WaitingConversation } from '../../../../server/domain/routing/drain-backlog';
import type { QueueRouting } from '../../../../server/domain/routing/pick-assignee';
import { member } from './fixtures';

const waiting = (conversationId: string, waitingSinceMs: number | null, createdAtMs = 0, extra: Partial<WaitingConversation> = {}): WaitingConversation => ({
  conversationId,
  queue: 'support',
  waitingSinceMs,
  createdAtMs,
  lastOwnerId: null,
  ...extra,
});
const queues = (support: Partial<QueueRouting> = {}, others: Record<string, QueueRouting> = {}): Record<string, QueueRouting> => ({
  support: { mode: 'round-robin', sticky: false, lastAssignedMemberId: null, ...support },
  ...others,
});
const pairs = (result: ReturnType<typeof drainBacklog>) => result.assignments.map((a) => `${a.conversationId}->${a.memberId}`);

describe('backlog order', () => {
  it.each([
    ['older waitingSince first', [waiting('b', 200), waiting('a', 100)], ['a', 'b']],
    ['chats nobody waits on go last', [waiting('a', null), waiting('b', 900)], ['b', 'a']],
    ['same waitingSince: older chat first', [waiting('a', 100, 50), waiting('b', 100, 10)], ['b', 'a']],
    ['same waitingSince and createdAt: by id', [waiting('c2', 100, 10), waiting('c10', 100, 10), waiting('b', 100, 10)], ['b', 'c10', 'c2']],
    ['two never-waiting chats: by createdAt', [waiting('a', null, 20), waiting('b', null, 10)], ['b', 'a']],
  ])('%s', (_name, chats, expected) => {
    expect([...chats].sort(compareBacklog).map((c) => c.conversationId)).toEqual(expected);
  });
});

describe('drainBacklog', () => {
  it('assigns oldest first, rotating round-robin and returning the new cursor', () => {
    const result = drainBacklog([waiting('c3', 300), waiting('c1', 100), waiting('c2', 200)], queues(), [member('ben'), member('ana')]);
    expect(pairs(result)).toEqual(['c1->ana', 'c2->ben', 'c3->ana']);
    expect(result.queues['support']!.lastAssignedMemberId).toBe('ana');
    expect(result.unassigned).toEqual([]);
  });

  it('respects capacity within one drain and says why the rest wait', () => {
    const candidates = [member('ana', { capacity: 2, openOwned: 1 }), member('ben', { capacity: 1 })];
    const result = drainBacklog([waiting('c1', 1), waiting('c2', 2), waiting('c3', 3), waiting('c4', 4)], queues(), candidates);
    expect(pairs(result)).toEqual(['c1->ana', 'c2->ben']);
    expect(result.unassigned).toEqual([
      { conversationId: 'c3', queue: 'support', reason: 'all at capacity' },
      { conversationId: 'c4', queue: 'support', reason: 'all at capacity' },
    ]);
  });

  it('least-loaded sees the loads it has just added', () => {
    const candidates = [member('ana', { openOwned: 2 }), member('ben'), member('cam', { openOwned: 1 })];
    const result = drainBacklog(
      ['c1', 'c2', 'c3', 'c4', 'c5'].map((id, i) => waiting(id, i)),
      queues({ mode: 'least-loaded' }),
      candidates,
    );
    // Loads (ana, ben, cam): (2,0,1) -> ben; (2,1,1) tie after ben -> cam; (2,1,2) -> ben;
    // (2,2,2) tie after ben -> cam; (2,2,3) tie ana/ben after cam -> ana.
    expect(pairs(result)).toEqual(['c1->ben', 'c2->cam', 'c3->ben', 'c4->cam', 'c5->ana']);
    expect(result.queues['support']!.lastAssignedMemberId).toBe('ana');
  });

  it('a member working two queues carries one load across both', () => {
    const both = member('ana', { queues: ['support', 'sales'], capacity: 2 });
    const result = drainBacklog(
      [waiting('s1', 1, 0, { queue: 'sales' }), waiting('t1', 2), waiting('s2', 3, 0, { queue: 'sales' })],
      queues({}, { sales: { mode: 'round-robin', sticky: false } }),
      [both],
    );
    expect(pairs(result)).toEqual(['s1->ana', 't1->ana']);
    expect(result.unassigned).toEqual([{ conversationId: 's2', queue: 'sales', reason: 'all at capacity' }]);
  });

  it('sticky returns chats to their last owner without moving the cursor', () => {
    const result = drainBacklog(
      [waiting('c1', 1, 0, { lastOwnerId: 'cam' }), waiting('c2', 2), waiting('c3', 3, 0, { lastOwnerId: 'zed' })],
      queues({ sticky: true, lastAssignedMemberId: 'ana' }),
      [member('ana'), member('ben'), member('cam')],
    );
    expect(result.assignments.map((a) => `${a.conversationId}->${a.memberId}:${a.via}`)).toEqual([
      'c1->cam:sticky',
      'c2->ben:round-robin',
      'c3->cam:round-robin',
    ]);
    expect(result.queues['support']!.lastAssignedMemberId).toBe('cam');
  });

  it('leaves manual queues, unknown queues and unstaffed queues waiting', () => {
    const result = drainBacklog(
      [waiting('m1', 1, 0, { queue: 'vip' }), waiting('u1', 2, 0, { queue: 'gone' }), waiting('e1', 3, 0, { queue: 'escalation' })],
      { vip: { mode: 'manual', sticky: false }, escalation: { mode: 'least-loaded', sticky: false } },
      [member('ana')],
    );
    expect(result.assignments).toEqual([]);
    expect(result.unassigned.map((u) => `${u.conversationId}:${u.reason}`)).toEqual(['m1:manual', 'u1:unknown queue', 'e1:nobody works this queue']);
  });

  it('nobody available assigns nothing', () => {
    const result = drainBacklog([waiting('c1', 1)], queues(), [member('ana', { availability: 'away' }), member('ben', { liveConnections: 0 })]);
    expect(result.unassigned).toEqual([{ conversationId: 'c1', queue: 'support', reason: 'nobody available' }]);
  });

  it('does not mutate its inputs', () => {
    const chats = [waiting('c2', 2), waiting('c1', 1)];
    const routing = queues();
    const candidates = [member('ana', { capacity: 1 })];
    drainBacklog(chats, routing, candidates);
    expect(chats.map((c) => c.conversationId)).toEqual(['c2', 'c1']);
    expect(routing['support']!.lastAssignedMemberId).toBeNull();
    expect(candidates[0]!.openOwned).toBe(0);
  });
});
