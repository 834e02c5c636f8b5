import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Dialect, Tx } from './store';
import type { ConversationTable, Database, MemberTable } from './tables';

type Reader = Kysely<Database> | Tx;

/** What routing weighs about each active member: their queues, availability and capacity, live tabs and open load. */
export interface CandidateRows {
  members: Array<Pick<MemberTable, 'id' | 'queues' | 'availability' | 'capacity'>>;
  /** Connections seen after `liveSince` with a WhatsApp tab open, by member. */
  live: Map<string, number>;
  /** Owned chats neither resolved nor merged away, by owner. */
  load: Map<string, number>;
}

/** Routing's reads and its per-queue round-robin cursors. */
export interface RoutingStore {
  /**
   * The queue's cursor (the member routing picked last), created when missing and read to change: on PostgreSQL
   * it stays locked until commit, so concurrent picks in one queue take turns.
   */
  cursorForChange(tx: Tx, workspaceId: string, queue: string, now: number): Promise<string | null>;
  saveCursor(tx: Tx, workspaceId: string, queue: string, lastMemberId: string | null, now: number): Promise<void>;
  /** Every queue's cursor, by queue. */
  cursors(workspaceId: string): Promise<Map<string, string | null>>;
  /** Forgets a queue's cursor (a renamed queue starts over). */
  dropCursor(tx: Tx, workspaceId: string, queue: string): Promise<void>;
  /** Routing's candidates, as of `liveSince`; live tabs of `channelId` only when given (read inside `tx` when given). */
  candidates(workspaceId: string, liveSince: number, channelId: string | undefined, tx?: Tx): Promise<CandidateRows>;
  /** Unowned chats of `queues` with a customer waiting, open or with their snooze over at `now`, longest waiting first. */
  waitingChats(
    workspaceId: string,
    queues: string[],
    now: number,
    limit: number,
  ): Promise<Array<Pick<ConversationTable, 'id' | 'queue' | 'waiting_since' | 'created_at'>>>;
  /** Owned chats of `queues`, open or with their snooze over at `now`. */
  ownedChats(
    workspaceId: string,
    queues: string[],
    now: number,
    limit: number,
  ): Promise<Array<Pick<ConversationTable, 'id' | 'owner_id' | 'created_at' | 'queue'>>>;
  /** How many open chats wait unowned in each queue. */
  waitingCounts(workspaceId: string): Promise<Map<string, number>>;
}

export function kyselyRouting(db: Kysely<Database>, dialect: Dialect): RoutingStore {
  const cursor = (r: Reader, workspaceId: string, queue: string) =>
    r.selectFrom('routing_cursors').select('last_member_id').where('workspace_id', '=', workspaceId).where('queue', '=', queue);
  const openAt = (now: number) => (eb: ExpressionBuilder<Database, 'conversations'>) =>
    eb.or([eb('status', '=', 'open'), eb.and([eb('status', '=', 'snoozed'), eb('snoozed_until', '<=', now)])]);
  const chats = (workspaceId: string) => db.selectFrom('conversations').where('workspace_id', '=', workspaceId).where('merged_into', 'is', null);
  return {
    async cursorForChange(tx, workspaceId, queue, now) {
      await tx
        .insertInto('routing_cursors')
        .values({ workspace_id: workspaceId, queue, last_member_id: null, updated_at: now })
        .onConflict((oc) => oc.columns(['workspace_id', 'queue']).doNothing())
        .execute();
      let q = cursor(tx, workspaceId, queue);
      // SQLite runs one transaction at a time and has no row locks to take.
      if (dialect === 'postgres') q = q.forUpdate();
      return (await q.executeTakeFirstOrThrow()).last_member_id;
    },
    async saveCursor(tx, workspaceId, queue, lastMemberId, now) {
      await tx
        .updateTable('routing_cursors')
        .set({ last_member_id: lastMemberId, updated_at: now })
        .where('workspace_id', '=', workspaceId)
        .where('queue', '=', queue)
        .execute();
    },
    async cursors(workspaceId) {
      const rows = await db.selectFrom('routing_cursors').select(['queue', 'last_member_id']).where('workspace_id', '=', workspaceId).execute();
      return new Map(rows.map((r) => [r.queue, r.last_member_id]));
    },
    async dropCursor(tx, workspaceId, queue) {
      await tx.deleteFrom('routing_cursors').where('workspace_id', '=', workspaceId).where('queue', '=', queue).execute();
    },
    async candidates(workspaceId, liveSince, channelId, tx) {
      const r = tx ?? db;
      const members = await r
        .selectFrom('members')
        .select(['id', 'queues', 'availability', 'capacity'])
        .where('workspace_id', '=', workspaceId)
        .where('revoked_at', 'is', null)
        .execute();
      let liveQuery = r
        .selectFrom('connections')
        .select(['member_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('workspace_id', '=', workspaceId)
        .where('last_seen', '>', liveSince);
      liveQuery = channelId === undefined ? liveQuery.where('channel_id', 'is not', null) : liveQuery.where('channel_id', '=', channelId);
      const live = await liveQuery.groupBy('member_id').execute();
      const load = await r
        .selectFrom('conversations')
        .select(['owner_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('workspace_id', '=', workspaceId)
        .where('owner_id', 'is not', null)
        .where('status', '!=', 'resolved')
        .where('merged_into', 'is', null)
        .groupBy('owner_id')
        .execute();
      return {
        members,
        live: new Map(live.map((x) => [x.member_id, Number(x.n)])),
        load: new Map(load.map((x) => [x.owner_id!, Number(x.n)])),
      };
    },
    waitingChats: (workspaceId, queues, now, limit) =>
      chats(workspaceId)
        .select(['id', 'queue', 'waiting_since', 'created_at'])
        .where('owner_id', 'is', null)
        .where('waiting_since', 'is not', null)
        .where('queue', 'in', queues)
        .where(openAt(now))
        .orderBy('waiting_since')
        .orderBy('created_at')
        .limit(limit)
        .execute(),
    ownedChats: (workspaceId, queues, now, limit) =>
      chats(workspaceId)
        .select(['id', 'owner_id', 'created_at', 'queue'])
        .where('owner_id', 'is not', null)
        .where('queue', 'in', queues)
        .where(openAt(now))
        .limit(limit)
        .execute(),
    async waitingCounts(workspaceId) {
      const rows = await chats(workspaceId)
        .select(['queue', (eb) => eb.fn.countAll<number>().as('n')])
        .where('owner_id', 'is', null)
        .where('status', '=', 'open')
        .where('waiting_since', 'is not', null)
        .groupBy('queue')
        .execute();
      return new Map(rows.map((r) => [r.queue, Number(r.n)]));
    },
  };
}
