export type OwnerResponseClock = {
  /** N: how long the owner has to reply; null when the queue has no owner-response timeout. */
  timeoutMs: number | null;
  assignedAtMs: number;
  lastCustomerMessageAtMs: number | null;
  /** The current owner's latest reply (a guarded send), if any. */
  lastOwnerReplyAtMs: number | null;
};

/**
 * When the owner's reply falls due: N (wall-clock) after being assigned or after the latest customer
 * message, whichever is later. null when there is no timeout or the owner has replied at or after that
 * point (a reply in the same millisecond counts).
 */
export function ownerResponseDueAt(clock: OwnerResponseClock): number | null {
  const { timeoutMs, assignedAtMs, lastCustomerMessageAtMs, lastOwnerReplyAtMs } = clock;
  if (timeoutMs === null) return null;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError('timeoutMs must be a positive ms count or null');
  const clockStart = Math.max(assignedAtMs, lastCustomerMessageAtMs ?? -Infinity);
  if (lastOwnerReplyAtMs !== null && lastOwnerReplyAtMs >= clockStart) return null;
  return clockStart + timeoutMs;
}

/** True from the due instant on, until the owner replies (or a new assignment restarts the clock). */
export function isOwnerResponseOverdue(clock: OwnerResponseClock & { now: number }): boolean {
  const dueAt = ownerResponseDueAt(clock);
  return dueAt !== null && clock.now >= dueAt;
}
