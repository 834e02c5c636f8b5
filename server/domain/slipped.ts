import { isLeaseHeld, type Lease } from './lease';

/** Who the send went past: the chat's owner, or a teammate holding its reply lock. */
export interface SlippedPast {
  ownerId: string | null;
  holderId: string | null;
}

/** An unguarded send from a member's tab slipped when a teammate owned the chat or held its reply lock. */
export function slippedPast(ownerId: string | null, lease: Lease, memberId: string, now: number): SlippedPast | null {
  const holderId = isLeaseHeld(lease, now) && lease.holderId !== memberId ? lease.holderId : null;
  const otherOwner = ownerId && ownerId !== memberId ? ownerId : null;
  return otherOwner || holderId ? { ownerId: otherOwner, holderId } : null;
}

/**
 * A send made with a lease that had already ended (a laptop that slept past it) is no guarded reply once
 * another member owns the chat: the token was current only because nobody had taken a newer one.
 */
export function sentOnEndedLease(ownerId: string | null, lease: Lease, memberId: string, sentAt: number): SlippedPast | null {
  const ended = lease.expiresAt !== null && lease.expiresAt <= sentAt;
  return ended && ownerId && ownerId !== memberId ? { ownerId, holderId: null } : null;
}
