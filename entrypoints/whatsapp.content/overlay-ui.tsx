import type { ContentScriptContext } from '#imports';
import type { Root } from 'react-dom/client';
import { createShadowReactRoot } from '../../components/overlay/shadow-host';
import { HeaderBar } from '../../components/overlay/HeaderBar';
import { ContextPanel } from '../../components/overlay/ContextPanel';
import { GuardDialog, type HeldSend } from '../../components/overlay/GuardDialog';
import { SlippedNotices, type SlippedNoticeView } from '../../components/overlay/SlippedNotices';
import { EntryShields, type EntryName, type EntryShield } from '../../components/overlay/EntryShields';
import { sendMessage } from '../../utils/messaging';
import type { ConversationContext, ConversationView, MemberView, Result } from '../../utils/inbox/types';
import { dockedPanelBox, readConversationLayout, type Box } from '../../utils/whatsapp/conversation-layout';
import { queryFirst } from '../../utils/whatsapp/query';
import { selectors } from '../../utils/whatsapp/selectors';
import type { GuardActions, GuardUi } from './send-guard';
import type { ShieldUi } from './entry-point-shield';
import type { OpenChatTracker } from './open-chat';
import type { TabStore } from './tab-store';
import { t } from '../../utils/i18n/t';
import { errorText } from '../../utils/i18n/error-text';
import { onLocaleChange } from '../../utils/i18n/locale';

/** Mounts and redraws the header bar (inside #main), the context panel and the guard dialog (over the page). */
export class OverlayUi implements GuardUi, ShieldUi {
  private shields: { shields: EntryShield[]; ownerName: string; onActivate: (entry: EntryName) => void } = {
    shields: [],
    ownerName: '',
    onActivate: () => undefined,
  };
  private headerRoot: { root: Root; host: HTMLElement } | null = null;
  private floating: { root: Root; host: HTMLElement };
  private held: { held: HeldSend; actions: GuardActions; busy: boolean; error: string | null } | null = null;
  private panelOpen = false;
  private context: ConversationContext | null = null;
  private contextError: string | null = null;
  private barError: string | null = null;
  private hostResize: ResizeObserver | null = null;
  /** What each root was last drawn from: a change that touches none of it (a lock renewal while typing) is skipped. */
  private drawn = { header: '', floating: [] as unknown[] };

  constructor(
    ctx: ContentScriptContext,
    private store: TabStore,
    private tracker: OpenChatTracker,
  ) {
    const host = document.createElement('inbox-overlay');
    document.documentElement.append(host);
    this.floating = createShadowReactRoot(host);
    store.subscribe((changed) => {
      const id = tracker.conversationId;
      // Other chats' changes (most of the feed) do not touch the open chat's bar or panel.
      if (changed instanceof Set && (!id || !changed.has(id))) return;
      if (id && this.panelOpen && changed !== 'status') void this.loadContext();
      this.render();
    });
    tracker.onChange(() => {
      this.barError = null;
      this.context = null;
      if (this.panelOpen) void this.loadContext();
      this.render();
    });
    // The panel docks to the conversation's measured edges, which move with the window.
    ctx.addEventListener(window, 'resize', () => this.render());
    // The SLA countdown in the header moves with time alone.
    ctx.setInterval(() => this.render(true), 15_000);
    // A language switch in the options page redraws everything in the new language.
    const stopLocale = onLocaleChange(() => this.render(true));
    ctx.onInvalidated(() => {
      stopLocale();
      this.floating.root.unmount();
      this.headerRoot?.root.unmount();
      this.hostResize?.disconnect();
      host.remove();
    });
  }

  private currentHeader(): Element | null {
    const header = queryFirst(document, selectors.chatHeader).element;
    return header && this.tracker.main?.contains(header) ? header : null;
  }

  private headerInPlace(header = this.currentHeader()): boolean {
    return !!header && !!this.headerRoot && this.headerRoot.host.isConnected && this.headerRoot.host.parentElement === header.parentElement;
  }

