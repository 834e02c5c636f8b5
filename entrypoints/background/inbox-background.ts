import { browser } from '#imports';
import type { AppDb } from '../../utils/db/app-db';
import type { AdapterHealth } from '../../utils/whatsapp/health';
import type { ChatIdentity } from '../../utils/schemas/conversation';
import type { EventView, LockGrant, LockOp, OwnershipCommand, ReportsAck, Result, SignedOut, TabBeat, TabPush, TabReports } from '../../utils/inbox/types';
import { createApi, toInboxError, whenAllowed, type Api } from './api-client';
import { InboxState } from './inbox-state';
import { startLiveFeed } from './live-feed';
import { Outbox } from './outbox';
import { PushBatcher } from './push-batcher';
import { ReportAcks } from './report-acks';
import { channelItem, connectionIdItem, lastEventIdItem, sessionStore, signedOutItem, type Session } from './session';
import { REVOKED } from '../../utils/inbox/sign-out-reasons';
import type { CoverageChatsQuery } from '../../utils/metrics/manager-view';
import { coverageChats, lastManagerViewItem, managerViewOrLastKnown, summaryReport } from './manager-figures';
import type { SettingsCall } from '../../utils/inbox/settings-types';
import { callSettings } from './settings-calls';
import { changesRules, renamesQueue, rulesItem } from './workspace-rules';
import { Attention } from './attention';
import { ChatOpener, type LinkedTab } from './open-chat';

type Port = ReturnType<typeof browser.runtime.connect>;

/** The extension's backend: session, cache, live feed, outbox, and the requests tabs make through it. */
export class InboxBackground {
  readonly state: InboxState;
  readonly outbox: Outbox;
  private session: Session | null = null;
  private api: Api | null = null;
  private feed: ReturnType<typeof startLiveFeed> | null = null;
  private ports = new Set<Port>();
  private pushes = new PushBatcher((push) => {
    for (const p of this.ports) this.send(p, push);
  });
  /** What each WhatsApp tab last said of itself: presence counts for routing only with a healthy, linked tab. */
  private tabs = new Map<Port, { channelId: string | null; healthy: boolean; tabId: number | null }>();
  /** The status last pushed to tabs, to skip pushes that change nothing. */
  private lastStatus: string | null = null;
  private ready: Promise<void>;
  private sessions: ReturnType<typeof sessionStore>;
  private attention: Attention;
  private opener: ChatOpener;

  constructor(private db: AppDb) {
    this.state = new InboxState(db);
    this.sessions = sessionStore(db);
    this.outbox = new Outbox(db, () => this.api, () => void this.pushStatus(), (online) => this.setOnline(online));
    this.attention = new Attention(this.state, () => this.session?.me ?? null, (id) => this.openChat(id));
    this.attention.listen();
    this.opener = new ChatOpener(() => this.linkedTabs(), (id) => this.findConversation(id));
    this.ready = this.init();
  }

  private async init() {
    await this.state.load();
    this.session = await this.sessions.get();
    void this.attention.refreshBadge();
    if (this.session) await this.connect();
  }

  whenReady() {
    return this.ready;
  }

  private async connect() {
    const s = this.session!;
    this.api = createApi(s.serverUrl, s.token);
    this.feed?.stop();
    let from = await lastEventIdItem.getValue();
    try {
      if (from === 0 || !this.state.conversations.size) from = await this.loadSnapshot(this.api);
      this.setOnline(true);
    } catch (err) {
      const e = toInboxError(err);
      // A revoked member: forget the token rather than leave every tab failing on it, and say why.
      if (e.code === 'UNAUTHORIZED') {
        await this.forgetSession({ serverUrl: s.serverUrl, reason: REVOKED });
        return;
      }
      if (!e.unreachable) throw err;
      this.setOnline(false);
    }
    this.feed = startLiveFeed(this.api, from, { onEvent: (e) => this.apply(e), onState: (online) => this.setOnline(online) });
    void this.outbox.flush();
    void this.heartbeat();
  }

