import type { Generated } from 'kysely';

/** Every table's row type, shared by the SQLite and PostgreSQL adapters. Times are epoch milliseconds; JSON is stored as text. */
export interface WorkspaceTable {
  id: string;
  name: string;
  settings: string;
  last_event_id: number;
  created_at: number;
}
export interface MemberTable {
  id: string;
  workspace_id: string;
  name: string;
  /** The name on the invite, when the member chose another at sign-in; null for rows from before 0004. */
  invited_name: string | null;
  initials: string;
  color: string;
  role: 'agent' | 'manager' | 'admin';
  availability: 'available' | 'away' | 'offline';
  queues: string;
  capacity: number;
  token_hash: string | null;
  revoked_at: number | null;
  created_at: number;
}
export interface InviteTable {
  code_hash: string;
  workspace_id: string;
  member_id: string;
  created_at: number;
  expires_at: number;
  redeemed_at: number | null;
}
export interface ChannelTable {
  id: string;
  workspace_id: string;
  wid: string;
  name: string;
  created_at: number;
}
/** The SLA columns migration 0003 adds to conversations (epoch ms; null = not running). */
export interface SlaColumns {
  /** Start of the episode's resolution clock: its first customer message or handoff. */
  sla_episode_start: number | null;
  /** Start of the first-response clock: the handoff when the automation ran, else the first customer message. */
  sla_clock_start: number | null;
  sla_first_met_at: number | null;
  sla_first_warn: number | null;
  sla_first_due: number | null;
  sla_next_warn: number | null;
  sla_next_due: number | null;
  sla_resolution_warn: number | null;
  sla_resolution_due: number | null;
  /** Bit set of warnings and breaches already raised (see TARGETS in services/sla/columns.ts). */
  sla_raised: number;
  /** The earliest warning or due instant not yet raised: what the timer sleeps until. */
  sla_alarm_at: number | null;
}
export interface ConversationColumns {
  id: string;
  workspace_id: string;
  channel_id: string;
  chat_key: string;
  jid: string | null;
  title: string;
  title_key: string;
  kind: 'direct' | 'group';
  phone: string | null;
  status: 'bot' | 'open' | 'pending' | 'snoozed' | 'resolved';
  queue: string;
  owner_id: string | null;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  labels: string;
  waiting_since: number | null;
  episode: number;
  snoozed_until: number | null;
  lock_holder: string | null;
  lock_token: number | null;
  lock_expires_at: number | null;
  fence: number;
  merged_into: string | null;
  version: number;
  created_at: number;
  updated_at: number;
  /** Pending handoff requests as JSON (server/domain/handoff-request.ts); '[]' when none. */
  handoff_requests: string;
}
/** A conversation row as read: its own columns and its SLA clocks. */
export type ConversationTable = ConversationColumns & SlaColumns;
/** As Kysely sees it: sla_raised has a default, so inserts may leave it out. */
export interface ConversationsTable extends ConversationColumns, Omit<SlaColumns, 'sla_raised'> {
  sla_raised: Generated<number>;
}
export interface AliasTable {
  workspace_id: string;
  channel_id: string;
  title_key: string;
  jid: string;
  conversation_id: string;
}
export interface NoteTable {
  id: string;
  workspace_id: string;
  conversation_id: string;
  author_id: string;
  body: string;
  mentions: string;
  created_at: number;
}
export interface MessageTable {
  workspace_id: string;
  conversation_id: string;
  dedupe_key: string;
  direction: 'in' | 'out';
  at: number;
  message_id: string | null;
  attributed_to: string | null;
  episode: number;
  created_at: number;
}
export interface EventTable {
  workspace_id: string;
  id: number;
  type: string;
  conversation_id: string | null;
  actor_id: string | null;
  at: number;
  data: string;
}
export interface IdempotencyTable {
  workspace_id: string;
  key: string;
  member_id: string;
  response: string;
  created_at: number;
}
export interface ConnectionTable {
  id: string;
  workspace_id: string;
  member_id: string;
  channel_id: string | null;
  browser: string | null;
  last_seen: number;
}
export interface AnswerTable {
  workspace_id: string;
  conversation_id: string;
  key: string;
  value: string;
  source: string;
  updated_at: number;
}
export interface RoutingCursorTable {
  workspace_id: string;
  queue: string;
  last_member_id: string | null;
  updated_at: number;
}
export interface WebhookSecretTable {
  id: string;
  workspace_id: string;
  /** Kept in the clear: HMAC verification needs the secret itself. It is printed once, at rotation. */
  secret: string;
  created_at: number;
  /** null while current; a rotated-out secret stays valid until this time. */
  expires_at: number | null;
}
export interface WebhookEventTable {
  workspace_id: string;
  event_id: string;
  type: string;
  conversation_id: string;
  received_at: number;
}
export interface FlowStepTable {
  id: string;
  workspace_id: string;
  conversation_id: string;
  kind: 'step' | 'start' | 'handoff';
  flow: string | null;
  step: string | null;
  summary: string | null;
  reason: string | null;
  data: string;
  at: number;
  created_at: number;
}
export interface SlaPolicyTable {
  workspace_id: string;
  queue: string;
  policy: string;
  updated_by: string | null;
  updated_at: number;
}
/** Every table, as the migrations leave them. */
export interface Database {
  workspaces: WorkspaceTable;
  members: MemberTable;
  invites: InviteTable;
  channels: ChannelTable;
  conversations: ConversationsTable;
  aliases: AliasTable;
  notes: NoteTable;
  messages: MessageTable;
  events: EventTable;
  idempotency: IdempotencyTable;
  connections: ConnectionTable;
  answers: AnswerTable;
  routing_cursors: RoutingCursorTable;
  webhook_secrets: WebhookSecretTable;
  webhook_events: WebhookEventTable;
  flow_steps: FlowStepTable;
  sla_policies: SlaPolicyTable;
}
