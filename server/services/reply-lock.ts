import { acquireLease, releaseLease, renewLease, type LeaseDecision } from '../domain/lease';
import type { Refusal } from '../domain/errors';
import type { ConversationTable } from '../store/tables';
import type { Actor, Deps } from './deps';
import { fencedLease, leaseColumns, leaseOf } from './conversation-view';
import { mutateConversation } from './mutate-conversation';

function applyLease(row: ConversationTable, decision: LeaseDecision) {
  if (!decision.ok) return decision;
  const { lease } = decision;
  const result = { token: lease.token!, expiresAt: lease.expiresAt!, holderId: lease.holderId! };
  if (!decision.changed || !decision.event) return { patch: null, events: [], result };
  return {
    patch: leaseColumns(lease),
    events: [{ type: decision.event, conversationId: row.id, data: { holderId: lease.holderId, token: lease.token, expiresAt: lease.expiresAt } }],
    result,
  };
}

/** Typing starts: take the reply lock. Only the owner, or anyone on an unowned chat, may. */
export function acquireReplyLock(deps: Deps, actor: Actor, conversationId: string) {
  return mutateConversation(deps, actor, conversationId, undefined, (row, _tx, now) => {
    const owner = deps.store.conversations.fencing(row, { memberId: actor.memberId, token: null }).owner_id;
    if (owner && owner !== actor.memberId) {
      return { ok: false, code: 'CONFLICT', reason: 'owned-by-other', message: 'another member owns this chat', ownerId: owner } satisfies Refusal;
    }
    return applyLease(row, acquireLease(leaseOf(row), actor.memberId, now, deps.config.lockTtlMs));
  });
}

export function renewReplyLock(deps: Deps, actor: Actor, conversationId: string, token: number) {
  return mutateConversation(deps, actor, conversationId, undefined, (row, _tx, now) => {
    const lease = fencedLease(deps.store, row, { memberId: actor.memberId, token });
    return applyLease(row, renewLease(lease, actor.memberId, token, now, deps.config.lockTtlMs, { enforce: true }));
  });
}

export function releaseReplyLock(deps: Deps, actor: Actor, conversationId: string, token: number) {
  return mutateConversation(deps, actor, conversationId, undefined, (row, _tx, now) =>
    applyLease(row, releaseLease(fencedLease(deps.store, row, { memberId: actor.memberId, token }), actor.memberId, token, now, { enforce: true })),
  );
}
