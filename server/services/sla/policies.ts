import { QueueSlaPolicySchema, type QueueSlaPolicy, type SetSlaPolicyInput } from '../../../utils/schemas/sla';
import type { Store, Tx } from '../../store/store';
import type { Actor, Deps } from '../deps';
import { ServiceError } from '../service-error';
import { loadSettings } from '../workspace-settings';

/** The queue's policy, or null when it has none (its chats then carry no due times). */
export async function loadQueuePolicy(store: Store, workspaceId: string, queue: string, tx?: Tx): Promise<QueueSlaPolicy | null> {
  const policy = await store.slaPolicies.get(workspaceId, queue, tx);
  return policy === undefined ? null : QueueSlaPolicySchema.parse(policy);
}

export async function listPolicies(deps: Deps, workspaceId: string) {
  const rows = await deps.store.slaPolicies.list(workspaceId);
  return rows.map((r) => ({ queue: r.queue, policy: QueueSlaPolicySchema.parse(r.policy), updatedBy: r.updated_by, updatedAt: r.updated_at }));
}

/** Sets or removes one queue's policy. Clocks already running keep the due times they started with. */
export async function setPolicy(deps: Deps, actor: Actor, input: SetSlaPolicyInput) {
  const now = deps.now();
  const out = await deps.store.transaction(async (tx) => {
    const { queues } = await loadSettings(deps.store, actor.workspaceId, tx);
    const known = (q: string) => queues.includes(q);
    if (!known(input.queue)) throw new ServiceError('BAD_REQUEST', `unknown queue "${input.queue}"; this workspace has: ${queues.join(', ')}`);
    const moveTo = input.policy?.escalation.moveToQueue;
    if (moveTo && !known(moveTo)) throw new ServiceError('BAD_REQUEST', `unknown escalation queue "${moveTo}"; this workspace has: ${queues.join(', ')}`);
    if (input.policy)
      await deps.store.slaPolicies.set(tx, {
        workspace_id: actor.workspaceId,
        queue: input.queue,
        policy: input.policy,
        updated_by: actor.memberId,
        updated_at: now,
      });
    else await deps.store.slaPolicies.remove(tx, actor.workspaceId, input.queue);
    return deps.store.events.append(tx, actor.workspaceId, actor.memberId, now, [
      { type: 'sla.policy_changed', conversationId: null, data: { queue: input.queue, policy: input.policy } },
    ]);
  });
  if (out !== null) deps.store.publish(actor.workspaceId, out);
  return { queue: input.queue, policy: input.policy, eventId: out };
}
