import type { Store } from './store';
import { createSqliteStore } from './sqlite';

/** A postgres:// URL selects PostgreSQL; anything else is a SQLite file path. */
export async function openStore(url: string, opts: { pgNotify?: boolean } = {}): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { createPostgresStore } = await import('./postgres');
    return createPostgresStore(url, { notify: opts.pgNotify });
  }
  return createSqliteStore(url);
}
