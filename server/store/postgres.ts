import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from './tables';
import type { Store, Tx } from './store';
import { migrateToLatest } from './migrate';
import { LocalSignal } from './local-signal';
import { postgresEventLog } from './postgres-event-log';
import { kyselyPorts } from './ports';
import { doublingBackoff } from '../../utils/backoff';

/** 100 ms, 200 ms ... up to 5 s between LISTEN reconnects. */
const listenRetryDelayMs = doublingBackoff(100, 5_000);

/** One channel per schema: deployments (and test runs) sharing a database do not wake each other. Max 63 bytes. */
const channelFor = (schema: string | null) => (schema ? `inbox_events_${schema}` : 'inbox_events').slice(0, 63);
// int8 columns (ids, epoch ms) fit a JS number; pg would hand them back as strings.
pg.types.setTypeParser(20, (v) => Number(v));

/** A query layer on one checked-out connection: what a transaction's statements run through. */
function boundTo(client: pg.PoolClient): Tx {
  const handle = { query: client.query.bind(client), release: () => undefined };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: { connect: async () => handle, end: async () => undefined } as never }) });
  return db as unknown as Tx;
}

/** `?schema=name` on the URL isolates a deployment (or a test run) in its own schema. */
function splitSchema(url: string): { url: string; schema: string | null } {
  const u = new URL(url);
  const schema = u.searchParams.get('schema');
  u.searchParams.delete('schema');
  if (schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  return { url: u.toString(), schema };
}

const RETRYABLE = new Set(['40001', '40P01']);

export interface PostgresStoreOptions {
  poolSize?: number;
  /**
   * Wake other instances with pg_notify after each commit (default true). Off, they still catch up through the
   * safety poll, only later: a switch for measuring what NOTIFY costs, not for production.
   */
  notify?: boolean;
}

export async function createPostgresStore(rawUrl: string, opts: PostgresStoreOptions = {}): Promise<Store> {
  const { url, schema } = splitSchema(rawUrl);
  const options = schema ? `-c search_path=${schema}` : undefined;
  if (schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      // Two instances creating the same schema at once can still collide on the catalog: that one already exists.
      await admin.query(`create schema if not exists ${schema}`).catch((err) => {
        if ((err as { code?: string }).code !== '23505') throw err;
      });
    } finally {
      await admin.end();
    }
  }
  // application_name carries the pid so an operator (or a test) can tell which instance a backend belongs to.
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10, options, application_name: `inbox ${process.pid}` });
  // An idle pooled connection that dies (PostgreSQL restart, pg_terminate_backend) is dropped by the pool; without
  // a listener its 'error' event would crash the process.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const signal = new LocalSignal();
  const channel = channelFor(schema);
  // Tags this instance's notifications: it signalled its own commits locally already and skips their echo.
  const instance = randomBytes(6).toString('hex');
  let listener: Awaited<ReturnType<typeof listen>>;
  try {
    await migrateWithLock(pool, db, schema);
    listener = await listen(url, options, channel, signal, db, instance);
  } catch (err) {
    // A store that failed to open leaves no pool (or listener retries) behind.
    await db.destroy().catch(() => undefined);
    throw err;
  }
  const notify = opts.notify ?? true;
  const notifier = coalescingNotifier(pool, channel, instance);
  const clients = new WeakMap<Tx, pg.PoolClient>();
  const committed = new WeakSet<Tx>();
  /**
   * Sends `text` (statements whose values are escaped literals, ending in COMMIT) in one round trip on tx's
   * connection and returns the rows of its first statement; the transaction is over when it returns.
   */
  const commitWith = async (tx: Tx, text: string) => {
    const client = clients.get(tx);
    if (!client) throw new Error('commitWith needs a transaction of this store');
    // No values: the simple query protocol, which runs several statements in one round trip and stops at the
    // first error (the transaction is then rolled back by transaction()).
    const results = (await client.query(text)) as unknown as pg.QueryResult | pg.QueryResult[];
    committed.add(tx);
    return (Array.isArray(results) ? results[0] : results).rows;
  };
  const events = postgresEventLog(db, commitWith, (value) => pg.escapeLiteral(value));
  return {
    dialect: 'postgres',
    db,
    /**
     * Transactions are run by hand on one pooled connection (not by Kysely), so that the last write can carry
     * its own COMMIT (commitWith) and this process need not answer before the transaction's locks are freed.
     */
    async transaction(fn) {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        let broken = false;
        try {
          await client.query('begin').catch((err) => {
            broken = true;
            throw err;
          });
          const tx = boundTo(client);
          clients.set(tx, client);
          try {
            const out = await fn(tx);
            if (!committed.has(tx)) await client.query('commit');
            return out;
          } catch (err) {
            if (!committed.has(tx)) await client.query('rollback').catch(() => (broken = true));
            throw err;
          }
        } catch (err) {
          if (attempt < 5 && RETRYABLE.has((err as { code?: string }).code ?? '')) continue;
          throw err;
        } finally {
          // A connection that could not even roll back is not handed to the next caller.
          client.release(broken || undefined);
        }
      }
    },
    events,
    ...kyselyPorts(db, 'postgres'),
    publish(ws, id, events) {
      signal.emit(ws, id, events);
      if (notify) notifier.publish(ws, id);
    },
    onPublish: (l) => signal.on(l),
    async close() {
      await listener.stop();
      await db.destroy();
    },
  };
}

