import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema';

export type Tx = Transaction<DB>;
export type Dialect = 'sqlite' | 'postgres';

/** What every storage adapter gives the services: one query layer, transactions, and a commit signal. */
export interface Store {
  readonly dialect: Dialect;
  readonly db: Kysely<DB>;
  /** Runs fn inside one transaction, retrying serialisation failures; never call publish() inside it. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Says, after commit, that `workspaceId` has events up to `eventId`; reaches every instance's feed. */
  publish(workspaceId: string, eventId: number): void;
  /** Subscribes to commit signals from this and (on PostgreSQL) every other instance. */
  onPublish(listener: (workspaceId: string, eventId: number) => void): () => void;
  close(): Promise<void>;
}
