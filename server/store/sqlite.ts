import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { DB } from './schema';
import type { Store } from './store';
import { migrateToLatest } from './migrate';
import { LocalSignal } from './local-signal';

/** The default store: one embedded file (or ':memory:'), one connection, so transactions run one at a time. */
export async function createSqliteStore(file: string): Promise<Store> {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  // WAL + NORMAL survives a killed process (not a power cut) without an fsync per commit.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  await migrateToLatest(db);
  const signal = new LocalSignal();
  return {
    dialect: 'sqlite',
    db,
    transaction: (fn) => db.transaction().execute(fn),
    publish: (ws, id) => signal.emit(ws, id),
    onPublish: (l) => signal.on(l),
    close: () => db.destroy(),
  };
}

/**
 * Kysely prepares every statement on every query; a claim runs the same few statements over and over, so
 * prepared statements are kept by their SQL. One connection runs one query at a time, so sharing is safe.
 */
function withStatementCache(sqlite: Database.Database) {
  const cache = new Map<string, Database.Statement>();
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