  /** Reads the head id before the lists, so the feed replays anything that changed while they loaded. */
  private async loadSnapshot(api: Api): Promise<number> {
    const { lastEventId } = await api.events.head.query();
    const [conversations, members, rules] = await Promise.all([api.conversations.list.query({ limit: 5000 }), api.members.list.query(), api.settings.rules.query()]);
    await this.state.putConversations(conversations);
    await this.state.replaceMembers(members);
    await rulesItem.setValue(rules);
    void this.attention.refreshBadge();
    await lastEventIdItem.setValue(lastEventId);
    await this.broadcastSnapshot();
    return lastEventId;
  }

  private async apply(event: EventView) {
    const api = this.api;
    if (!api) return;
    // The feed tells this member of its own revocation first: sign out at once rather than fail every call.
    if (event.type === 'member.revoked' && (event.data as { memberId?: string }).memberId === this.session?.me.id) return this.revoked();
    // A merge's tombstone: the record merged away leaves every cache, so no row ever matches it beside its chat.
    const mergedAway = event.type === 'conversation.merged' ? (event.data as { fromId?: unknown }).fromId : undefined;
    if (typeof mergedAway === 'string') {
      const removed = await this.state.remove([mergedAway]);
      if (removed.length) this.broadcast({ type: 'removed', conversationIds: removed });
    }
    if (event.conversationId) {
      const { conversation: carried, ...bare } = event;
      // The feed carries the conversation; only an event it could not place needs a fetch (a busy workspace's feed
      // can outrun the member's rate limit: wait rather than skip the change).
      const conversation = carried ?? (await whenAllowed(() => api.conversations.get.query({ conversationId: event.conversationId! })));
      const fresh = this.state.accept([conversation]);
      // Tabs first: the badge should not wait for IndexedDB. Every event goes to them even when its view is not
      // newer (a page of events carries one view): the traffic cop and the slipped-send notice read the event.
      if (conversation.mergedInto) {
        if (fresh.length) this.broadcast({ type: 'removed', conversationIds: [conversation.id] });
      } else {
        this.broadcast({ type: 'conversation', conversation: this.state.conversations.get(conversation.id) ?? conversation, event: bare });
      }
      await this.state.persist(fresh);
      void this.attention.refreshBadge();
    }
    if (changesRules(event)) await this.refreshRules(api, renamesQueue(event));
    if (event.type.startsWith('member.')) {
      await this.state.replaceMembers(await whenAllowed(() => api.members.list.query()));
      this.broadcast({ type: 'members', members: [...this.state.members.values()] });
    }
    // A notification that cannot be shown must not hold up the feed.
    await this.attention.onEvent(event).catch((err) => console.warn('[inbox] notification failed', err));
    // Writing extension storage per event also counts as activity for the worker's idle timer.
    await lastEventIdItem.setValue(event.id);
  }

  /** The team changed its rules or queues: every tab follows at once; a renamed queue reloads the chats it moved. */
  private async refreshRules(api: Api, reloadChats: boolean) {
    const rules = await whenAllowed(() => api.settings.rules.query());
    await rulesItem.setValue(rules);
    if (!reloadChats) return this.broadcast({ type: 'rules', rules });
    await this.state.putConversations(await whenAllowed(() => api.conversations.list.query({ limit: 5000 })));
    await this.broadcastSnapshot();
  }

  private setOnline(online: boolean) {
    if (this.state.online === online) return;
    this.state.online = online;
    if (online) void this.outbox.flush();
    void this.pushStatus();
  }

  async snapshot() {
    await this.ready;
    const channel = await channelItem.getValue();
    const signedOut = this.session ? null : await signedOutItem.getValue();
    return this.state.snapshot({ signedIn: !!this.session, me: this.session?.me ?? null, channelId: channel?.channelId ?? null, lastEventId: await lastEventIdItem.getValue(), signedOut, rules: this.session ? await rulesItem.getValue() : null });
  }

