import type { HoldReason } from '../schemas/conversation';
import type { ConversationView } from './types';

/** What the guard knows at Enter, all of it local: the decision must not wait for the network. */
export interface GuardInput {
  now: number;
  meId: string;
  online: boolean;
  /** Undefined while the open chat is still being resolved; null when it has no server record yet. */
  conversation: ConversationView | null | undefined;
  /** The reply lock this tab holds on the chat, if any. */
  myLease: { token: number; expiresAt: number } | null;
  /** When the rep started typing this message (null: unknown, treated as now). */
  composeStartedAt: number | null;
  /** Newest customer message or teammate reply seen in this chat. */
  lastForeignActivityAt: number | null;
  /** The rep already acknowledged activity up to this time. */
  acknowledgedAt: number | null;
}

/** A lost claim is learnt from the server's answer, never decided from local state. */
export type GuardHoldReason = Exclude<HoldReason, 'claim-lost'>;

export type GuardDecision =
  | { action: 'allow'; token: number | null }
  | { action: 'claim-then-send' }
  /** Mine, but this tab's lease ended (a laptop that slept): take the lock again before the send leaves. */
  | { action: 'retake-then-send' }
  | { action: 'hold'; reason: GuardHoldReason; ownerId: string | null; holderId: string | null };

/** Product spec section 3, as a pure function of local state. */
export function decideSend(i: GuardInput): GuardDecision {
  const c = i.conversation;
  if (c === undefined) return hold('unknown-chat', null, null);
  if (c?.status === 'bot') return hold('bot', c.ownerId, null);
  const lock = c?.lock && c.lock.expiresAt > i.now ? c.lock : null;
  const ownerId = c?.ownerId ?? null;
  if (ownerId && ownerId !== i.meId) return hold('owned-by-other', ownerId, lock?.holderId ?? null);
  if (lock && lock.holderId !== i.meId) return hold('locked-by-other', ownerId, lock.holderId);
  const started = i.composeStartedAt ?? i.now;
  const seen = Math.max(started, i.acknowledgedAt ?? 0);
  if (i.lastForeignActivityAt !== null && i.lastForeignActivityAt > seen) return hold('traffic-cop', ownerId, null);
  if (!ownerId) return i.online ? { action: 'claim-then-send' } : hold('offline', null, null);
  const lease = i.myLease && i.myLease.expiresAt > i.now ? i.myLease : null;
  if (lease) return { action: 'allow', token: lease.token };
  // Offline, the local cache vouches for an owned chat (spec section 3.5); online, an ended lease is no licence.
  return i.online ? { action: 'retake-then-send' } : { action: 'allow', token: null };
}

const hold = (reason: GuardHoldReason, ownerId: string | null, holderId: string | null): GuardDecision => ({ action: 'hold', reason, ownerId, holderId });
