import { defineExtensionMessaging } from '@webext-core/messaging';
import type { ChatIdentity } from './schemas/conversation';
import type { ConversationContext, ConversationView, LockGrant, LockOp, Report, Result, Snapshot } from './inbox/types';
import type { CoverageChats, CoverageChatsQuery, ManagerViewState } from './metrics/manager-view';
import type { SummaryReport } from './metrics/summary-csv';
import type { AdapterHealth } from './whatsapp/health';
import type { SettingsCall, SettingsReply, TeamSettingsView } from './inbox/settings-types';
import type { ServerInputs } from './server-contract';

/** A tab's change to one chat: the server procedure's own input, less the key the outbox adds to replays. */
type Change<Input> = Omit<Input, 'idempotencyKey'>;

/** Every change a tab makes to a chat, one message each, named and shaped as the server procedure it calls. */
export interface ConversationCommands {
  /** `withLock`: claimed to send, so the reply lock comes in the same call (the returned view's `lock`). */
  claim: Change<ServerInputs['assignment']['claim']>;
  release: Change<ServerInputs['assignment']['release']>;
  assign: Change<ServerInputs['assignment']['assign']>;
  handoff: Change<ServerInputs['assignment']['handoff']>;
  takeOver: Change<ServerInputs['assignment']['takeOver']>;
  requestHandoff: Change<ServerInputs['assignment']['requestHandoff']>;
  answerHandoff: Change<ServerInputs['assignment']['answerHandoff']>;
  setStatus: Change<ServerInputs['status']['set']>;
  setPriority: Change<ServerInputs['status']['setPriority']>;
  setLabels: Change<ServerInputs['status']['setLabels']>;
  setQueue: Change<ServerInputs['status']['setQueue']>;
  addNote: Change<ServerInputs['notes']['add']>;
  linkLead: Change<ServerInputs['automation']['linkLead']>;
}
export type CommandName = keyof ConversationCommands;

/** Each command answers with the chat as the server left it. */
type CommandProtocol = { [K in CommandName]: (data: ConversationCommands[K]) => Result<ConversationView> };

/** What the background answers, for the WhatsApp tab and the extension pages. The token never crosses it. */
export interface BackgroundProtocol extends CommandProtocol {
  snapshot(): Snapshot;
  signIn(data: { serverUrl: string; code: string; name?: string }): Result<Snapshot>;
  signOut(): Result<null>;
  linkedAccount(data: { wid: string }): Result<{ channelId: string }>;
  resolveChat(data: Omit<ChatIdentity, 'channelId'>): Result<{ ambiguous: false; conversation: ConversationView } | { ambiguous: true; candidates: string[] }>;
  lock(data: LockOp): Result<LockGrant>;
  report(data: Report): Result<{ queued: boolean }>;
  /** Several reports gathered in one task (a chat-list scan): one message, one outbox write. */
  reports(data: Report[]): Result<{ queued: number }>;
  context(data: { conversationId: string }): Result<ConversationContext>;
  setAvailability(data: ServerInputs['members']['setAvailability']): Result<null>;
  managerView(data: { timeZone: string }): Result<ManagerViewState>;
  /** The chats behind a coverage count or a member's load (managers). */
  coverageChats(data: CoverageChatsQuery): Result<CoverageChats>;
  /** metrics.report over [from, to): what the popup's "Export CSV" writes. */
  summaryReport(data: { from: number; to: number }): Result<SummaryReport>;
  /** The Settings page: the team's settings (managers and admins; the server refuses agents) and its changes. */
  teamSettings(): Result<TeamSettingsView>;
  changeSettings(data: SettingsCall): Result<SettingsReply>;
  adapterHealth(data: AdapterHealth): void;
  lastAdapterHealth(): AdapterHealth | null;
  /** Focuses (or opens) the WhatsApp Web tab and opens this chat in it: the popup, notifications and the manager view use it. */
  openChat(data: { conversationId: string }): Result<{ via: OpenedVia }>;
}

/** What a WhatsApp tab answers for the background. */
export interface TabProtocol {
  /** Open this chat by its row or the chat search; null when the page has no such chat. */
  openChatInTab(data: ChatInTab): { via: 'open' | 'row' | 'search' | null };
}

/** The whole contract between the WhatsApp tab, the extension pages and the background. */
export type ProtocolMap = BackgroundProtocol & TabProtocol;

/** How a chat was opened: already open, its row, WhatsApp's chat search, or the number's send link. */
export type OpenedVia = 'open' | 'row' | 'search' | 'link';
export interface ChatInTab {
  jid: string | null;
  title: string;
  titleKey: string;
}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();

/** The port a WhatsApp tab keeps open: pushes flow to the tab, heartbeats keep the worker alive. */
export const TAB_PORT = 'inbox-tab';
