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
import type { EventView } from '../../utils/schemas/events';
import type { PublishListener } from './local-signal';

export type { PublishListener };

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
  /**
   * Says, after commit, that `workspaceId` has events up to `eventId`; reaches every instance's feed. `events`, when
   * given, are the committed events themselves (ids up to `eventId`, each with its conversation), handed to this
   * instance's listeners only, so its feed need not read back what it just wrote; other instances read them.
   */
  publish(workspaceId: string, eventId: number, events?: readonly EventView[]): void;
  /** Subscribes to commit signals from this and (on PostgreSQL) every other instance. */
  onPublish(listener: PublishListener): () => void;
  close(): Promise<void>;
}
