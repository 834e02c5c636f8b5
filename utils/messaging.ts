import { defineExtensionMessaging } from '@webext-core/messaging';
import type { ChatIdentity } from './schemas/conversation';
import type { ConversationContext, ConversationView, LockGrant, LockOp, OwnershipCommand, Report, Result, Snapshot } from './inbox/types';
import type { CoverageChats, CoverageChatsQuery, ManagerViewState } from './metrics/manager-view';
import type { SummaryReport } from './metrics/summary-csv';
import type { AdapterHealth } from './whatsapp/health';
import type { SettingsCall, SettingsReply, TeamSettingsView } from './inbox/settings-types';

/** The whole contract between the WhatsApp tab, the extension pages and the background. The token never crosses it. */
export interface ProtocolMap {
  snapshot(): Snapshot;
  signIn(data: { serverUrl: string; code: string; name?: string }): Result<Snapshot>;
  signOut(): Result<null>;
  linkedAccount(data: { wid: string }): Result<{ channelId: string }>;
  resolveChat(data: Omit<ChatIdentity, 'channelId'>): Result<{ ambiguous: false; conversation: ConversationView } | { ambiguous: true; candidates: string[] }>;
  command(data: OwnershipCommand): Result<ConversationView>;
  lock(data: LockOp): Result<LockGrant>;
  report(data: Report): Result<{ queued: boolean }>;
  /** Several reports gathered in one task (a chat-list scan): one message, one outbox write. */
  reports(data: Report[]): Result<{ queued: number }>;
  context(data: { conversationId: string }): Result<ConversationContext>;
  setAvailability(data: { availability: 'available' | 'away' | 'offline' }): Result<null>;
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
  /** Worker -> one WhatsApp tab: open this chat by its row or the chat search; null when the page has no such chat. */
  openChatInTab(data: ChatInTab): { via: 'open' | 'row' | 'search' | null };
}

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
