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
  /** The workspace's last event id (0 before its first event). */
  head(workspaceId: string): Promise<number>;
  /** Up to `limit` events after id `after`, oldest first. */
  readAfter(workspaceId: string, after: number, limit: number): Promise<EventView[]>;
  /** The newest `limit` events of one conversation, oldest first, leaving out the types in `except`. */
  conversationTimeline(workspaceId: string, conversationId: string, except: EventType[], limit: number): Promise<EventView[]>;
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
export function eventReads(db: Kysely<Database>): Pick<EventLog, 'head' | 'readAfter' | 'conversationTimeline'> {
  return {
    async head(workspaceId) {
      const row = await db.selectFrom('workspaces').select('last_event_id').where('id', '=', workspaceId).executeTakeFirstOrThrow();
      return Number(row.last_event_id);
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
