import type { NoAssigneeReason, RoutingCandidate } from './eligibility';
import { cursorAfter, pickAssignee, type PickResult, type QueueRouting } from './pick-assignee';
import { compareIds } from './round-robin';

export type WaitingConversation = {
  conversationId: string;
  queue: string;
  /** Oldest unanswered customer message; null when nobody is waiting on a reply. */
  waitingSinceMs: number | null;
  createdAtMs: number;
  lastOwnerId: string | null;
};

export type BacklogAssignment = { conversationId: string; queue: string; memberId: string; via: Extract<PickResult, { memberId: string }>['via'] };
export type BacklogLeftover = { conversationId: string; queue: string; reason: NoAssigneeReason | 'unknown queue' };

export type DrainResult = {
  /** In the order they were decided, which is the order to apply them. */
  assignments: BacklogAssignment[];
  unassigned: BacklogLeftover[];
  /** Every queue with its cursor after the drain, to persist. */
  queues: Record<string, QueueRouting>;
};

/** Oldest first: by waitingSince (chats nobody waits on last), then createdAt, then conversationId. */
export function compareBacklog(a: WaitingConversation, b: WaitingConversation): number {
  const [wa, wb] = [a.waitingSinceMs ?? Infinity, b.waitingSinceMs ?? Infinity];
  if (wa !== wb) return wa < wb ? -1 : 1;
  if (a.createdAtMs !== b.createdAtMs) return a.createdAtMs - b.createdAtMs;
  return compareIds(a.conversationId, b.conversationId);
}

/**
 * Routes unowned waiting chats, oldest first, as if each assignment were applied before the next
 * decision: the new owner's open count grows (so capacity holds within one drain) and the queue's
 * cursor moves.
 */
export function drainBacklog(
  waiting: readonly WaitingConversation[],
  queues: Readonly<Record<string, QueueRouting>>,
  candidates: readonly RoutingCandidate[],
): DrainResult {
  const members = candidates.map((c) => ({ ...c }));
  const state: Record<string, QueueRouting> = Object.fromEntries(Object.entries(queues).map(([name, q]) => [name, { ...q }]));
  const result: DrainResult = { assignments: [], unassigned: [], queues: state };
  for (const chat of [...waiting].sort(compareBacklog)) {
    const { conversationId, queue: queueName } = chat;
    const queue = state[queueName];
    if (!queue) {
      result.unassigned.push({ conversationId, queue: queueName, reason: 'unknown queue' });
      continue;
    }
    const pick = pickAssignee(queue, members, { queue: queueName, lastOwnerId: chat.lastOwnerId });
    if ('none' in pick) {
      result.unassigned.push({ conversationId, queue: queueName, reason: pick.none });
      continue;
    }
    for (const m of members) if (m.memberId === pick.memberId) m.openOwned += 1;
    queue.lastAssignedMemberId = cursorAfter(queue, pick);
    result.assignments.push({ conversationId, queue: queueName, memberId: pick.memberId, via: pick.via });
  }
  return result;
}