  /** WhatsApp replaces #main and re-renders its header: put the bar back right after the header when it is gone. */
  private ensureHeaderHost(): Root | null {
    const header = this.currentHeader();
    if (!header) return null;
    if (this.headerInPlace(header)) return this.headerRoot!.root;
    this.headerRoot?.root.unmount();
    this.hostResize?.disconnect();
    const host = document.createElement('inbox-header');
    host.style.display = 'block';
    header.after(host);
    this.headerRoot = createShadowReactRoot(host);
    // The docked panel starts below the bar: follow the bar's height.
    this.hostResize = new ResizeObserver(() => this.render());
    this.hostResize.observe(host);
    return this.headerRoot.root;
  }

  /** A command's answer: the bar says why the server refused, the store takes the chat as the server left it. */
  private async run(sent: Promise<Result<ConversationView>>) {
    const r = await sent;
    this.barError = r.ok ? null : errorText(r.error);
    if (r.ok) this.store.putAndNotify(r.value);
    this.render();
    return r.ok;
  }

  /** A command on the open chat; false when none is open or the server refused (the bar shows why). */
  private runFor(id: string | null, send: (conversationId: string) => Promise<Result<ConversationView>>): Promise<boolean> {
    return id ? this.run(send(id)) : Promise.resolve(false);
  }

  /** Beside the conversation, below WhatsApp's header and our bar, above the composer. */
  private panelBox(): Box | null {
    const layout = readConversationLayout(document);
    if (!layout) return null;
    const bar = this.headerInPlace() ? this.headerRoot!.host.getBoundingClientRect().bottom : 0;
    return dockedPanelBox(layout, { width: window.innerWidth, height: window.innerHeight }, bar);
  }

  private async loadContext() {
    const id = this.tracker.conversationId;
    if (!id) return;
    const r = await sendMessage('context', { conversationId: id });
    if (id !== this.tracker.conversationId) return;
    this.context = r.ok ? r.value : null;
    this.contextError = r.ok ? null : errorText(r.error);
    this.render();
  }

  render(force = false) {
    const s = this.store;
    const id = this.tracker.conversationId;
    const conversation = id ? (s.get(id) ?? null) : null;
    const members = [...s.members.values()];
    const c = conversation;
    // Only what the header shows: not the lock, fence, version or waiting time, which change on every keystroke's
    // lease, nor the outbox count while online.
    const headerKey = JSON.stringify([
      this.tracker.state,
      s.signedIn,
      c && [c.id, c.ownerId, c.status, c.queue, c.priority, c.labels, c.sla, c.handoffRequests],
      s.me,
      members,
      s.online,
      s.online ? null : s.outboxPending,
      this.barError,
      this.store.rules,
    ]);
    const box = this.panelOpen && id ? this.panelBox() : null;
    const floating = [this.panelOpen, id, this.context, this.contextError, this.held, s.members, s.me, s.slipped, this.shields, JSON.stringify(box)];
    const drawHeader = force || headerKey !== this.drawn.header || !this.headerInPlace();
    const drawFloating = force || floating.some((x, i) => x !== this.drawn.floating[i]);
    this.drawn = { header: headerKey, floating };
    if (drawHeader) this.renderHeader(id, conversation, members);
    if (drawFloating) this.renderFloating(id, members, box);
  }

