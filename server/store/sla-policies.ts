import type { Kysely } from 'kysely';
import type { Tx } from './store';
import type { Database, SlaPolicyTable } from './tables';

/** Each queue's SLA policy, stored as JSON the services validate (utils/schemas/sla). */
export interface SlaPolicyStore {
  /** The queue's policy as stored, or undefined when it has none (read inside `tx` when given). */
  get(workspaceId: string, queue: string, tx?: Tx): Promise<unknown>;
  /** Every policy of the workspace, by queue name (read inside `tx` when given). */
  list(workspaceId: string, tx?: Tx): Promise<Array<Omit<SlaPolicyTable, 'workspace_id' | 'policy'> & { policy: unknown }>>;
  /** Sets the queue's policy, replacing any it had. */
  set(tx: Tx, row: Omit<SlaPolicyTable, 'policy'> & { policy: unknown }): Promise<void>;
  remove(tx: Tx, workspaceId: string, queue: string): Promise<void>;
  /** Moves the policy of queue `from` to queue `to` (a renamed queue keeps its policy). */
  moveQueue(tx: Tx, workspaceId: string, from: string, to: string): Promise<void>;
  /** Replaces the policy text only, leaving who changed it last as it was. */
  rewrite(tx: Tx, workspaceId: string, queue: string, policy: unknown): Promise<void>;
}

export function kyselySlaPolicies(db: Kysely<Database>): SlaPolicyStore {
  return {
    async get(workspaceId, queue, tx) {
      const row = await (tx ?? db)
        .selectFrom('sla_policies')
        .select('policy')
        .where('workspace_id', '=', workspaceId)
        .where('queue', '=', queue)
        .executeTakeFirst();
      return row ? (JSON.parse(row.policy) as unknown) : undefined;
    },
    async list(workspaceId, tx) {
      const rows = await (tx ?? db).selectFrom('sla_policies').selectAll().where('workspace_id', '=', workspaceId).orderBy('queue').execute();
      return rows.map((r) => ({ queue: r.queue, policy: JSON.parse(r.policy) as unknown, updated_by: r.updated_by, updated_at: Number(r.updated_at) }));
    },
    async set(tx, row) {
      const values = { ...row, policy: JSON.stringify(row.policy) };
      await tx
        .insertInto('sla_policies')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['workspace_id', 'queue']).doUpdateSet({ policy: values.policy, updated_by: values.updated_by, updated_at: values.updated_at }),
        )
        .execute();
    },
    async remove(tx, workspaceId, queue) {
      await tx.deleteFrom('sla_policies').where('workspace_id', '=', workspaceId).where('queue', '=', queue).execute();
    },
    async moveQueue(tx, workspaceId, from, to) {
      await tx.updateTable('sla_policies').set({ queue: to }).where('workspace_id', '=', workspaceId).where('queue', '=', from).execute();
    },
    async rewrite(tx, workspaceId, queue, policy) {
      await tx
        .updateTable('sla_policies')
        .set({ policy: JSON.stringify(policy) })
        .where('workspace_id', '=', workspaceId)
        .where('queue', '=', queue)
        .execute();
    },
  };
}
