import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { createPostgresStore } from '../../../server/store/postgres';
import { createSqliteStore } from '../../../server/store/sqlite';
import type { Store } from '../../../server/store/store';
import { tempDbPath } from './harness';

export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema of its own per test run, so runs never see each other's rows. */
export function uniqueSchema(prefix = 't'): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`drop schema if exists ${schema} cascade`);
  await c.end();
}

export interface StoreFactory {
  name: 'sqlite' | 'postgres';
  /** Opens a fresh, empty store; `url` is what a server process would be given to open the same one. */
  open(): Promise<{ store: Store; url: string; cleanup(): Promise<void> }>;
}

export const storeFactories: StoreFactory[] = [
  {
    name: 'sqlite',
    async open() {
      const url = tempDbPath();
      const store = await createSqliteStore(url);
      return { store, url, cleanup: async () => undefined };
    },
  },
  {
    name: 'postgres',
    async open() {
      const schema = uniqueSchema();
      const url = `${PG_URL}?schema=${schema}`;
      // A store that fails to open (e.g. a migration error) must not leave its schema behind.
      const store = await createPostgresStore(url).catch(async (err) => {
        await dropSchema(schema).catch(() => undefined);
        throw err;
      });
      return { store, url, cleanup: () => dropSchema(schema) };
    },
  },
];

export type OpenedStore = Awaited<ReturnType<StoreFactory['open']>>;

/** Opens a fresh store of `factory` for the enclosing describe block, and closes (and drops) it after. */
export function openStoreForSuite(factory: StoreFactory): () => OpenedStore {
  let opened: OpenedStore | undefined;
  beforeAll(async () => {
    opened = await factory.open();
  });
  afterAll(async () => {
    await opened?.store.close();
    await opened?.cleanup();
  });
  return () => {
    if (!opened) throw new Error('the store is not open: call this inside a test');
    return opened;
  };
}
