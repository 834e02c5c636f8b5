import type { ContentScriptContext } from '#imports';
import { sendMessage } from '../../utils/messaging';
import { isInComposerFooter, messageTime, openChatElement, pageLocale, readOpenChat, readUnknownMessages, type OpenChatMessage } from '../../utils/whatsapp';
import type { TabStore } from './tab-store';
import type { ReplyLease } from './reply-lease';
import type { SendGestures } from './send-gestures';

export type OpenState = 'none' | 'resolving' | 'ready' | 'ambiguous' | 'unavailable';

interface PendingSend {
  conversationId: string;
  kind: 'send' | 'override';
  token: number | null;
  reason?: string;
  at: number;
}

const ATTRIBUTE_WINDOW_MS = 8_000;

/**
 * Follows the open chat (#main is replaced on every switch): resolves it to a conversation, reports the
 * messages that appear, and ties each guarded send to the outgoing message it produced.
 */
export class OpenChatTracker {
  main: Element | null = null;
  conversationId: string | null = null;
  state: OpenState = 'none';
  composeStartedAt: number | null = null;
  acknowledgedAt: number | null = null;
  private seen = new Set<string>();
  private pending: PendingSend[] = [];
  private messageObserver: MutationObserver | null = null;
  private listeners = new Set<() => void>();
  private generation = 0;
  /** Told when a send left this tab through a path no guarded send explains (for the health report). */
  onUncovered: (path: string) => void = () => undefined;

  constructor(
    private ctx: ContentScriptContext,
    private store: TabStore,
    private lease: ReplyLease,
    private gestures: SendGestures | null = null,
  ) {}

  onChange(l: () => void) {
    this.listeners.add(l);
  }

  private changed() {
    for (const l of this.listeners) l();
  }

  /** Re-resolves the open chat from scratch (the channel just became known, or the rep signed in). */
  reset() {
    this.main = null;
    this.check();
  }

  /** Called on every mutation batch of #app; cheap unless #main was replaced. */
  check() {
    const main = openChatElement(document);
    if (main === this.main) return;
    if (this.conversationId) void this.lease.release(this.conversationId);
    this.messageObserver?.disconnect();
    this.main = main;
    this.conversationId = null;
    this.composeStartedAt = null;
    this.acknowledgedAt = null;
    this.seen.clear();
    this.state = main ? 'resolving' : 'none';
    this.changed();
    if (main) void this.resolve(main, ++this.generation);
  }

  private async resolve(main: Element, generation: number) {
    const chat = readOpenChat(document);
    if (!chat?.title) {
      this.state = 'unavailable';
      return this.changed();
    }
    for (const m of chat.messages) if (m.id) this.seen.add(m.id);
    const r = await sendMessage('resolveChat', { title: chat.title, jid: chat.chatJid ?? undefined, kind: chat.isGroup ? 'group' : 'direct' });
    if (generation !== this.generation) return;
    if (!r.ok) {
      // Offline: the local cache still knows the chats this rep has seen, so owned chats keep working.
      const cached = this.store.lookup({ jid: chat.chatJid, title: chat.title }).conversation;
      this.conversationId = cached?.id ?? null;
      this.state = cached ? 'ready' : 'unavailable';
      return this.changed();
    }
    if (!('conversation' in r.value)) {
      this.state = 'ambiguous';
      return this.changed();
    }
    this.store.putAndNotify(r.value.conversation);
    this.conversationId = r.value.conversation.id;
    this.state = 'ready';
    this.changed();
    // The newest message tells whether the customer is waiting; older history is not replayed, and an answer
    // already on screen is reported only when the server still thinks the customer waits.
    const last = chat.messages.filter((m) => m.id && m.direction !== 'unknown').at(-1);
    if (last && (last.direction === 'in' || r.value.conversation.waitingSince !== null)) this.report(last, false);
    // Typing in the footer mutates #main too; only changes outside the composer can be messages.
    this.messageObserver = new MutationObserver((records) => {
      if (records.some((r) => !(r.target instanceof Element && isInComposerFooter(r.target)))) this.scan();
    });
    this.messageObserver.observe(main, { childList: true, subtree: true });
  }

  private scan() {
    if (!this.conversationId) return;
    // Only the new messages are read in full: a chat open all day would otherwise be re-read on every change.
    for (const m of readUnknownMessages(document, (id) => this.seen.has(id))) {
      this.seen.add(m.id!);
      this.report(m, true);
    }
  }

  private report(m: OpenChatMessage, fresh: boolean) {
    const conversationId = this.conversationId!;
    const now = Date.now();
    this.pending = this.pending.filter((p) => now - p.at < ATTRIBUTE_WINDOW_MS);
    const mine = m.direction === 'out' && this.pending.findIndex((p) => p.conversationId === conversationId);
    if (typeof mine === 'number' && mine >= 0) {
      const p = this.pending.splice(mine, 1)[0];
      void sendMessage(
        'report',
        p.kind === 'send'
          ? { kind: 'send', conversationId, token: p.token, at: p.at, messageId: m.id! }
          : { kind: 'override', conversationId, reason: p.reason!, at: p.at, messageId: m.id! },
      );
      return;
    }
    if (m.direction === 'unknown') return;
    if (fresh && m.direction === 'in') this.store.foreignActivity.set(conversationId, now);
    // History already on screen is backfill, stamped with its own time where the DOM gives one: never news.
    if (!fresh) {
      const at = Math.min(messageTime(m.prePlainText, now, pageLocale(document)) ?? now, now);
      return void sendMessage('report', { kind: 'message', conversationId, direction: m.direction, at, messageId: m.id!, backfill: true });
    }
    // Right after the rep's own click or key, an unexplained outgoing message left from this tab, past the guard.
    const path = m.direction === 'out' && this.store.signedIn ? this.gestures?.recent() : null;
    if (path) {
      this.onUncovered(path);
      return void sendMessage('report', { kind: 'unguarded', conversationId, at: now, messageId: m.id!, path });
    }
    void sendMessage('report', { kind: 'message', conversationId, direction: m.direction, at: now, messageId: m.id! });
  }

  /** The guard let a send through: the next outgoing message here is this rep's, reported with its id. */
  expectSend(p: PendingSend) {
    this.pending.push(p);
    this.lease.forget(p.conversationId);
    this.composeStartedAt = null;
    // No bubble appeared (a media send, a changed DOM): report it without an id rather than lose it.
    this.ctx.setTimeout(() => {
      const i = this.pending.indexOf(p);
      if (i < 0) return;
      this.pending.splice(i, 1);
      void sendMessage(
        'report',
        p.kind === 'send'
          ? { kind: 'send', conversationId: p.conversationId, token: p.token, at: p.at }
          : { kind: 'override', conversationId: p.conversationId, reason: p.reason!, at: p.at },
      );
    }, ATTRIBUTE_WINDOW_MS);
  }
}
