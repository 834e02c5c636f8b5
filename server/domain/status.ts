import type { Status } from '../../utils/schemas/common';
import { badRequest, type Refusal } from './errors';

export interface StatusState {
  status: Status;
  snoozedUntil: number | null;
  episode: number;
  waitingSince: number | null;
}

export interface StatusPolicy {
  /** Resolving needs a closing reason (workspace setting). */
  requireResolveReason: boolean;
}

export type StatusDecision =
  { ok: true; changed: false; state: StatusState } | { ok: true; changed: true; state: StatusState; data: Record<string, unknown> } | Refusal;

/** A snooze ends by itself when its time passes: readers see `open` without any job having run. */
export function effectiveStatus(state: Pick<StatusState, 'status' | 'snoozedUntil'>, now: number): Status {
  return state.status === 'snoozed' && state.snoozedUntil !== null && state.snoozedUntil <= now ? 'open' : state.status;
}

export function decideStatusChange(
  state: StatusState,
  target: { status: Status; snoozedUntil?: number; reason?: string },
  policy: StatusPolicy,
  now: number,
): StatusDecision {
  const from = effectiveStatus(state, now);
  if (target.status === 'bot') return badRequest('only the automation hands a chat to the bot');
  if (target.status === 'snoozed') {
    if (target.snoozedUntil === undefined) return badRequest('snoozing needs a time to wake up (snoozedUntil)');
    if (target.snoozedUntil <= now) return badRequest('snoozedUntil must be in the future');
  } else if (target.snoozedUntil !== undefined) {
    return badRequest('snoozedUntil only applies to the snoozed status');
  }
  if (target.status === 'resolved' && policy.requireResolveReason && !target.reason) {
    return badRequest('this workspace requires a closing reason to resolve a chat', 'closing-reason-required');
  }
  const snoozedUntil = target.status === 'snoozed' ? target.snoozedUntil! : null;
  if (from === target.status && snoozedUntil === state.snoozedUntil) return { ok: true, changed: false, state };
  const next: StatusState = { ...state, status: target.status, snoozedUntil };
  const data: Record<string, unknown> = { from, to: target.status, episode: state.episode };
  if (snoozedUntil !== null) data.snoozedUntil = snoozedUntil;
  if (target.reason) data.reason = target.reason;
  return { ok: true, changed: true, state: next, data };
}

/** A customer message reopens the chat; on a resolved chat it starts a new episode. The bot keeps its chats. */
export function applyCustomerMessage(state: StatusState, at: number, now: number): { state: StatusState; statusChange: Record<string, unknown> | null } {
  const from = effectiveStatus(state, now);
  const waitingSince = state.waitingSince ?? at;
  if (from === 'bot' || from === 'open') {
    return {
      state: { ...state, status: from, snoozedUntil: null, waitingSince },
      statusChange: from !== state.status ? { from: state.status, to: from, episode: state.episode, cause: 'snooze-ended' } : null,
    };
  }
  const episode = from === 'resolved' ? state.episode + 1 : state.episode;
  const next: StatusState = { status: 'open', snoozedUntil: null, episode, waitingSince: from === 'resolved' ? at : waitingSince };
  return { state: next, statusChange: { from, to: 'open', episode, cause: 'customer-message' } };
}

/** A human reply answers everything waiting; bot replies never reach here. */
export function applyHumanReply(state: StatusState): StatusState {
  return { ...state, waitingSince: null };
}