  async signIn(serverUrl: string, code: string, name?: string): Promise<Result<Awaited<ReturnType<InboxBackground['snapshot']>>>> {
    const base = serverUrl.trim().replace(/\/+$/, '');
    try {
      const out = await createApi(base, null).auth.redeemInvite.mutate({ code: code.trim(), name: name?.trim() || undefined });
      this.feed?.stop();
      await this.state.clear();
      await lastEventIdItem.setValue(0);
      await channelItem.setValue(null);
      await signedOutItem.setValue(null);
      this.session = { serverUrl: base, token: out.token, me: out.member, workspaceId: out.workspaceId };
      await this.sessions.set(this.session);
      await this.connect();
      return { ok: true, value: await this.snapshot() };
    } catch (err) {
      return { ok: false, error: toInboxError(err) };
    }
  }

  async signOut(): Promise<Result<null>> {
    await this.forgetSession(this.session ? { serverUrl: this.session.serverUrl, reason: null } : null);
    await this.broadcastSnapshot();
    return { ok: true, value: null };
  }

  /** The server refused this member's token (revoked): sign out, say why, and tell the tabs. */
  private async revoked() {
    if (!this.session) return;
    await this.forgetSession({ serverUrl: this.session.serverUrl, reason: REVOKED });
    await this.broadcastSnapshot();
  }

  /** Runs during start-up too, so it must not wait for `ready` (snapshot() does). */
  private async forgetSession(signedOut: SignedOut | null) {
    await signedOutItem.setValue(signedOut);
    this.feed?.stop();
    this.feed = null;
    this.api = null;
    this.session = null;
    await this.sessions.set(null);
    await lastEventIdItem.setValue(0);
    await lastManagerViewItem.removeValue();
    await rulesItem.setValue(null);
    await this.state.clear();
    void this.attention.refreshBadge();
  }

  /** Runs a server call for a tab and refreshes the cache with the conversation it returns. */
  private async call<T>(fn: (api: Api) => Promise<T>): Promise<Result<T>> {
    await this.ready;
    if (!this.api) return { ok: false, error: { code: 'UNAUTHORIZED', message: 'not signed in: open the extension options' } };
    try {
      const value = await fn(this.api);
      this.setOnline(true);
      const conv = (value as { conversation?: unknown })?.conversation;
      if (conv && typeof conv === 'object' && 'version' in conv) {
        const fresh = await this.state.putConversations([conv as never]);
        if (fresh.length) this.broadcast({ type: 'conversation', conversation: fresh[0], event: null });
        void this.attention.refreshBadge();
      }
      return { ok: true, value };
    } catch (err) {
      const e = toInboxError(err);
      if (e.unreachable) this.setOnline(false);
      if (e.code === 'UNAUTHORIZED') await this.revoked();
      return { ok: false, error: e };
    }
  }

  linkedAccount(wid: string) {
    return this.call(async (api) => {
      const known = await channelItem.getValue();
      if (known?.wid === wid) return { channelId: known.channelId };
      const ch = await api.conversations.resolveChannel.mutate({ wid });
      await channelItem.setValue({ wid, channelId: ch.id });
      void this.heartbeat();
      return { channelId: ch.id };
    });
  }

  async resolveChat(identity: Omit<ChatIdentity, 'channelId'>) {
    const channel = await channelItem.getValue();
    if (!channel) return { ok: false as const, error: { code: 'PRECONDITION_FAILED', message: 'the linked WhatsApp number is not known yet' } };
    return this.call((api) => api.conversations.resolve.mutate({ ...identity, channelId: channel.channelId }));
  }

