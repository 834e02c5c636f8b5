import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Tx } from './store';
import type { Database } from './tables';
import { eventReads, type EventLog, type FinalWrite, type NewEvent } from './event-log';

/**
 * The PostgreSQL event log. Every writer of a workspace queues on its counter row, so the row is held as briefly
 * as possible: the bump and the inserts go in one statement, and a mutation's last write carries its own COMMIT
 * (otherwise the row stayed locked until this process got round to sending COMMIT, which on a busy process took
 * longer than the commit itself).
 */
export function postgresEventLog(
  db: Kysely<Database>,
  commitWith: (tx: Tx, text: string) => Promise<Array<Record<string, unknown>>>,
  literal: (v: string) => string,
): EventLog {
  return {
    append: (tx, workspaceId, actorId, at, events) => (events.length ? appendInOneStatement(tx, workspaceId, actorId, at, events) : Promise.resolve(null)),
    async appendAndCommit(tx, w) {
      if (w.events.length) {
        const rows = await commitWith(tx, finalWriteSql(w, literal));
        return Number(rows[0].last_event_id);
      }
      if (w.idempotency) {
        const { key, memberId, response } = w.idempotency;
        await tx
          .insertInto('idempotency')
          .values({ workspace_id: w.workspaceId, key, member_id: memberId, response: JSON.stringify({ ...response, eventId: null }), created_at: w.at })
          .execute();
      }
      return null;
    },
    ...eventReads(db),
  };
}

/** The counter bump and the inserts in one statement (SQLite allows no UPDATE inside WITH, nor needs it). */
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
