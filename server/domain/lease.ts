import type { Refusal } from './errors';

/** A reply lock as stored on the conversation; `fence` is the highest token ever issued for it. */
export interface Lease {
  holderId: string | null;
  token: number | null;
  expiresAt: number | null;
  fence: number;
}

export type LeaseDecision = { ok: true; lease: Lease; changed: boolean; event: 'lock.acquired' | 'lock.renewed' | 'lock.released' | null } | Refusal;

/** Expired leases stop counting by comparison with now: no sweeper has to clear them. */
export const isLeaseHeld = (lease: Lease, now: number): boolean => lease.holderId !== null && lease.expiresAt !== null && lease.expiresAt > now;

const stale = (message: string, lease: Lease): Refusal => ({
  ok: false,
  code: 'CONFLICT',
  reason: 'stale-lock',
  message,
  holderId: lease.holderId,
});

export function acquireLease(lease: Lease, memberId: string, now: number, ttlMs: number): LeaseDecision {
  if (isLeaseHeld(lease, now)) {
    if (lease.holderId !== memberId) {
      return { ok: false, code: 'CONFLICT', reason: 'locked-by-other', message: 'a teammate is replying in this chat', holderId: lease.holderId };
    }
    return { ok: true, changed: true, event: 'lock.renewed', lease: { ...lease, expiresAt: now + ttlMs } };
  }
  const token = lease.fence + 1;
  return { ok: true, changed: true, event: 'lock.acquired', lease: { holderId: memberId, token, expiresAt: now + ttlMs, fence: token } };
}

/** The write-side fencing check: a token is current only while no newer one has been issued. */
export function checkFence(lease: Lease, memberId: string, token: number, opts: { enforce: boolean }): Refusal | null {
  if (!opts.enforce) return null;
  if (token !== lease.fence || lease.holderId !== memberId) return stale('your reply lock was superseded by a newer one', lease);
  return null;
}

export function renewLease(lease: Lease, memberId: string, token: number, now: number, ttlMs: number, opts: { enforce: boolean }): LeaseDecision {
  const refusal = checkFence(lease, memberId, token, opts);
  if (refusal) return refusal;
  if (opts.enforce && !isLeaseHeld(lease, now)) {
    return { ok: false, code: 'CONFLICT', reason: 'lease-expired', message: 'your reply lock expired: take it again', holderId: null };
  }
  return { ok: true, changed: true, event: 'lock.renewed', lease: { ...lease, holderId: memberId, token, expiresAt: now + ttlMs } };
}

export function releaseLease(lease: Lease, memberId: string, token: number, now: number, opts: { enforce: boolean }): LeaseDecision {
  const refusal = checkFence(lease, memberId, token, opts);
  if (refusal) return refusal;
  if (!isLeaseHeld(lease, now)) return { ok: true, changed: false, event: null, lease };
  // Expire now rather than clearing the holder, so a late send report with this token still passes the fence.
  return { ok: true, changed: true, event: 'lock.released', lease: { ...lease, expiresAt: now } };
}

/** Ownership moved away from the holder: their lease ends, the fence stays. */
export function endLeaseUnlessHeldBy(lease: Lease, ownerId: string | null, now: number): Lease {
  if (!isLeaseHeld(lease, now) || lease.holderId === ownerId) return lease;
  return { ...lease, expiresAt: now };
}
