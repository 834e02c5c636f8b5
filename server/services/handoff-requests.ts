import { decideHandoffAnswer, decideHandoffRequest } from '../domain/handoff-request';
import { decideOwnership } from '../domain/ownership';
import { endLeaseUnlessHeldBy } from '../domain/lease';
import type { Actor, Deps } from './deps';
import { leaseColumns, leaseOf } from './conversation-view';
import { mutateConversation } from './mutate-conversation';
import { requireActiveMember } from './change-ownership';
import { requestsOf } from './handoff-request-column';

/** A member asks the owner for the chat; the owner sees it at once with the conversation (the feed carries it). */
export function requestHandoff(deps: Deps, actor: Actor, conversationId: string, note: string | undefined, key?: string) {
  return mutateConversation(deps, actor, conversationId, key, (row, _tx, now) => {
    const decision = decideHandoffRequest(row.owner_id, requestsOf(row), actor.memberId, note ?? null, now);
    if (!decision.ok) return decision;
    if (!decision.changed) return { patch: null, events: [], result: { changed: false } };
    const data = { requestedBy: actor.memberId, ownerId: decision.request.ownerId, ...(note ? { note } : {}) };
    return {
      patch: { handoff_requests: JSON.stringify(decision.requests) },
      events: [{ type: 'handoff.requested', conversationId: row.id, data }],
      result: { changed: true },
    };
  });
}

/** The owner (or a manager) accepts, handing the chat to the requester with the request's note, or declines. */
export async function answerHandoff(deps: Deps, actor: Actor, conversationId: string, requestedBy: string, accept: boolean, key?: string) {
  if (accept) await requireActiveMember(deps, actor.workspaceId, requestedBy);
  return mutateConversation(deps, actor, conversationId, key, (row, _tx, now) => {
    const decision = decideHandoffAnswer(row.owner_id, requestsOf(row), { id: actor.memberId, role: actor.role }, requestedBy, accept);
    if (!decision.ok) return decision;
    if (!decision.changed) return { patch: null, events: [], result: { changed: false } };
    if (decision.outcome === 'declined') {
      return {
        patch: { handoff_requests: JSON.stringify(decision.requests) },
        events: [{ type: 'handoff.declined', conversationId: row.id, data: { requestedBy, by: actor.memberId } }],
        result: { changed: true },
      };
    }
    const note = decision.request.note;
    const handoff = decideOwnership(
      row.owner_id,
      { id: actor.memberId, role: actor.role },
      { kind: 'handoff', to: requestedBy, note: note ?? '' },
      { agentsCanTakeOver: false },
    );
    if (!handoff.ok) return handoff;
    if (!handoff.changed) return { patch: null, events: [], result: { changed: false } };
    const lease = endLeaseUnlessHeldBy(leaseOf(row), requestedBy, now);
    const data = { from: row.owner_id, to: requestedBy, ...(note ? { note } : {}), requested: true, version: Number(row.version) + 1 };
    return {
      patch: { owner_id: requestedBy, handoff_requests: '[]', ...leaseColumns(lease) },
      events: [{ type: 'ownership.handed_off', conversationId: row.id, data }],
      result: { changed: true },
    };
  });
}
