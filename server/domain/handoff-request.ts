import type { Role } from '../../utils/schemas/common';
import { badRequest, forbidden, type Refusal } from './errors';

/** A member's pending request to take over a chat from its owner. */
export interface HandoffRequest {
  requestedBy: string;
  /** The owner asked: a request made to an earlier owner is void. */
  ownerId: string;
  note: string | null;
  at: number;
}

export type HandoffRequestDecision =
  { ok: true; changed: false; requests: HandoffRequest[] } | { ok: true; changed: true; requests: HandoffRequest[]; request: HandoffRequest } | Refusal;

export type HandoffAnswerDecision =
  | { ok: true; changed: false }
  | { ok: true; changed: true; outcome: 'accepted'; request: HandoffRequest; requests: HandoffRequest[] }
  | { ok: true; changed: true; outcome: 'declined'; request: HandoffRequest; requests: HandoffRequest[] }
  | Refusal;

const isManager = (role: Role) => role === 'manager' || role === 'admin';

/** The requests that still stand: only those made to the chat's current owner. */
export const pendingRequests = (requests: HandoffRequest[], ownerId: string | null): HandoffRequest[] =>
  ownerId ? requests.filter((r) => r.ownerId === ownerId) : [];

/** Any member but the owner may ask for an owned chat; asking again replaces the earlier note. */
export function decideHandoffRequest(
  ownerId: string | null,
  requests: HandoffRequest[],
  actorId: string,
  note: string | null,
  now: number,
): HandoffRequestDecision {
  if (!ownerId) return badRequest('nobody owns this chat: claim it instead', 'nobody-owns');
  if (ownerId === actorId) return badRequest('you already own this chat', 'already-theirs');
  const pending = pendingRequests(requests, ownerId);
  const earlier = pending.find((r) => r.requestedBy === actorId);
  if (earlier && earlier.note === note) return { ok: true, changed: false, requests: pending };
  const request: HandoffRequest = { requestedBy: actorId, ownerId, note, at: now };
  return { ok: true, changed: true, request, requests: [...pending.filter((r) => r.requestedBy !== actorId), request] };
}

/** Only the owner (or a manager) answers; an answer to a request that is gone is a no-op when it already took effect. */
export function decideHandoffAnswer(
  ownerId: string | null,
  requests: HandoffRequest[],
  actor: { id: string; role: Role },
  requestedBy: string,
  accept: boolean,
): HandoffAnswerDecision {
  if (actor.id !== ownerId && !isManager(actor.role))
    return forbidden('only the owner of this chat or a manager can answer a handoff request', 'owner-answers');
  const pending = pendingRequests(requests, ownerId);
  const request = pending.find((r) => r.requestedBy === requestedBy);
  if (!request) {
    if (accept && ownerId === requestedBy) return { ok: true, changed: false };
    return badRequest('that member has no pending handoff request on this chat', 'no-handoff-request');
  }
  const rest = pending.filter((r) => r !== request);
  return { ok: true, changed: true, outcome: accept ? 'accepted' : 'declined', request, requests: rest };
}
