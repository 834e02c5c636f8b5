import type { Availability } from '../../../utils/schemas/common';

/** What routing needs to know about a member, as of the decision. */
export type RoutingCandidate = {
  memberId: string;
  queues: readonly string[];
  availability: Availability;
  /** Connections seen recently with a WhatsApp tab of the chat's number open; zero means nobody could answer. */
  liveConnections: number;
  /** Most open chats the member may own. */
  capacity: number;
  openOwned: number;
};

export type NoAssigneeReason = 'manual' | 'nobody works this queue' | 'nobody available' | 'all at capacity';

export const worksQueue = (c: RoutingCandidate, queue: string): boolean => c.queues.includes(queue);

// Why: 'available' is set by hand and can outlive the last open extension, which would strand the chat.
export const isReachable = (c: RoutingCandidate): boolean => c.availability === 'available' && c.liveConnections > 0;

export const hasRoom = (c: RoutingCandidate): boolean => c.openOwned < c.capacity;

export const isEligible = (c: RoutingCandidate, queue: string): boolean => worksQueue(c, queue) && isReachable(c) && hasRoom(c);

/** Why no candidate is eligible for the queue (assumes none is). */
export function whyNobody(candidates: readonly RoutingCandidate[], queue: string): Exclude<NoAssigneeReason, 'manual'> {
  const members = candidates.filter((c) => worksQueue(c, queue));
  if (members.length === 0) return 'nobody works this queue';
  return members.some(isReachable) ? 'all at capacity' : 'nobody available';
}
