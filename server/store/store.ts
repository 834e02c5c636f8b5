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
  /**
   * PostgreSQL only: sends `text` (one or more statements, every value an escaped literal, ending in COMMIT) in
   * one round trip on tx's connection, and returns the rows of its first statement. It must be tx's last query:
   * the transaction is over when it returns.
   */
  commitWith?(tx: Tx, text: string): Promise<Array<Record<string, unknown>>>;
  /** Quotes a string as an SQL literal for commitWith (PostgreSQL only). */
  literal?(value: string): string;
  /** Says, after commit, that `workspaceId` has events up to `eventId`; reaches every instance's feed. */
  publish(workspaceId: string, eventId: number): void;
  /** Subscribes to commit signals from this and (on PostgreSQL) every other instance. */
  onPublish(listener: (workspaceId: string, eventId: number) => void): () => void;
  close(): Promise<void>;
}