  async command(cmd: OwnershipCommand) {
    const r = await this.call(async (api) => {
      const id = cmd.conversationId;
      switch (cmd.kind) {
        case 'claim': return api.assignment.claim.mutate({ conversationId: id, withLock: cmd.withLock });
        case 'release': return api.assignment.release.mutate({ conversationId: id });
        case 'assign': return api.assignment.assign.mutate({ conversationId: id, memberId: cmd.memberId, note: cmd.note });
        case 'handoff': return api.assignment.handoff.mutate({ conversationId: id, memberId: cmd.memberId, note: cmd.note });
        case 'takeOver': return api.assignment.takeOver.mutate({ conversationId: id, reason: cmd.reason });
        case 'requestHandoff': return api.assignment.requestHandoff.mutate({ conversationId: id, note: cmd.note });
        case 'answerHandoff': return api.assignment.answerHandoff.mutate({ conversationId: id, requestedBy: cmd.requestedBy, accept: cmd.accept });
        case 'status': return api.status.set.mutate({ conversationId: id, status: cmd.status, snoozedUntil: cmd.snoozedUntil, reason: cmd.reason });
        case 'priority': return api.status.setPriority.mutate({ conversationId: id, priority: cmd.priority });
        case 'labels': return api.status.setLabels.mutate({ conversationId: id, labels: cmd.labels });
        case 'queue': return api.status.setQueue.mutate({ conversationId: id, queue: cmd.queue });
        case 'note': return api.notes.add.mutate({ conversationId: id, body: cmd.body });
        case 'linkLead': return api.automation.linkLead.mutate({ conversationId: id, phone: cmd.phone });
      }
    });
    return r.ok ? { ok: true as const, value: r.value.conversation } : r;
  }

  async lock(op: LockOp): Promise<Result<LockGrant>> {
    const r = await this.call((api) =>
      op.kind === 'acquire' ? api.locks.acquire.mutate({ conversationId: op.conversationId })
        : op.kind === 'renew' ? api.locks.renew.mutate({ conversationId: op.conversationId, token: op.token })
          : api.locks.release.mutate({ conversationId: op.conversationId, token: op.token }),
    );
    return r.ok ? { ok: true, value: { token: r.value.token, expiresAt: r.value.expiresAt } } : r;
  }

  context(conversationId: string) {
    return this.call(async (api) => {
      const [context, flow] = await Promise.all([api.conversations.context.query({ conversationId }), api.automation.flowHistory.query({ conversationId })]);
      return { ...context, flow };
    });
  }

  /** Figures for the manager's popup (the last known ones while offline); the server refuses agents. */
  async managerView(timeZone: string) {
    await this.ready;
    const viewer = this.session ? { memberId: this.session.me.id, serverUrl: this.session.serverUrl } : null;
    return managerViewOrLastKnown((fn) => this.call(fn), viewer, timeZone);
  }

  coverageChats(query: CoverageChatsQuery) {
    return coverageChats((fn) => this.call(fn), query);
  }

  summaryReport(range: { from: number; to: number }) {
    return summaryReport((fn) => this.call(fn), range);
  }

  /** The Settings page's read: the server refuses agents, and the page then shows only their own profile. */
  teamSettings() {
    return this.call(async (api) => ({ ...(await api.settings.team.query()), serverUrl: this.session!.serverUrl }));
  }

  changeSettings(change: SettingsCall) {
    return this.call((api) => callSettings(api, change, this.session!.serverUrl));
  }

  /** The `openChat` message: focus (or open) WhatsApp Web and open this chat there. */
  async openChat(conversationId: string) {
    await this.ready;
    return this.opener.open(conversationId);
  }

  private async findConversation(id: string) {
    const cached = this.state.conversations.get(id);
    if (cached) return cached;
    const r = await this.call((api) => api.conversations.get.query({ conversationId: id }));
    return r.ok ? r.value : null;
  }

  /** WhatsApp tabs whose content script is connected, the healthy ones first. */
  private linkedTabs(): LinkedTab[] {
    return [...this.tabs.values()]
      .filter((t): t is typeof t & { tabId: number } => t.tabId !== null)
      .sort((a, b) => Number(b.healthy) - Number(a.healthy))
      .map((t) => ({ tabId: t.tabId, channelId: t.channelId }));
  }

