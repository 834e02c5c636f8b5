import Dexie, { type EntityTable } from 'dexie';
import type { ConversationView, InboxError, MemberView } from '../inbox/types';
import type { Report } from '../inbox/types';

export interface OutboxItem {
  seq?: number;
  /** Idempotency key sent with the request: a replay after a crash applies once. */
  key: string;
  report: Report;
  createdAt: number;
  attempts: number;
  lastError: string | null;
}

export interface ConflictItem {
  key: string;
  kind: string;
  conversationId: string;
  message: string;
  /** The refusal's code and details, so the popup can say it in the rep's language. */
  error?: Pick<InboxError, 'code' | 'details'>;
  at: number;
}

/** The signed-in session, member token included; one row, id 'current'. */
export interface SessionRow {
  id: 'current';
  serverUrl: string;
  token: string;
  me: MemberView;
  workspaceId: string;
}

/** The background's cache: owned only by the service worker (content scripts see WhatsApp's IndexedDB). */
export class AppDb extends Dexie {
  conversations!: EntityTable<ConversationView, 'id'>;
  members!: EntityTable<MemberView, 'id'>;
  outbox!: EntityTable<OutboxItem, 'seq'>;
  conflicts!: EntityTable<ConflictItem, 'key'>;
  /** Here, not in extension storage: content scripts can read chrome.storage.local, never the extension origin's IndexedDB. */
  session!: EntityTable<SessionRow, 'id'>;

  constructor(name = 'team-inbox') {
    super(name);
    this.version(1).stores({
      conversations: 'id, ownerId, updatedAt',
      members: 'id',
      outbox: '++seq, &key',
      conflicts: 'key, at',
    });
    this.version(2).stores({ session: 'id' });
  }
}
