import type { Kysely } from 'kysely';
import type { Dialect, Tx } from './store';
import type { ConversationTable, Database } from './tables';

export interface ConversationFilter {
  ownerId?: string | null;
  channelId?: string;
  updatedAfter?: number;
  limit: number;
}

/** Conversations as the services read and change them; every change is compare-and-set on the row's version. */
export interface ConversationStore {
  /** One conversation of the workspace, as last committed. */
  get(workspaceId: string, id: string): Promise<ConversationTable | undefined>;
  /** Several conversations of the workspace, in no particular order; missing ids are left out. */
  byIds(workspaceId: string, ids: string[]): Promise<ConversationTable[]>;
  /** Chats not merged into another, most recently changed first. */
  list(workspaceId: string, filter: ConversationFilter): Promise<ConversationTable[]>;
  /** Chats (not merged away) with an SLA alarm due at `now`, the most overdue first, across every workspace. */
  dueAlarms(now: number, limit: number): Promise<Array<Pick<ConversationTable, 'workspace_id' | 'id'>>>;
  /** The nearest SLA alarm not yet raised across every workspace, or null when no clock runs. */
  nextAlarmAt(): Promise<number | null>;
  /** Reads one conversation inside `tx` to change it; on PostgreSQL it stays locked until commit. */
  loadForChange(tx: Tx, workspaceId: string, id: string): Promise<ConversationTable | undefined>;
  /**
   * Writes `patch` with the next version if the row still has `row.version`, and says whether it did: false
   * means another writer changed the chat since it was read.
   */
  writeIfUnchanged(tx: Tx, row: Pick<ConversationTable, 'id' | 'version'>, patch: Partial<ConversationTable>, now: number): Promise<boolean>;
}

export function kyselyConversations(db: Kysely<Database>, dialect: Dialect): ConversationStore {
  return {
    get: (workspaceId, id) => db.selectFrom('conversations').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst(),
    byIds: async (workspaceId, ids) =>
      ids.length ? db.selectFrom('conversations').selectAll().where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute() : [],
    list(workspaceId, filter) {
      let q = db.selectFrom('conversations').selectAll().where('workspace_id', '=', workspaceId).where('merged_into', 'is', null);
      if (filter.ownerId !== undefined) q = filter.ownerId === null ? q.where('owner_id', 'is', null) : q.where('owner_id', '=', filter.ownerId);
      if (filter.channelId) q = q.where('channel_id', '=', filter.channelId);
      if (filter.updatedAfter !== undefined) q = q.where('updated_at', '>', filter.updatedAfter);
      return q.orderBy('updated_at', 'desc').limit(filter.limit).execute();
    },
    dueAlarms: (now, limit) =>
      db
        .selectFrom('conversations')
        .select(['workspace_id', 'id'])
        .where('sla_alarm_at', '<=', now)
        .where('merged_into', 'is', null)
        .orderBy('sla_alarm_at')
        .limit(limit)
        .execute(),
    async nextAlarmAt() {
      const row = await db
        .selectFrom('conversations')
        .select((eb) => eb.fn.min('sla_alarm_at').as('next'))
        .where('merged_into', 'is', null)
        .executeTakeFirst();
      return row?.next === null || row?.next === undefined ? null : Number(row.next);
    },
    loadForChange(tx, workspaceId, id) {
      let q = tx.selectFrom('conversations').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id);
      // SQLite runs one transaction at a time and has no row locks to take.
      if (dialect === 'postgres') q = q.forUpdate();
      return q.executeTakeFirst();
    },
    async writeIfUnchanged(tx, row, patch, now) {
      const res = await tx
        .updateTable('conversations')
        .set({ ...patch, version: Number(row.version) + 1, updated_at: now })
        .where('id', '=', row.id)
        .where('version', '=', row.version)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },
  };
}
