import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * Copies a SQLite database with SQLite's online backup API: safe while the server is running and writing (it
 * copies a consistent snapshot, WAL included). PostgreSQL is backed up with pg_dump (docs/deploy.md).
 */
export async function backupSqlite(source: string, target: string): Promise<{ pages: number; bytes: number }> {
  if (/^postgres(ql)?:\/\//.test(source)) throw new Error('this is a PostgreSQL database: back it up with pg_dump (docs/deploy.md)');
  if (!fs.existsSync(source)) throw new Error(`no SQLite database at ${source}`);
  if (fs.existsSync(target)) throw new Error(`${target} exists already: choose a new file`);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    const out = await db.backup(target);
    return { pages: out.totalPages, bytes: fs.statSync(target).size };
  } finally {
    db.close();
  }
}
