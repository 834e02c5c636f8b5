import type { Role } from '../../utils/schemas/common';
import { badRequest, forbidden, type Refusal } from './errors';

export type OwnershipCommand =
  | { kind: 'claim' }
  | { kind: 'assign'; to: string; note?: string }
  | { kind: 'release' }
  | { kind: 'handoff'; to: string; note: string }
  | { kind: 'takeOver'; reason: string };

export interface OwnershipPolicy {
  /** Whether an agent may take over a teammate's chat (managers always may). */
  agentsCanTakeOver: boolean;
}

export type OwnershipDecision =
  | { ok: true; changed: false; ownerId: string | null }
  | { ok: true; changed: true; ownerId: string | null; event: OwnershipEventType; data: Record<string, unknown> }
  | Refusal;

export type OwnershipEventType = 'ownership.claimed' | 'ownership.assigned' | 'ownership.released' | 'ownership.handed_off' | 'ownership.taken_over';

const isManager = (role: Role) => role === 'manager' || role === 'admin';

const ownedByOther = (ownerId: string): Refusal => ({
  ok: false,
  code: 'CONFLICT',
  reason: 'owned-by-other',
  message: 'another member owns this chat',
  ownerId,
});

const change = (from: string | null, to: string | null, event: OwnershipEventType, extra: Record<string, unknown> = {}): OwnershipDecision => ({
  ok: true,
  changed: true,
  ownerId: to,
  event,
  data: { from, to, ...extra },
});

/** Decides an ownership change from the current owner alone, so a store can apply it as one compare-and-set. */
export function decideOwnership(
  currentOwner: string | null,
  actor: { id: string; role: Role },
  cmd: OwnershipCommand,
  policy: OwnershipPolicy,
  /** Who holds a live reply lock, if anyone: a claim must not snatch a chat a teammate is answering. */
  lockHolder: string | null = null,
): OwnershipDecision {
  const unchanged: OwnershipDecision = { ok: true, changed: false, ownerId: currentOwner };
  switch (cmd.kind) {
    case 'claim':
      if (currentOwner === actor.id) return unchanged;
      if (currentOwner) return ownedByOther(currentOwner);
      if (lockHolder && lockHolder !== actor.id) {
        return { ok: false, code: 'CONFLICT', reason: 'locked-by-other', message: 'a teammate is replying in this chat', ownerId: null, holderId: lockHolder };
      }
      return change(null, actor.id, 'ownership.claimed');
    case 'assign':
      if (!isManager(actor.role) && currentOwner !== actor.id) {
        return currentOwner ? ownedByOther(currentOwner) : forbidden('agents can only pass on chats they own; claim it first', 'claim-first');
      }
      if (currentOwner === cmd.to) return unchanged;
      return change(currentOwner, cmd.to, 'ownership.assigned', cmd.note ? { note: cmd.note } : {});
    case 'release':
      if (!currentOwner) return unchanged;
      if (currentOwner !== actor.id && !isManager(actor.role)) return ownedByOther(currentOwner);
      return change(currentOwner, null, 'ownership.released');
    case 'handoff':
      if (!currentOwner) return badRequest('nobody owns this chat: claim or assign it instead', 'nobody-owns');
      if (currentOwner !== actor.id && !isManager(actor.role)) return ownedByOther(currentOwner);
      if (cmd.to === currentOwner) return badRequest('the chat already belongs to that member', 'already-theirs');
      return change(currentOwner, cmd.to, 'ownership.handed_off', { note: cmd.note });
    case 'takeOver':
      if (!currentOwner) return badRequest('nobody owns this chat: claim it instead', 'nobody-owns');
      if (currentOwner === actor.id) return unchanged;
      if (!isManager(actor.role) && !policy.agentsCanTakeOver) return forbidden('this workspace lets only managers take over chats', 'managers-only-take-over');
      return change(currentOwner, actor.id, 'ownership.taken_over', { reason: cmd.reason });
  }
}
