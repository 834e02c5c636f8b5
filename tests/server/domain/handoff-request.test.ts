import { describe, expect, it } from 'vitest';
import { decideHandoffAnswer, decideHandoffRequest, pendingRequests, type HandoffRequest } from '../../../server/domain/handoff-request';
import { decideQueueMove } from '../../../server/domain/queue-move';

const req = (requestedBy: string, ownerId = 'ana', note: string | null = null): HandoffRequest => ({ requestedBy, ownerId, note, at: 1 });

describe('handoff request rules', () => {
  it('only requests made to the current owner stand', () => {
    expect(pendingRequests([req('bo'), req('cy', 'mia')], 'ana')).toEqual([req('bo')]);
    expect(pendingRequests([req('bo')], null)).toEqual([]);
  });

  it('a second request by the same member replaces the first; the same one again changes nothing', () => {
    const first = decideHandoffRequest('ana', [], 'bo', 'why', 5);
    expect(first).toMatchObject({ ok: true, changed: true, requests: [{ requestedBy: 'bo', ownerId: 'ana', note: 'why', at: 5 }] });
    const requests = first.ok && first.changed ? first.requests : [];
    expect(decideHandoffRequest('ana', requests, 'bo', 'why', 6)).toMatchObject({ ok: true, changed: false });
    expect(decideHandoffRequest('ana', requests, 'bo', null, 7)).toMatchObject({ changed: true, requests: [{ requestedBy: 'bo', note: null, at: 7 }] });
  });

  it('refuses the owner and unowned chats', () => {
    expect(decideHandoffRequest('ana', [], 'ana', null, 1)).toMatchObject({ ok: false, code: 'BAD_REQUEST', reason: 'already-theirs' });
    expect(decideHandoffRequest(null, [], 'bo', null, 1)).toMatchObject({ ok: false, code: 'BAD_REQUEST', reason: 'nobody-owns' });
  });

  it('the owner or a manager answers; an accepted request that already took effect is a no-op', () => {
    const agent = (id: string) => ({ id, role: 'agent' as const });
    expect(decideHandoffAnswer('ana', [req('bo')], agent('cy'), 'bo', true)).toMatchObject({ ok: false, code: 'FORBIDDEN', reason: 'owner-answers' });
    expect(decideHandoffAnswer('ana', [req('bo'), req('cy')], agent('ana'), 'bo', false)).toMatchObject({
      ok: true,
      outcome: 'declined',
      requests: [req('cy')],
    });
    expect(decideHandoffAnswer('ana', [req('bo')], { id: 'mia', role: 'manager' }, 'bo', true)).toMatchObject({ ok: true, outcome: 'accepted' });
    expect(decideHandoffAnswer('bo', [], agent('bo'), 'bo', true)).toEqual({ ok: true, changed: false });
    expect(decideHandoffAnswer('ana', [], agent('ana'), 'bo', false)).toMatchObject({ ok: false, reason: 'no-handoff-request' });
  });
});

describe('queue move rule', () => {
  const queues = ['support', 'escalation'];
  it('follows the assign rule and the workspace list', () => {
    expect(decideQueueMove(null, { id: 'bo', role: 'agent' }, 'support', 'escalation', queues)).toEqual({ ok: true, changed: true });
    expect(decideQueueMove('ana', { id: 'bo', role: 'agent' }, 'support', 'escalation', queues)).toMatchObject({ ok: false, code: 'CONFLICT', ownerId: 'ana' });
    expect(decideQueueMove('ana', { id: 'mia', role: 'manager' }, 'support', 'escalation', queues)).toEqual({ ok: true, changed: true });
    expect(decideQueueMove('ana', { id: 'ana', role: 'agent' }, 'support', 'support', queues)).toEqual({ ok: true, changed: false });
    expect(decideQueueMove(null, { id: 'bo', role: 'agent' }, 'support', 'billing', queues)).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
  });
});
