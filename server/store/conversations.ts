import type { Kysely } from 'kysely';
import type { Dialect, Tx } from './store';
import type { AliasTable, ConversationTable, Database } from './tables';

type Reader = Kysely<Database> | Tx;

export interface ConversationFilter {
  ownerId?: string | null;
  channelId?: string;
  updatedAfter?: number;
  limit: number;
}

/** The owner and reply-lock columns the fencing rules judge a change by. */
export type FenceColumns = Pick<ConversationTable, 'owner_id' | 'lock_holder' | 'lock_token' | 'lock_expires_at' | 'fence'>;

/** Who asks to change a chat under the fencing rules, with the reply-lock token they present (null: none). */
export interface FenceClaim {
  memberId: string;
  token: number | null;
}

/** Conversations as the services read and change them; every change is compare-and-set on the row's version. */
export interface ConversationStore {
  /** One conversation of the workspace, as last committed (read inside `tx` when given). */
  get(workspaceId: string, id: string, tx?: Tx): Promise<ConversationTable | undefined>;
  /** Several conversations of the workspace, in no particular order; missing ids are left out. */
  byIds(workspaceId: string, ids: string[]): Promise<ConversationTable[]>;
  /** Chats not merged into another, most recently changed first. */
  list(workspaceId: string, filter: ConversationFilter): Promise<ConversationTable[]>;
  /** The chat a channel knows by this key (a JID, or `t:` and a title), merged or not (read inside `tx` when given). */
  byChatKey(workspaceId: string, channelId: string, chatKey: string, tx?: Tx): Promise<ConversationTable | undefined>;
  /** Chats of a channel with this phone (with or without +) or titled by it, oldest first (read inside `tx` when given). */
  byPhone(workspaceId: string, channelId: string, digits: string, tx?: Tx): Promise<ConversationTable[]>;
  /** Every chat of the workspace that is neither resolved nor merged away. */
  unresolved(workspaceId: string): Promise<ConversationTable[]>;
  /** Chats (not merged away) with an SLA alarm due at `now`, the most overdue first, across every workspace. */
  dueAlarms(now: number, limit: number): Promise<Array<Pick<ConversationTable, 'workspace_id' | 'id'>>>;
  /** The nearest SLA alarm not yet raised across every workspace, or null when no clock runs. */
  nextAlarmAt(): Promise<number | null>;
  /** Reads one conversation inside `tx` to change it; on PostgreSQL it stays locked until commit. */
  loadForChange(tx: Tx, workspaceId: string, id: string): Promise<ConversationTable | undefined>;
  /** What the fencing rules read of a chat loaded for change: its own owner and reply lock, whoever asks. */
  fencing(row: ConversationTable, claim: FenceClaim): FenceColumns;
  /**
   * Writes `patch` with the next version if the row still has `row.version`, and says whether it did: false
   * means another writer changed the chat since it was read.
   */
  writeIfUnchanged(tx: Tx, row: Pick<ConversationTable, 'id' | 'version'>, patch: Partial<ConversationTable>, now: number): Promise<boolean>;
  /** Writes `patch` with the version after `row.version`, whatever the row's version is now. */
  overwrite(tx: Tx, row: Pick<ConversationTable, 'id' | 'version'>, patch: Partial<ConversationTable>, now: number): Promise<void>;
  insert(tx: Tx, row: ConversationTable): Promise<void>;
  /** Moves every chat of queue `from` to queue `to`, each a new version; says how many moved. */
  moveQueue(tx: Tx, workspaceId: string, from: string, to: string, now: number): Promise<number>;
  /** Records that a title shows this JID on a channel; false when that was known already. */
  addAlias(tx: Tx, alias: AliasTable): Promise<boolean>;
  /** The JIDs (and their chats) a title was seen with on a channel. */
  aliasesOf(tx: Tx, workspaceId: string, channelId: string, titleKey: string): Promise<Array<Pick<AliasTable, 'jid' | 'conversation_id'>>>;
}

export function kyselyConversations(db: Kysely<Database>, dialect: Dialect): ConversationStore {
  const update = (tx: Tx, row: Pick<ConversationTable, 'id' | 'version'>, patch: Partial<ConversationTable>, now: number) =>
    tx
      .updateTable('conversations')
      .set({ ...patch, version: Number(row.version) + 1, updated_at: now })
      .where('id', '=', row.id);
  const ofChannel = (r: Reader, workspaceId: string, channelId: string) =>
    r.selectFrom('conversations').selectAll().where('workspace_id', '=', workspaceId).where('channel_id', '=', channelId);
  return {
    get: (workspaceId, id, tx) =>
      (tx ?? db).selectFrom('conversations').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst(),
    byIds: async (workspaceId, ids) =>
      ids.length ? db.selectFrom('conversations').selectAll().where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute() : [],
    list(workspaceId, filter) {
      let q = db.selectFrom('conversations').selectAll().where('workspace_id', '=', workspaceId).where('merged_into', 'is', null);
      if (filter.ownerId !== undefined) q = filter.ownerId === null ? q.where('owner_id', 'is', null) : q.where('owner_id', '=', filter.ownerId);
      if (filter.channelId) q = q.where('channel_id', '=', filter.channelId);
      if (filter.updatedAfter !== undefined) q = q.where('updated_at', '>', filter.updatedAfter);
      return q.orderBy('updated_at', 'desc').limit(filter.limit).execute();
    },
    byChatKey: (workspaceId, channelId, chatKey, tx) =>
      ofChannel(tx ?? db, workspaceId, channelId)
        .where('chat_key', '=', chatKey)
        .executeTakeFirst(),
    byPhone: (workspaceId, channelId, digits, tx) =>
      ofChannel(tx ?? db, workspaceId, channelId)
        .where((eb) => eb.or([eb('phone', 'in', [digits, `+${digits}`]), eb('chat_key', '=', `t:${digits}`)]))
        .orderBy('created_at')
        .execute(),
    unresolved: (workspaceId) =>
      db
        .selectFrom('conversations')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('merged_into', 'is', null)
        .where('status', 'not in', ['resolved'])
        .execute(),
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
    fencing: (row) => ({
      owner_id: row.owner_id,
      lock_holder: row.lock_holder,
      lock_token: row.lock_token,
      lock_expires_at: row.lock_expires_at,
      fence: row.fence,
    }),
    async writeIfUnchanged(tx, row, patch, now) {
      const res = await update(tx, row, patch, now).where('version', '=', row.version).executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },
    async overwrite(tx, row, patch, now) {
      await update(tx, row, patch, now).execute();
    },
    async insert(tx, row) {
      await tx.insertInto('conversations').values(row).execute();
    },
    async moveQueue(tx, workspaceId, from, to, now) {
      const res = await tx
        .updateTable('conversations')
        .set((eb) => ({ queue: to, version: eb('version', '+', 1), updated_at: now }))
        .where('workspace_id', '=', workspaceId)
        .where('queue', '=', from)
        .executeTakeFirst();
      return Number(res.numUpdatedRows);
    },
    async addAlias(tx, alias) {
      const res = await tx
        .insertInto('aliases')
        .values(alias)
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0n) === 1;
    },
    aliasesOf: (tx, workspaceId, channelId, titleKey) =>
      tx
        .selectFrom('aliases')
        .select(['jid', 'conversation_id'])
        .where('workspace_id', '=', workspaceId)
        .where('channel_id', '=', channelId)
        .where('title_key', '=', titleKey)
        .execute(),
  };
}
