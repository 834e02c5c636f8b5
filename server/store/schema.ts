/** Row types shared by the SQLite and PostgreSQL adapters. Times are epoch milliseconds; JSON is stored as text. */
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
export interface ConversationTable {
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
export interface DB {
  workspaces: WorkspaceTable;
  members: MemberTable;
  invites: InviteTable;
  channels: ChannelTable;
  conversations: ConversationTable;
  aliases: AliasTable;
  notes: NoteTable;
  messages: MessageTable;
  events: EventTable;
  idempotency: IdempotencyTable;
  connections: ConnectionTable;
  answers: AnswerTable;
}
