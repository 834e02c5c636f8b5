import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { DB } from './schema';
import type { Store } from './store';
import { migrateToLatest } from './migrate';
import { LocalSignal } from './local-signal';

const CHANNEL = 'inbox_events';
// int8 columns (ids, epoch ms) fit a JS number; pg would hand them back as strings.
pg.types.setTypeParser(20, (v) => Number(v));

/** `?schema=name` on the URL isolates a deployment (or a test run) in its own schema. */
function splitSchema(url: string): { url: string; schema: string | null } {
  const u = new URL(url);
  const schema = u.searchParams.get('schema');
  u.searchParams.delete('schema');
  if (schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  return { url: u.toString(), schema };
}

const RETRYABLE = new Set(['40001', '40P01']);

export async function createPostgresStore(rawUrl: string, opts: { poolSize?: number } = {}): Promise<Store> {
  const { url, schema } = splitSchema(rawUrl);
  const options = schema ? `-c search_path=${schema}` : undefined;
  if (schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema if not exists ${schema}`);
    await admin.end();
  }
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10, options });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  await migrateWithLock(pool, db);
  const signal = new LocalSignal();
  const listener = await listen(url, options, signal, db);
  return {
    dialect: 'postgres',
    db,
    async transaction(fn) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await db.transaction().execute(fn);
        } catch (err) {
          if (attempt < 5 && RETRYABLE.has((err as { code?: string }).code ?? '')) continue;
          throw err;
        }
      }
    },
    publish(ws, id) {
      signal.emit(ws, id);
      // Fire and forget after commit: other instances also catch up by id, so a lost notify costs latency only.
      pool.query('select pg_notify($1, $2)', [CHANNEL, `${ws} ${id}`]).catch(() => undefined);
    },
    onPublish: (l) => signal.on(l),
    async close() {
      await listener.stop();
      await db.destroy();
    },
  };
}

/** Several instances may start at once: one migrates while the others wait on an advisory lock. */
async function migrateWithLock(pool: pg.Pool, db: Kysely<DB>) {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock(727100)');
    await migrateToLatest(db);
  } finally {
    await client.query('select pg_advisory_unlock(727100)').catch(() => undefined);
    client.release();
  }
}

/** LISTEN on a dedicated connection; reconnects after a drop and re-announces every workspace's head. */
async function listen(url: string, options: string | undefined, signal: LocalSignal, db: Kysely<DB>) {
  let client: pg.Client | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const announceHeads = async () => {
    const rows = await db.selectFrom('workspaces').select(['id', 'last_event_id']).execute();
    for (const r of rows) signal.emit(r.id, Number(r.last_event_id));
  };
  const connect = async (): Promise<void> => {
    if (stopped) return;
    const c = new pg.Client({ connectionString: url, options });
    c.on('notification', (msg) => {
      const [ws, id] = (msg.payload ?? '').split(' ');
      if (ws && id) signal.emit(ws, Number(id));
    });
    c.on('error', () => undefined);
    c.on('end', () => {
      if (stopped) return;
      client = null;
      timer = setTimeout(() => connect().catch(() => reconnectLater()), 200);
    });
    await c.connect();
    await c.query(`listen ${CHANNEL}`);
    client = c;
    // Anything committed while we were not listening is found by id.
    await announceHeads();
  };
  const reconnectLater = () => {
    if (!stopped) timer = setTimeout(() => connect().catch(() => reconnectLater()), 500);
  };
  await connect();
  // A safety net: a notification lost without a reconnect is caught up within this period.
  const poll = setInterval(() => void announceHeads().catch(() => undefined), 5_000);
  poll.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(poll);
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => undefined);
    },
  };
}
