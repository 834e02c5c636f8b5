import { isEligible, whyNobody, type NoAssigneeReason, type RoutingCandidate } from './eligibility';
import { rotateAfter } from './round-robin';

export type RoutingMode = 'manual' | 'round-robin' | 'least-loaded';

export type QueueRouting = {
  mode: RoutingMode;
  /** A returning customer goes back to their last owner when that owner is eligible. */
  sticky: boolean;
  /** The round-robin cursor: who the mode last picked in this queue. */
  lastAssignedMemberId?: string | null;
};

export type ConversationToRoute = { queue: string; lastOwnerId?: string | null };

export type PickResult = { memberId: string; via: 'sticky' | 'round-robin' | 'least-loaded' } | { none: NoAssigneeReason };

/**
 * Who should own the conversation now. Sticky comes first (also in a manual queue: the option only
 * ever returns a chat to someone who had it). round-robin: the first eligible member after the cursor
 * in memberId order. least-loaded: the fewest open owned chats (an absolute count, not a share of
 * capacity); ties go to whoever round-robin would pick first.
 */
export function pickAssignee(queue: QueueRouting, candidates: readonly RoutingCandidate[], conversation: ConversationToRoute): PickResult {
  const eligible = candidates.filter((c) => isEligible(c, conversation.queue));
  const lastOwner = conversation.lastOwnerId;
  if (queue.sticky && lastOwner != null && eligible.some((c) => c.memberId === lastOwner)) {
    return { memberId: lastOwner, via: 'sticky' };
  }
  if (queue.mode === 'manual') return { none: 'manual' };
  const ordered = rotateAfter(eligible, queue.lastAssignedMemberId);
  const first = ordered[0];
  if (!first) return { none: whyNobody(candidates, conversation.queue) };
  if (queue.mode === 'round-robin') return { memberId: first.memberId, via: 'round-robin' };
  const fewest = Math.min(...ordered.map((c) => c.openOwned));
  return { memberId: ordered.find((c) => c.openOwned === fewest)!.memberId, via: 'least-loaded' };
}

/** The queue's cursor after a pick; sticky picks leave it alone so they do not skip anyone's turn. */
export function cursorAfter(queue: QueueRouting, pick: PickResult): string | null {
  if ('memberId' in pick && pick.via !== 'sticky') return pick.memberId;
  return queue.lastAssignedMemberId ?? null;
}
