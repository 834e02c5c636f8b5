import { PostgresAdapter, sql } from 'kysely';
import type { EventType, EventView } from '../../utils/schemas/events';
import type { Tx } from '../store/store';
import type { EventTable } from '../store/schema';

export interface NewEvent {
  type: EventType;
  conversationId: string | null;
  data: Record<string, unknown>;
}

/**
 * Appends events with the workspace's next ids. The counter row stays locked until commit, so ids are
 * handed out in commit order and a reader catching up by id never skips one that commits later.
 */
export async function appendEvents(tx: Tx, workspaceId: string, actorId: string | null, at: number, events: NewEvent[]): Promise<number | null> {
  if (events.length === 0) return null;
  if (tx.getExecutor().adapter instanceof PostgresAdapter) return appendInOneStatement(tx, workspaceId, actorId, at, events);
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
    .values(events.map((e, i) => ({ workspace_id: workspaceId, id: first + i, type: e.type, conversation_id: e.conversationId, actor_id: actorId, at, data: JSON.stringify(e.data) })))
    .execute();
  return last;
}

/**
 * PostgreSQL: the counter bump and the inserts in one statement, so the counter row (which every writer of the
 * workspace queues on) is held for one round trip fewer. SQLite allows no UPDATE inside WITH, and needs no such
 * care: it runs one transaction at a time.
 */
async function appendInOneStatement(tx: Tx, workspaceId: string, actorId: string | null, at: number, events: NewEvent[]): Promise<number> {
  const rows = events.map((e, i) => sql`(${i}::int, ${e.type}::text, ${e.conversationId}::text, ${JSON.stringify(e.data)}::text)`);
  const { rows: inserted } = await sql<{ id: number }>`
    with head as (
      update workspaces set last_event_id = last_event_id + ${events.length} where id = ${workspaceId} returning last_event_id
    )
    insert into events (workspace_id, id, type, conversation_id, actor_id, at, data)
    select ${workspaceId}, head.last_event_id - ${events.length - 1} + e.i, e.type, e.conversation_id, ${actorId}::text, ${at}::bigint, e.data
    from head cross join (values ${sql.join(rows)}) as e(i, type, conversation_id, data)
    returning id`.execute(tx);
  if (inserted.length !== events.length) throw new Error(`no workspace ${workspaceId} to append events to`);
  return Math.max(...inserted.map((r) => Number(r.id)));
}

export const eventView = (row: EventTable): EventView => ({
  id: Number(row.id),
  type: row.type as EventType,
  conversationId: row.conversation_id,
  actorId: row.actor_id,
  at: Number(row.at),
  data: JSON.parse(row.data),
});