  setAvailability(availability: 'available' | 'away' | 'offline') {
    return this.call(async (api) => {
      await api.members.setAvailability.mutate({ availability });
      return null;
    });
  }

  /** Presence: which member, channel and browser is really running right now. */
  async heartbeat() {
    await this.ready;
    if (!this.api) return;
    let connectionId = await connectionIdItem.getValue();
    if (!connectionId) {
      connectionId = crypto.randomUUID();
      await connectionIdItem.setValue(connectionId);
    }
    const channelId = this.liveChannel();
    await this.call((api) => api.members.heartbeat.mutate({ connectionId, channelId, browser: navigator.userAgent.slice(0, 120) }));
  }

  /** Sent with presence so the server (and the team) sees a WhatsApp change the day it ships. */
  async reportAdapterHealth(health: AdapterHealth) {
    await this.ready;
    const missing = health.hooks.filter((h) => h.status === 'missing').map((h) => h.name);
    await this.call((api) => api.members.reportAdapterHealth.mutate({ checkedAt: health.checkedAt, missing, hooks: health.hooks.map((h) => ({ name: h.name, status: h.status, via: h.via })) }));
  }

  /** Called by the keep-alive alarm: reconnect a feed that died while the worker slept. */
  async ensureConnected() {
    await this.ready;
    if (this.session && !this.feed) await this.connect();
    void this.outbox.flush();
  }

  addPort(port: Port) {
    this.ports.add(port);
    port.onDisconnect.addListener(() => {
      this.ports.delete(port);
      // The last WhatsApp tab closing makes this rep unreachable for routing at once, not two minutes later.
      if (this.tabs.delete(port)) void this.heartbeat();
    });
    const acks = new ReportAcks((ack) => this.send(port, ack));
    port.onMessage.addListener((msg: unknown) => {
      const reports = msg as Partial<TabReports>;
      if (reports?.type === 'reports') return void this.storeReports(reports, acks);
      const beat = msg as Partial<TabBeat>;
      if (beat?.type !== 'heartbeat') return;
      const prev = this.tabs.get(port);
      const next = { channelId: typeof beat.channelId === 'string' ? beat.channelId : null, healthy: beat.healthy === true, tabId: port.sender?.tab?.id ?? null };
      this.tabs.set(port, next);
      if (!prev || prev.channelId !== next.channelId || prev.healthy !== next.healthy) void this.heartbeat();
    });
    void this.snapshot().then((snapshot) => this.send(port, { type: 'snapshot', snapshot }));
  }

  /** The number of a healthy WhatsApp tab open in this browser, or undefined while none is. */
  private liveChannel(): string | undefined {
    for (const t of this.tabs.values()) if (t.healthy && t.channelId) return t.channelId;
    return undefined;
  }

  /** A tab's chat-list reports, over its port: acknowledged once in the outbox, so a dying port loses none. */
  private async storeReports(msg: Partial<TabReports>, acks: ReportAcks) {
    if (!Array.isArray(msg.reports) || !Number.isSafeInteger(msg.seq)) return;
    await this.ready;
    await this.outbox.enqueueAll(msg.reports);
    acks.stored(msg.seq!);
  }

  private send(port: Port, push: TabPush | ReportsAck) {
    try {
      port.postMessage(push);
    } catch {
      this.ports.delete(port);
    }
  }

  private broadcast(push: TabPush) {
    this.pushes.push(push);
  }

  private async broadcastSnapshot() {
    const snapshot = await this.snapshot();
    this.lastStatus = null;
    this.broadcast({ type: 'snapshot', snapshot });
  }

  /**
   * Tabs hear of the connection and outbox only when what they show changed. The outbox changes on every
   * report, but its count is shown only while offline: online, a new count alone is not worth a message.
   */
  private async pushStatus() {
    await this.ready;
    const status = await this.state.status();
    const key = JSON.stringify({ ...status, outboxPending: status.online ? null : status.outboxPending });
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    this.broadcast({ type: 'status', ...status });
  }
}
