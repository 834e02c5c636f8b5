import { decideOwnership, type OwnershipCommand } from '../domain/ownership';
import { acquireLease, endLeaseUnlessHeldBy, isLeaseHeld } from '../domain/lease';
import type { NewEvent } from '../store/event-log';
import type { Actor, Deps } from './deps';
import { fencedLease, leaseColumns, leaseOf } from './conversation-view';
import { mutateConversation } from './mutate-conversation';
import { ServiceError } from './service-error';
import { loadSettings } from './workspace-settings';
import { missingHandoffNote } from './routing/handoff-rule';

/** Claim, assign, release, hand off or take over: one atomic compare-and-set on the owner. */
export async function changeOwnership(
  deps: Deps,
  actor: Actor,
  conversationId: string,
  cmd: OwnershipCommand,
  idempotencyKey?: string,
  opts: { withLock?: boolean } = {},
) {
  const target = 'to' in cmd ? cmd.to : null;
  if (target) await requireActiveMember(deps, actor.workspaceId, target);
  return mutateConversation(deps, actor, conversationId, idempotencyKey, async (row, tx, now) => {
    const policy =
      cmd.kind === 'takeOver' || cmd.kind === 'assign'
        ? await loadSettings(deps.store, actor.workspaceId, tx)
        : { agentsCanTakeOver: false, handoffNoteRequired: false };
    const lease = leaseOf(row);
    const fence = fencedLease(deps.store, row, { memberId: actor.memberId, token: null });
    const holder = isLeaseHeld(fence, now) ? fence.holderId : null;
    const decision = decideOwnership(row.owner_id, { id: actor.memberId, role: actor.role }, cmd, policy, holder);
    if (!decision.ok) return decision;
    const noteMissing = decision.changed ? missingHandoffNote(row.owner_id, actor.memberId, cmd, policy) : null;
    if (noteMissing) return noteMissing;
    if (!decision.changed) return { patch: null, events: [], result: { changed: false } };
    let next = endLeaseUnlessHeldBy(lease, decision.ownerId, now);
    const events: NewEvent[] = [{ type: decision.event, conversationId: row.id, data: { ...decision.data, version: Number(row.version) + 1 } }];
    // A claim made to send (the guard's claim-on-send) takes the reply lock in the same commit: one round trip.
    if (opts.withLock && decision.ownerId === actor.memberId) {
      const granted = acquireLease(next, actor.memberId, now, deps.config.lockTtlMs);
      if (granted.ok && granted.event) {
        next = granted.lease;
        events.push({ type: granted.event, conversationId: row.id, data: { holderId: next.holderId, token: next.token, expiresAt: next.expiresAt } });
      }
    }
    return { patch: { owner_id: decision.ownerId, ...leaseColumns(next) }, events, result: { changed: true } };
  });
}

export async function requireActiveMember(deps: Deps, workspaceId: string, memberId: string): Promise<void> {
  const m = await deps.store.members.get(workspaceId, memberId);
  if (!m || m.revoked_at !== null) throw new ServiceError('BAD_REQUEST', 'that member is not an active member of this workspace');
}
