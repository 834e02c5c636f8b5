import type { ConversationView } from '../schemas/conversation';
import type { MemberView } from '../schemas/member';
import type { EventView } from '../schemas/events';
import type { RowActivity } from './row-activity';
import type { WorkspaceRules } from '../schemas/settings';
import type { ServerInputs, ServerOutputs } from '../server-contract';

export type { ConversationView, MemberView, EventView, WorkspaceRules };

/** A refusal or failure as the UI shows it; `details` names who is in the way. */
export interface InboxError {
  code: string;
  message: string;
  details?: {
    reason?: string;
    ownerId?: string | null;
    ownerName?: string | null;
    holderId?: string | null;
    holderName?: string | null;
    retryAfterMs?: number;
  } | null;
}
export type Result<T> = { ok: true; value: T } | { ok: false; error: InboxError };

/** Everything a WhatsApp tab needs to draw badges and decide at Enter without a round trip. */
export interface Snapshot {
  signedIn: boolean;
  online: boolean;
  me: MemberView | null;
  members: MemberView[];
  conversations: ConversationView[];
  channelId: string | null;
  lastEventId: number;
  outboxPending: number;
  outboxConflicts: OutboxConflict[];
  /** Why this browser is signed out, and the server it used, when it was signed in before. */
  signedOut: SignedOut | null;
  /** The team's rules (handoff note, take-over, queues); null until the server has been asked once. */
  rules: WorkspaceRules | null;
}

export interface SignedOut {
  serverUrl: string;
  /** Null after a sign-out the rep chose; a sentence when the server refused the member. */
  reason: string | null;
}

export interface OutboxConflict {
  key: string;
  kind: string;
  conversationId: string;
  message: string;
  /** The refusal's code and details, so the popup can say it in the rep's language (absent on older records). */
  error?: Pick<InboxError, 'code' | 'details'>;
  at: number;
}

export type LockOp = { kind: 'acquire'; conversationId: string } | { kind: 'renew' | 'release'; conversationId: string; token: number };
export interface LockGrant {
  token: number;
  expiresAt: number;
}

/** An observation as a tab reports it: the server procedure's input, less the key the outbox adds to replays. */
type Observation<Input> = Omit<Input, 'idempotencyKey'>;
type Observations = ServerInputs['observations'];

/** What the guard and the DOM observer report; replayed from the outbox exactly once. */
export type Report =
  /** `token` is null for a send made offline: the outbox takes the reply lock before it reports the send. */
  | ({ kind: 'send' } & Omit<Observation<Observations['send']>, 'token'> & { token: number | null })
  | ({ kind: 'held' } & Observation<Observations['held']>)
  | ({ kind: 'override' } & Observation<Observations['override']>)
  | ({ kind: 'message' } & Observations['message'])
  /** An outgoing message this tab produced that no guarded send explains; `path` says where it left from. */
  | ({ kind: 'unguarded' } & Observations['unguarded'])
  /** A chat-list row's activity, keyed by the chat and its number (it may have no conversation yet). */
  | ({ kind: 'activity'; chatKey: string; channelId: string } & RowActivity);

/** What the context panel shows: `conversations.context` with the automation's `flowHistory` beside it. */
export type ConversationContext = ServerOutputs['conversations']['context'] & { flow: ServerOutputs['automation']['flowHistory'] };

/** A WhatsApp tab's heartbeat over its port: it keeps the worker alive and says whether the tab can answer. */
export interface TabBeat {
  type: 'heartbeat';
  at: number;
  channelId: string | null;
  healthy: boolean;
}

/** Chat-list reports from a tab over its port, numbered so that the worker's acknowledgement can release them. */
export interface TabReports {
  type: 'reports';
  seq: number;
  reports: Report[];
}

/** The worker has every report of this port numbered up to `upTo` in its outbox. */
export interface ReportsAck {
  type: 'ack';
  upTo: number;
}

/** Pushed from the background to every WhatsApp tab over its port. */
export type TabPush =
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'conversation'; conversation: ConversationView; event: EventView | null }
  /** Records merged into another one: every cache drops them. */
  | { type: 'removed'; conversationIds: string[] }
  | { type: 'members'; members: MemberView[] }
  /** A manager changed the team's rules or queues: every tab follows at once. */
  | { type: 'rules'; rules: WorkspaceRules }
  | { type: 'status'; online: boolean; outboxPending: number; outboxConflicts: OutboxConflict[] }
  /** Several of the above, in order, as one port message: the tab applies them all and redraws once. */
  | { type: 'batch'; pushes: TabPush[] };
