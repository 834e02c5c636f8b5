import { QueueSlaPolicySchema, type QueueSlaPolicy, type SetSlaPolicyInput } from '../../../utils/schemas/sla';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/tables';
import type { Actor, Deps } from '../deps';
import { ServiceError } from '../service-error';
import { loadSettings } from '../workspace-settings';

/** The queue's policy, or null when it has none (its chats then carry no due times). */
export async function loadQueuePolicy(db: Kysely<Database>, workspaceId: string, queue: string): Promise<QueueSlaPolicy | null> {
  const row = await db.selectFrom('sla_policies').select('policy').where('workspace_id', '=', workspaceId).where('queue', '=', queue).executeTakeFirst();
  return row ? QueueSlaPolicySchema.parse(JSON.parse(row.policy)) : null;
}

export async function listPolicies(deps: Deps, workspaceId: string) {
  const rows = await deps.store.db.selectFrom('sla_policies').selectAll().where('workspace_id', '=', workspaceId).orderBy('queue').execute();
  return rows.map((r) => ({ queue: r.queue, policy: QueueSlaPolicySchema.parse(JSON.parse(r.policy)), updatedBy: r.updated_by, updatedAt: Number(r.updated_at) }));
}

/** Sets or removes one queue's policy. Clocks already running keep the due times they started with. */
export async function setPolicy(deps: Deps, actor: Actor, input: SetSlaPolicyInput) {
  const now = deps.now();
  const out = await deps.store.transaction(async (tx) => {
    const { queues } = await loadSettings(tx, actor.workspaceId);
    const known = (q: string) => queues.includes(q);
    if (!known(input.queue)) throw new ServiceError('BAD_REQUEST', `unknown queue "${input.queue}"; this workspace has: ${queues.join(', ')}`);
    const moveTo = input.policy?.escalation.moveToQueue;
    if (moveTo && !known(moveTo)) throw new ServiceError('BAD_REQUEST', `unknown escalation queue "${moveTo}"; this workspace has: ${queues.join(', ')}`);
    const db = tx;
    if (input.policy) {
      const values = { workspace_id: actor.workspaceId, queue: input.queue, policy: JSON.stringify(input.policy), updated_by: actor.memberId, updated_at: now };
      await db.insertInto('sla_policies').values(values).onConflict((oc) => oc.columns(['workspace_id', 'queue']).doUpdateSet({ policy: values.policy, updated_by: values.updated_by, updated_at: now })).execute();
    } else {
      await db.deleteFrom('sla_policies').where('workspace_id', '=', actor.workspaceId).where('queue', '=', input.queue).execute();
    }
    return deps.store.events.append(tx, actor.workspaceId, actor.memberId, now, [{ type: 'sla.policy_changed', conversationId: null, data: { queue: input.queue, policy: input.policy } }]);
  });
  if (out !== null) deps.store.publish(actor.workspaceId, out);
  return { queue: input.queue, policy: input.policy, eventId: out };
}
