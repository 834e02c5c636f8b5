import type { Kysely } from 'kysely';
import type { EventType, EventView } from '../../utils/schemas/events';
import type { Tx } from './store';
import type { Database, EventTable } from './tables';

export interface NewEvent {
  type: EventType;
  conversationId: string | null;
  data: Record<string, unknown>;
}

/** A mutation's last write: its events, and the response stored under its idempotency key (if it has one). */
export interface FinalWrite {
  workspaceId: string;
  actorId: string | null;
  at: number;
  events: NewEvent[];
  /** Stored with `eventId` set to the id of the last event appended. */
  idempotency: { key: string; memberId: string; response: Record<string, unknown> } | null;
}

/**
 * Each workspace's append-only log of what happened: ids are handed out in commit order (the counter row stays
 * locked until commit), so a reader catching up by id never skips one that commits later.
 */
export interface EventLog {
  /** Appends events under the workspace's next ids and returns the last one (null for none). */
  append(tx: Tx, workspaceId: string, actorId: string | null, at: number, events: NewEvent[]): Promise<number | null>;
  /**
   * Appends a mutation's events and stores its idempotent response as the transaction's last write, and returns
   * the last event id. An adapter may commit here: nothing may follow it in the transaction.
   */
  appendAndCommit(tx: Tx, w: FinalWrite): Promise<number | null>;
  /** The workspace's last event id (0 before its first event, and for an unknown workspace). */
  head(workspaceId: string): Promise<number>;
  /** Up to `limit` events after id `after`, oldest first. */
  readAfter(workspaceId: string, after: number, limit: number): Promise<EventView[]>;
  /** The newest `limit` events of one conversation, oldest first, leaving out the types in `except`. */
  conversationTimeline(workspaceId: string, conversationId: string, except: EventType[], limit: number): Promise<EventView[]>;
  /** The newest event of one of `types`, of one conversation and/or by one actor when given (read inside `tx` when given). */
  latest(workspaceId: string, filter: EventFilter, tx?: Tx): Promise<EventView | undefined>;
  /** One conversation's events of `types` after time `since`, oldest first (read inside `tx` when given). */
  ofConversationSince(workspaceId: string, conversationId: string, types: readonly EventType[], since: number, tx?: Tx): Promise<EventView[]>;
  /** When each conversation last had an event of `types`, by conversation, or by conversation and actor (read inside `tx` when given). */
  lastAt(workspaceId: string, conversationIds: string[], types: readonly EventType[], tx?: Tx): Promise<LastAt[]>;
  lastAtByActor(workspaceId: string, conversationIds: string[], types: readonly EventType[], tx?: Tx): Promise<LastAt[]>;
}

export interface EventFilter {
  types: readonly EventType[];
  conversationId?: string;
  actorId?: string;
}

export interface LastAt {
  conversationId: string;
  /** Null when grouped by conversation only. */
  actorId: string | null;
  at: number;
}

/** The portable log (SQLite): bump the counter, then insert; one transaction runs at a time there anyway. */
export function kyselyEventLog(db: Kysely<Database>): EventLog {
  const append: EventLog['append'] = async (tx, workspaceId, actorId, at, events) => {
    if (events.length === 0) return null;
    const { last_event_id } = await tx
      .updateTable('workspaces')
      .set((eb) => ({ last_event_id: eb('last_event_id', '+', events.length) }))
      .where('id', '=', workspaceId)
      .returning('last_event_id')
      .executeTakeFirstOrThrow();
    const last = Number(last_event_id);
    const first = last - events.length + 1;
    await tx
      .insertInto('events')
      .values(
        events.map((e, i) => ({
          workspace_id: workspaceId,
          id: first + i,
          type: e.type,
          conversation_id: e.conversationId,
          actor_id: actorId,
          at,
          data: JSON.stringify(e.data),
        })),
      )
      .execute();
    return last;
  };
  return {
    append,
    async appendAndCommit(tx, w) {
      const eventId = await append(tx, w.workspaceId, w.actorId, w.at, w.events);
      if (w.idempotency) {
        const { key, memberId, response } = w.idempotency;
        await tx
          .insertInto('idempotency')
          .values({ workspace_id: w.workspaceId, key, member_id: memberId, response: JSON.stringify({ ...response, eventId }), created_at: w.at })
          .execute();
      }
      return eventId;
    },
    ...eventReads(db),
  };
}

/** The reads every adapter shares. */
export function eventReads(db: Kysely<Database>): Omit<EventLog, 'append' | 'appendAndCommit'> {
  const ofChats = (r: Kysely<Database> | Tx, workspaceId: string, conversationIds: string[], types: readonly EventType[]) =>
    r.selectFrom('events').where('workspace_id', '=', workspaceId).where('conversation_id', 'in', conversationIds).where('type', 'in', types);
  return {
    async head(workspaceId) {
      const row = await db.selectFrom('workspaces').select('last_event_id').where('id', '=', workspaceId).executeTakeFirst();
      return Number(row?.last_event_id ?? 0);
    },
    async readAfter(workspaceId, after, limit) {
      const rows = await db
        .selectFrom('events')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', '>', after)
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(eventView);
    },
    async conversationTimeline(workspaceId, conversationId, except, limit) {
      let q = db.selectFrom('events').selectAll().where('workspace_id', '=', workspaceId).where('conversation_id', '=', conversationId);
      if (except.length) q = q.where('type', 'not in', except);
      const rows = await q.orderBy('id', 'desc').limit(limit).execute();
      return rows.map(eventView).reverse();
    },
    async latest(workspaceId, filter, tx) {
      let q = (tx ?? db).selectFrom('events').selectAll().where('workspace_id', '=', workspaceId);
      if (filter.conversationId !== undefined) q = q.where('conversation_id', '=', filter.conversationId);
      if (filter.actorId !== undefined) q = q.where('actor_id', '=', filter.actorId);
      const row = await q.where('type', 'in', filter.types).orderBy('id', 'desc').limit(1).executeTakeFirst();
      return row && eventView(row);
    },
    async ofConversationSince(workspaceId, conversationId, types, since, tx) {
      const rows = await (tx ?? db)
        .selectFrom('events')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('conversation_id', '=', conversationId)
        .where('type', 'in', types)
        .where('at', '>', since)
        .orderBy('id')
        .execute();
      return rows.map(eventView);
    },
    async lastAt(workspaceId, conversationIds, types, tx) {
      if (conversationIds.length === 0) return [];
      const rows = await ofChats(tx ?? db, workspaceId, conversationIds, types)
        .select(['conversation_id', (eb) => eb.fn.max('at').as('at')])
        .groupBy('conversation_id')
        .execute();
      return rows.map((r) => ({ conversationId: r.conversation_id!, actorId: null, at: Number(r.at) }));
    },
    async lastAtByActor(workspaceId, conversationIds, types, tx) {
      if (conversationIds.length === 0) return [];
      const rows = await ofChats(tx ?? db, workspaceId, conversationIds, types)
        .select(['conversation_id', 'actor_id', (eb) => eb.fn.max('at').as('at')])
        .groupBy(['conversation_id', 'actor_id'])
        .execute();
      return rows.map((r) => ({ conversationId: r.conversation_id!, actorId: r.actor_id, at: Number(r.at) }));
    },
  };
}

export const eventView = (row: EventTable): EventView => ({
  id: Number(row.id),
  type: row.type as EventType,
  conversationId: row.conversation_id,
  actorId: row.actor_id,
  at: Number(row.at),
  data: JSON.parse(row.data),
});
