import { PostgresAdapter, sql } from 'kysely';
import type { EventType, EventView } from '../../utils/schemas/events';
import type { Store, Tx } from '../store/store';
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
 * Appends a mutation's events and stores its idempotent response as the transaction's last write, and returns
 * the last event id. On PostgreSQL, when there are events, the counter bump, the inserts and COMMIT go in one
 * round trip: every writer of the workspace queues on the counter row, and otherwise that row stayed locked
 * until this process got round to sending COMMIT, which on a busy process took longer than the commit itself.
 */
export async function appendAndCommit(store: Pick<Store, 'commitWith' | 'literal'>, tx: Tx, w: FinalWrite): Promise<number | null> {
  if (w.events.length && store.commitWith && store.literal) {
    const rows = await store.commitWith(tx, finalWriteSql(w, store.literal));
    return Number(rows[0].last_event_id);
  }
  const eventId = await appendEvents(tx, w.workspaceId, w.actorId, w.at, w.events);
  if (w.idempotency) {
    const { key, memberId, response } = w.idempotency;
    await tx.insertInto('idempotency').values({ workspace_id: w.workspaceId, key, member_id: memberId, response: JSON.stringify({ ...response, eventId }), created_at: w.at }).execute();
  }
  return eventId;
}

/**
 * The PostgreSQL text of appendAndCommit: one statement (counter, events, idempotent response with the new id
 * spliced in as text) and COMMIT. A workspace that is not there fails the cast before COMMIT is reached; the
 * cast reads a subquery so that the planner cannot fold it into an error that always fires.
 */
function finalWriteSql(w: FinalWrite, lit: (v: string) => string): string {
  const n = w.events.length;
  const int = (x: number) => {
    if (!Number.isSafeInteger(x)) throw new Error(`not an integer: ${x}`);
    return String(x);
  };
  const textOrNull = (v: string | null) => (v === null ? 'null::text' : `${lit(v)}::text`);
  const ws = lit(w.workspaceId);
  const rows = w.events.map((e, i) => `(${i}, ${lit(e.type)}::text, ${textOrNull(e.conversationId)}, ${lit(JSON.stringify(e.data))}::text)`).join(', ');
  const idem = w.idempotency
    ? `, idem as (
      insert into idempotency (workspace_id, key, member_id, response, created_at)
      select ${ws}, ${lit(w.idempotency.key)}, ${lit(w.idempotency.memberId)}, ${lit('{"eventId":')} || head.last_event_id::text || ${lit(jsonTail(w.idempotency.response))}, ${int(w.at)}
      from head
    )`
    : '';
  return `with head as (
      update workspaces set last_event_id = last_event_id + ${int(n)} where id = ${ws} returning last_event_id
    ), ins as (
      insert into events (workspace_id, id, type, conversation_id, actor_id, at, data)
      select ${ws}, head.last_event_id - ${int(n - 1)} + e.i, e.type, e.conversation_id, ${textOrNull(w.actorId)}, ${int(w.at)}::bigint, e.data
      from head cross join (values ${rows}) as e(i, type, conversation_id, data)
      returning id
    )${idem}
    select head.last_event_id, case when (select count(*) from ins) = ${int(n)} then 0
      else cast('events not appended, no such workspace: ' || (select count(*) from ins) as int) end as checked
    from (select 1) as one left join head on true;
    commit`;
}

/**
 * A response's JSON after its opening brace, to follow `{"eventId":<id>`: spliced as text, never cast to jsonb,
 * which refuses escapes (\u0000, lone surrogates) that JSON.parse reads back fine.
 */
function jsonTail(response: Record<string, unknown>): string {
  const { eventId: _replaced, ...rest } = response;
  const body = JSON.stringify(rest);
  return body === '{}' ? '}' : `,${body.slice(1)}`;
}

export const eventView = (row: EventTable): EventView => ({
  id: Number(row.id),
  type: row.type as EventType,
  conversationId: row.conversation_id,
  actorId: row.actor_id,
  at: Number(row.at),
  data: JSON.parse(row.data),
});
