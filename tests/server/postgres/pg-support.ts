import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { RaceDatabase, StoreDump } from '../race/race-harness';
import { dropSchema, PG_URL, uniqueSchema } from '../support/stores';

/**
 * A PostgreSQL database for server processes: a schema of its own (created by the first server that starts
 * on it), read back through a short-lived client, dropped by cleanup() whatever happened.
 */
export interface PgDatabase extends RaceDatabase {
  schema: string;
  read(): Promise<StoreDump>;
  /** One query in the run's schema, through a connection of its own. */
  query<R extends pg.QueryResultRow = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]>;
}

export function pgDatabase(prefix: string): PgDatabase {
  const schema = uniqueSchema(prefix);
  const query = async <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => {
    const c = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
    await c.connect();
    try {
      return (await c.query<R>(text, values)).rows;
    } finally {
      await c.end();
    }
  };
  return {
    schema,
    url: `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}schema=${schema}`,
    query,
    read: () => readPgStore(schema),
    cleanup: () => dropSchema(schema),
  };
}

/** The same dump as the SQLite readStore: the whole event log in id order and every stored conversation. */
export async function readPgStore(schema: string): Promise<StoreDump> {
  const c = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
  await c.connect();
  try {
    const events = (await c.query('select id, type, conversation_id, actor_id, at, data from events order by id')).rows.map((r) => ({
      id: Number(r.id),
      type: String(r.type),
      conversationId: r.conversation_id as string | null,
      actorId: r.actor_id as string | null,
      at: Number(r.at),
      data: JSON.parse(r.data) as Record<string, unknown>,
    }));
    const conversations = (await c.query('select id, owner_id, fence, status, version from conversations')).rows.map((r) => ({
      conversationId: String(r.id),
      ownerId: r.owner_id as string | null,
      fence: Number(r.fence),
      status: String(r.status),
      version: Number(r.version),
    }));
    const ws = (await c.query('select last_event_id from workspaces')).rows;
    if (ws.length !== 1) throw new Error(`expected one workspace, found ${ws.length}`);
    const noteIds = new Set((await c.query('select id from notes')).rows.map((r) => String(r.id)));
    return { events, conversations, lastEventId: Number(ws[0].last_event_id), noteIds };
  } finally {
    await c.end();
  }
}

/** The LISTEN backend of one server process (postgres.ts names it `inbox-listen <pid>`), or null when there is none. */
export async function listenerOf(serverPid: number): Promise<{ pid: number; backendStart: Date; query: string } | null> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    const { rows } = await c.query('select pid, backend_start, query from pg_stat_activity where application_name = $1 and state is not null', [
      `inbox-listen ${serverPid}`,
    ]);
    if (rows.length > 1) throw new Error(`server ${serverPid} has ${rows.length} LISTEN connections`);
    return rows[0] ? { pid: Number(rows[0].pid), backendStart: rows[0].backend_start as Date, query: String(rows[0].query) } : null;
  } finally {
    await c.end();
  }
}

/** Terminates backends by pid (pg_terminate_backend); returns how many were terminated. */
export async function terminateBackends(pids: number[]): Promise<number> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    const { rows } = await c.query('select count(*)::int as n from (select pg_terminate_backend(pid) as ok from unnest($1::int[]) as pid) t where ok', [pids]);
    return rows[0].n as number;
  } finally {
    await c.end();
  }
}

/** Waits until server `serverPid` has a LISTEN connection other than `notPid`. */
export async function waitForListener(serverPid: number, notPid: number | null, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const l = await listenerOf(serverPid);
    if (l && l.pid !== notPid && /listen/i.test(l.query)) return l;
    if (Date.now() > deadline) throw new Error(`server ${serverPid} has no new LISTEN connection after ${ms} ms (saw ${JSON.stringify(l)})`);
    await sleep(50);
  }
}

/** A loopback port the OS just handed out; kept by a test to restart a server on the same address. */
export function pickPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
