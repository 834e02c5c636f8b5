import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './tables';
import type { Store } from './store';
import { migrateToLatest } from './migrate';
import { LocalSignal } from './local-signal';
import { kyselyEventLog } from './event-log';
import { kyselyPorts } from './ports';

/** How often a file store checks whether another process (the admin command line) committed to it. */
export const OTHER_WRITERS_POLL_MS = 500;

/** The default store: one embedded file (or ':memory:'), one connection, so transactions run one at a time. */
export async function createSqliteStore(file: string, opts: { otherWritersPollMs?: number } = {}): Promise<Store> {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  // WAL + NORMAL survives a killed process (not a power cut) without an fsync per commit.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  await migrateToLatest(db);
  const signal = new LocalSignal();
  const watcher = file === ':memory:' ? null : watchOtherWriters(sqlite, db, signal, opts.otherWritersPollMs ?? OTHER_WRITERS_POLL_MS);
  return {
    dialect: 'sqlite',
    db,
    transaction: (fn) => db.transaction().execute(fn),
    events: kyselyEventLog(db),
    ...kyselyPorts(db, 'sqlite'),
    publish: (ws, id, events) => signal.emit(ws, id, events),
    onPublish: (l) => signal.on(l),
    close: async () => {
      watcher?.stop();
      await db.destroy();
    },
  };
}

/**
 * Another process committing to the file (the admin command line revoking a member) moves PRAGMA data_version,
 * which our own commits never do; its events are then announced like ours, so live feeds see them within a poll.
 */
function watchOtherWriters(sqlite: SqliteDatabase.Database, db: Kysely<Database>, signal: LocalSignal, everyMs: number) {
  let seen = sqlite.pragma('data_version', { simple: true });
  let reading = false;
  const timer = setInterval(() => {
    const version = sqlite.pragma('data_version', { simple: true });
    if (version === seen || reading) return;
    seen = version;
    reading = true;
    db.selectFrom('workspaces')
      .select(['id', 'last_event_id'])
      .execute()
      .then((rows) => rows.forEach((r) => signal.emit(r.id, Number(r.last_event_id))))
      .catch(() => undefined)
      .finally(() => (reading = false));
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/**
 * Kysely prepares every statement on every query; a claim runs the same few statements over and over, so
 * prepared statements are kept by their SQL. One connection runs one query at a time, so sharing is safe.
 */
function withStatementCache(sqlite: SqliteDatabase.Database) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = sqlite.prepare(sql);
        // Queries built with IN lists vary in text: cap the cache rather than grow it forever.
        if (cache.size >= 500) cache.delete(cache.keys().next().value!);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}