/**
 * Wakes the other instances after commits, off the request path (fire and forget: they also catch up by id,
 * so a lost notify costs latency only). At most one pg_notify statement is in flight per instance; heads that
 * commit meanwhile are merged (highest id per workspace) into the next one. A signal is only "there is
 * something up to id N", so merging loses nothing, and under load the notify rate drops from one per commit
 * to one per round trip: each NOTIFY is a transaction of its own that PostgreSQL serialises on its queue lock.
 * Nothing depends on the notify being durable, so it commits without waiting for the WAL flush.
 */
function coalescingNotifier(pool: pg.Pool, channel: string, instance: string) {
  const pending = new Map<string, number>();
  let flushing = false;
  const flush = async () => {
    flushing = true;
    try {
      while (pending.size > 0) {
        const payloads = [...pending].map(([ws, id]) => `${ws} ${id} ${instance}`);
        pending.clear();
        await pool
          .query("select set_config('synchronous_commit', 'off', true), pg_notify($1, p) from unnest($2::text[]) as p", [channel, payloads])
          .catch(() => undefined);
      }
    } finally {
      flushing = false;
    }
  };
  return {
    publish(ws: string, id: number) {
      if ((pending.get(ws) ?? 0) < id) pending.set(ws, id);
      if (!flushing) void flush();
    },
  };
}

/** Several instances may start at once: one migrates while the others wait on an advisory lock (per schema). */
async function migrateWithLock(pool: pg.Pool, db: Kysely<Database>, schema: string | null) {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ schema: string }>('select current_schema() as schema');
    const target = schema ?? rows[0].schema;
    await client.query('select pg_advisory_lock(727100, hashtext($1))', [target]);
    try {
      await migrateToLatest(db, { migrationTableSchema: target });
    } finally {
      await client.query('select pg_advisory_unlock(727100, hashtext($1))', [target]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}

/**
 * LISTEN on a dedicated connection; after a drop it reconnects (one attempt at a time, backing off) and
 * re-announces every workspace's head, so whatever was committed while nobody listened is caught up by id.
 */
async function listen(url: string, options: string | undefined, channel: string, signal: LocalSignal, db: Kysely<Database>, instance: string) {
  let current: pg.Client | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let attempt = 0;
  const announceHeads = async () => {
    const rows = await db.selectFrom('workspaces').select(['id', 'last_event_id']).execute();
    for (const r of rows) signal.emit(r.id, Number(r.last_event_id));
  };
  // pg emits 'end' after a failed connect too: every path funnels into this one guarded timer, never two chains.
  const reconnect = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void connect().catch(() => reconnect());
    }, listenRetryDelayMs(attempt++));
  };
  const connect = async (): Promise<void> => {
    if (stopped) return;
    const c = new pg.Client({ connectionString: url, options, application_name: `inbox-listen ${process.pid}`, keepAlive: true });
    current = c;
    c.on('notification', (msg) => {
      const [ws, id, from] = (msg.payload ?? '').split(' ');
      if (ws && id && from !== instance) signal.emit(ws, Number(id));
    });
    c.on('error', () => undefined);
    c.on('end', () => {
      if (current !== c) return;
      current = null;
      reconnect();
    });
    try {
      await c.connect();
      await c.query(`listen "${channel}"`);
    } catch (err) {
      if (current === c) current = null;
      await c.end().catch(() => undefined);
      throw err;
    }
    if (stopped) return void (await c.end().catch(() => undefined));
    attempt = 0;
    // Anything committed while we were not listening is found by id; if this read fails the poll below repeats it.
    await announceHeads().catch(() => undefined);
  };
  await connect().catch((err) => {
    stopped = true;
    if (timer) clearTimeout(timer);
    throw err;
  });
  // A safety net: a notification lost without a reconnect is caught up within this period.
  const poll = setInterval(() => void announceHeads().catch(() => undefined), 5_000);
  poll.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(poll);
      if (timer) clearTimeout(timer);
      const c = current;
      current = null;
      await c?.end().catch(() => undefined);
    },
  };
}
