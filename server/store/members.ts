import { sql, type Kysely, type Updateable } from 'kysely';
import type { Dialect, Tx } from './store';
import type { ConnectionTable, Database, InviteTable, MemberTable } from './tables';

type Reader = Kysely<Database> | Tx;
export type MemberColumns = Updateable<Omit<MemberTable, 'id' | 'workspace_id' | 'created_at'>>;

/** Members, their invites and the connections that say who is online. */
export interface MemberStore {
  /** The workspace's members, oldest first; revoked ones only when asked for (read inside `tx` when given). */
  list(workspaceId: string, opts?: { includeRevoked?: boolean }, tx?: Tx): Promise<MemberTable[]>;
  /** One member of the workspace, revoked or not (read inside `tx` when given). */
  get(workspaceId: string, id: string, tx?: Tx): Promise<MemberTable | undefined>;
  /** How many members the workspace ever had, revoked ones included. */
  count(workspaceId: string): Promise<number>;
  /** The workspace's active managers and admins, oldest first (read inside `tx` when given). */
  managerIds(workspaceId: string, tx?: Tx): Promise<string[]>;
  /** Names by id, for messages that name someone. */
  names(ids: string[]): Promise<Map<string, string>>;
  /** The active member holding a token with this hash. */
  byTokenHash(tokenHash: string): Promise<Pick<MemberTable, 'id' | 'workspace_id' | 'role'> | undefined>;
  /** Members seen by a connection after `since`. */
  onlineSince(workspaceId: string, since: number): Promise<Set<string>>;
  /** The connections seen after `since`. */
  connectionsSince(workspaceId: string, since: number): Promise<Array<Pick<ConnectionTable, 'member_id' | 'channel_id' | 'browser' | 'last_seen'>>>;
  /**
   * The active members' names, read for a name check: the workspace's name checks take turns until commit, so two
   * concurrent invites cannot both take a free name.
   */
  namesForCheck(tx: Tx, workspaceId: string): Promise<Array<Pick<MemberTable, 'id' | 'name' | 'invited_name'>>>;
  insert(tx: Tx, member: MemberTable): Promise<void>;
  /** Renames queue `from` to `to` in every member's queues, revoked members' too. */
  renameQueue(tx: Tx, workspaceId: string, from: string, to: string): Promise<void>;
  /** Changes an active member; false when the workspace has no active member with that id. */
  updateActive(tx: Tx, workspaceId: string, id: string, cols: MemberColumns): Promise<boolean>;
  addInvite(tx: Tx, invite: InviteTable): Promise<void>;
  findInvite(tx: Tx, codeHash: string): Promise<InviteTable | undefined>;
  /** Marks an invite used; false when another redemption got there first. */
  redeemInvite(tx: Tx, codeHash: string, now: number): Promise<boolean>;
  /** Records that a member's running extension was seen now. */
  touchConnection(connection: {
    id: string;
    workspaceId: string;
    memberId: string;
    channelId: string | null;
    browser: string | null;
    now: number;
  }): Promise<void>;
}

export function kyselyMembers(db: Kysely<Database>, dialect: Dialect): MemberStore {
  const one = (r: Reader, workspaceId: string, id: string) =>
    r.selectFrom('members').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return {
    list(workspaceId, opts = {}, tx) {
      let q = (tx ?? db).selectFrom('members').selectAll().where('workspace_id', '=', workspaceId);
      if (!opts.includeRevoked) q = q.where('revoked_at', 'is', null);
      return q.orderBy('created_at').execute();
    },
    get: (workspaceId, id, tx) => one(tx ?? db, workspaceId, id),
    async count(workspaceId) {
      const row = await db
        .selectFrom('members')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async managerIds(workspaceId, tx) {
      const rows = await (tx ?? db)
        .selectFrom('members')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .where('role', 'in', ['manager', 'admin'])
        .where('revoked_at', 'is', null)
        .orderBy('created_at')
        .execute();
      return rows.map((r) => r.id);
    },
    async names(ids) {
      if (ids.length === 0) return new Map();
      const rows = await db.selectFrom('members').select(['id', 'name']).where('id', 'in', ids).execute();
      return new Map(rows.map((r) => [r.id, r.name]));
    },
    byTokenHash: (tokenHash) =>
      db.selectFrom('members').select(['id', 'workspace_id', 'role']).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst(),
    async onlineSince(workspaceId, since) {
      const rows = await db
        .selectFrom('connections')
        .select('member_id')
        .distinct()
        .where('workspace_id', '=', workspaceId)
        .where('last_seen', '>', since)
        .execute();
      return new Set(rows.map((r) => r.member_id));
    },
    connectionsSince: (workspaceId, since) =>
      db
        .selectFrom('connections')
        .select(['member_id', 'channel_id', 'browser', 'last_seen'])
        .where('workspace_id', '=', workspaceId)
        .where('last_seen', '>', since)
        .execute(),
    async namesForCheck(tx, workspaceId) {
      // PostgreSQL runs invites concurrently; SQLite runs one transaction at a time.
      if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(727101, hashtext(${workspaceId}))`.execute(tx);
      return tx.selectFrom('members').select(['id', 'name', 'invited_name']).where('workspace_id', '=', workspaceId).where('revoked_at', 'is', null).execute();
    },
    async insert(tx, member) {
      await tx.insertInto('members').values(member).execute();
    },
    async renameQueue(tx, workspaceId, from, to) {
      const rows = await tx.selectFrom('members').select(['id', 'queues']).where('workspace_id', '=', workspaceId).execute();
      for (const m of rows) {
        const queues = JSON.parse(m.queues) as string[];
        if (queues.includes(from))
          await tx
            .updateTable('members')
            .set({ queues: JSON.stringify(queues.map((q) => (q === from ? to : q))) })
            .where('id', '=', m.id)
            .execute();
      }
    },
    async updateActive(tx, workspaceId, id, cols) {
      const res = await tx
        .updateTable('members')
        .set(cols)
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },
    async addInvite(tx, invite) {
      await tx.insertInto('invites').values(invite).execute();
    },
    findInvite: (tx, codeHash) => tx.selectFrom('invites').selectAll().where('code_hash', '=', codeHash).executeTakeFirst(),
    async redeemInvite(tx, codeHash, now) {
      const res = await tx
        .updateTable('invites')
        .set({ redeemed_at: now })
        .where('code_hash', '=', codeHash)
        .where('redeemed_at', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },
    async touchConnection(c) {
      await db
        .insertInto('connections')
        .values({ id: c.id, workspace_id: c.workspaceId, member_id: c.memberId, channel_id: c.channelId, browser: c.browser, last_seen: c.now })
        .onConflict((oc) => oc.column('id').doUpdateSet({ last_seen: c.now, channel_id: c.channelId, browser: c.browser }))
        .execute();
    },
  };
}
