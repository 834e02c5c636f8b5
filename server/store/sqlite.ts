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
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
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
