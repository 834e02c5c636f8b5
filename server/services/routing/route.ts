import { effectiveStatus } from '../../domain/status';
import { isLeaseHeld } from '../../domain/lease';
import type { ConversationTable } from '../../store/tables';
import type { Deps } from '../deps';
import { leaseOf } from '../conversation-view';
import { mutateConversation } from '../mutate-conversation';
import { recentFormerOwners } from './candidates';
import { ownerPatch, pickInTx, routedEvent, routingActor } from './pick';

export type RouteOutcome = { routed: true; memberId: string; via: string } | { routed: false; reason: string };

/** Why a chat is not routable now, or null when it is: routing only ever fills an empty owner slot. */
function notRoutable(row: ConversationTable, now: number): string | null {
  if (row.owner_id) return 'owned';
  if (row.merged_into) return 'merged';
  if (effectiveStatus({ status: row.status, snoozedUntil: row.snoozed_until === null ? null : Number(row.snoozed_until) }, now) !== 'open') return 'not open';
  // A teammate typing in an unowned chat will claim it on send; assigning it to someone else would hold their send.
  if (isLeaseHeld(leaseOf(row), now)) return 'being answered';
  return null;
}

/**
 * Assigns one unowned open chat by its queue's routing, as one compare-and-set on the conversation
 * (the same path as a claim), so it never takes a chat someone else got first.
 */
export function routeConversation(deps: Deps, workspaceId: string, conversationId: string) {
  return mutateConversation<RouteOutcome>(deps, routingActor(workspaceId), conversationId, undefined, async (row, tx, now) => {
    const skip = notRoutable(row, now);
    if (skip) return { patch: null, events: [], result: { routed: false, reason: skip } };
    const exclude = await recentFormerOwners(deps.store, tx, workspaceId, row.id, now);
    const { pick, routing, save } = await pickInTx(deps.store, tx, row, now, { exclude, sticky: true });
    if ('none' in pick) return { patch: null, events: [], result: { routed: false, reason: pick.none } };
    await save();
    return {
      patch: ownerPatch(row, pick.memberId, now),
      events: [routedEvent(row, pick.memberId, routing, pick.via)],
      result: { routed: true, memberId: pick.memberId, via: pick.via },
    };
  });
}