  private renderHeader(id: string | null, conversation: ConversationView | null, members: MemberView[]) {
    const s = this.store;
    const headerRoot = this.tracker.state === 'none' || !s.signedIn ? null : this.ensureHeaderHost();
    headerRoot?.render(
      <HeaderBar
        conversation={conversation}
        state={this.tracker.state === 'none' ? 'unavailable' : this.tracker.state}
        me={s.me}
        members={members}
        rules={this.store.rules}
        online={s.online}
        outboxPending={s.outboxPending}
        error={this.barError}
        onClaim={() => this.runFor(id, (conversationId) => sendMessage('claim', { conversationId }))}
        onRelease={() => this.runFor(id, (conversationId) => sendMessage('release', { conversationId }))}
        onAssign={(memberId, note) => this.runFor(id, (conversationId) => sendMessage('assign', { conversationId, memberId, note }))}
        onHandoff={(memberId, note) => this.runFor(id, (conversationId) => sendMessage('handoff', { conversationId, memberId, note }))}
        onRequestHandoff={(note) => this.runFor(id, (conversationId) => sendMessage('requestHandoff', { conversationId, note }))}
        onAnswerHandoff={(requestedBy, accept) =>
          void this.runFor(id, (conversationId) => sendMessage('answerHandoff', { conversationId, requestedBy, accept }))
        }
        onStatus={(status, extra) => this.runFor(id, (conversationId) => sendMessage('setStatus', { conversationId, status, ...extra }))}
        onPriority={(priority) => void this.runFor(id, (conversationId) => sendMessage('setPriority', { conversationId, priority }))}
        onQueue={(queue) => void this.runFor(id, (conversationId) => sendMessage('setQueue', { conversationId, queue }))}
        onLabels={(labels) => this.runFor(id, (conversationId) => sendMessage('setLabels', { conversationId, labels }))}
        onToggleContext={() => this.togglePanel()}
      />,
    );
  }

  private renderFloating(id: string | null, members: MemberView[], box: Box | null) {
    const s = this.store;
    const h = this.held;
    this.floating.root.render(
      <>
        {this.panelOpen && id && (
          <ContextPanel
            context={this.context}
            box={box}
            members={members}
            error={this.contextError}
            onAddNote={(body) => this.run(sendMessage('addNote', { conversationId: id, body }))}
            onLinkLead={async (phone) => (await this.run(sendMessage('linkLead', { conversationId: id, phone }))) && (await this.loadContext(), true)}
            onClose={() => this.togglePanel()}
          />
        )}
        <EntryShields {...this.shields} />
        <SlippedNotices notices={this.slippedViews()} onDismiss={(eventId) => s.dismissSlipped(eventId)} />
        {h && (
          <GuardDialog
            key={`${h.held.reason}-${h.held.ownerName}`}
            held={h.held}
            canTakeOver={h.held.reason === 'bot' || s.me?.role !== 'agent'}
            busy={h.busy}
            error={h.error}
            onRequestHandoff={h.actions.requestHandoff}
            onTakeOver={h.actions.takeOver}
            onSendAnyway={h.actions.sendAnyway}
            onAcknowledge={h.actions.acknowledge}
            onCancel={h.actions.cancel}
          />
        )}
      </>,
    );
  }

  private slippedViews(): SlippedNoticeView[] {
    const s = this.store;
    return s.slipped.map((n) => ({
      eventId: n.eventId,
      chatTitle: s.get(n.conversationId)?.title ?? t('common.aChat'),
      senderName: s.memberName(n.memberId) ?? t('common.aTeammate'),
      ownerName: s.memberName(n.ownerId ?? n.holderId) ?? t('common.aTeammate'),
      mine: n.memberId === s.me?.id,
      path: n.path,
    }));
  }

  togglePanel() {
    this.panelOpen = !this.panelOpen;
    if (this.panelOpen) void this.loadContext();
    this.render();
  }

  setShields(shields: EntryShield[], ownerName: string, onActivate: (entry: EntryName) => void) {
    this.shields = { shields, ownerName, onActivate };
    this.render();
  }

  showHeld(held: HeldSend, actions: GuardActions) {
    this.held = { held, actions, busy: false, error: null };
    this.render();
  }

  setGuardState(state: { busy?: boolean; error?: string | null }) {
    if (!this.held) return;
    this.held = { ...this.held, ...state };
    this.render();
  }

  closeHeld() {
    this.held = null;
    this.render();
  }
}
