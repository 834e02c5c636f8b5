import type { Kysely, Transaction } from 'kysely';
import type { ConversationStore } from './conversations';
import type { EventLog } from './event-log';
import type { MemberStore } from './members';
import type { WorkspaceStore } from './workspaces';
import type { SlaPolicyStore } from './sla-policies';
import type { ChannelStore } from './channels';
import type { NoteStore } from './notes';
import type { MessageStore } from './messages';
import type { IdempotencyStore } from './idempotency';
import type { RoutingStore } from './routing';
import type { AutomationStore } from './automation';
import type { MetricsStore } from './metrics';
import type { Database } from './tables';

export type Tx = Transaction<Database>;
export type Dialect = 'sqlite' | 'postgres';

/** What every storage adapter gives the services: one query layer, transactions, and a commit signal. */
export interface Store {
  readonly dialect: Dialect;
  /** The query layer itself: for the adapters in this folder, migrations and tests; services use the ports. */
  readonly db: Kysely<Database>;
  /** Runs fn inside one transaction, retrying serialisation failures; never call publish() inside it. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** The workspaces' event logs. */
  readonly events: EventLog;
  readonly conversations: ConversationStore;
  readonly members: MemberStore;
  readonly workspaces: WorkspaceStore;
  readonly slaPolicies: SlaPolicyStore;
  readonly channels: ChannelStore;
  readonly notes: NoteStore;
  readonly messages: MessageStore;
  readonly idempotency: IdempotencyStore;
  readonly routing: RoutingStore;
  readonly automation: AutomationStore;
  readonly metrics: MetricsStore;
  /** Says, after commit, that `workspaceId` has events up to `eventId`; reaches every instance's feed. */
  publish(workspaceId: string, eventId: number): void;
  /** Subscribes to commit signals from this and (on PostgreSQL) every other instance. */
  onPublish(listener: (workspaceId: string, eventId: number) => void): () => void;
  close(): Promise<void>;
}
