import type { AppDb } from '../../utils/db/app-db';
import type { Snapshot, TabPush } from '../../utils/inbox/types';
import { Attention } from './attention';
import { findConversation } from './chat-lookups';
import { commandHandlers, type CommandHandlers } from './commands';
import { FeedSync } from './feed-sync';
import { InboxState } from './inbox-state';
import { ChatOpener } from './open-chat';
import { Outbox } from './outbox';
import { Presence } from './presence';
import { serverCalls, type Call } from './server-calls';
import { InboxSession } from './session';
import { channelItem, lastEventIdItem, signedOutItem } from './session-storage';
import { TabPorts } from './tab-ports';
import { rulesItem } from './workspace-rules';

/** The extension's backend, wired: the session and its feed, the cache, the outbox, the tabs and what they ask for. */
export class InboxBackground {
  readonly state: InboxState;
  readonly outbox: Outbox;
  readonly tabs: TabPorts;
  readonly session: InboxSession;
  readonly presence: Presence;
  readonly call: Call;
  readonly commands: CommandHandlers;
  private attention: Attention;
  private opener: ChatOpener;
  private ready: Promise<void>;

  constructor(db: AppDb) {
    // The parts reach each other through these closures, so the order they are built in does not matter.
    const whenReady = () => this.ready;
    const broadcast = (push: TabPush) => this.tabs.broadcast(push);
    const broadcastSnapshot = () => this.tabs.broadcastSnapshot();
    const setOnline = (online: boolean) => this.setOnline(online);
    const refreshBadge = () => void this.attention.refreshBadge();
    const revoked = () => this.session.revoked();
    const me = () => this.session.me;

    this.state = new InboxState(db);
    this.tabs = new TabPorts(
      () => this.snapshot(),
      () => void this.presence.heartbeat(),
      async (reports) => {
        await this.ready;
        await this.outbox.enqueueAll(reports);
      },
    );
    this.outbox = new Outbox(
      db,
      () => this.session.api,
      () => void this.pushStatus(),
      setOnline,
    );
    this.attention = new Attention(this.state, me, (id) => this.openChat(id));
    this.attention.listen();
    const feed = new FeedSync({ state: this.state, attention: this.attention, broadcast, broadcastSnapshot, me, revoked });
    const onConnected = () => {
      void this.outbox.flush();
      void this.presence.heartbeat();
    };
    this.session = new InboxSession({ db, state: this.state, feed, snapshot: () => this.snapshot(), broadcastSnapshot, setOnline, refreshBadge, onConnected });
    this.call = serverCalls({ whenReady, api: () => this.session.api, state: this.state, broadcast, setOnline, refreshBadge, revoked });
    this.commands = commandHandlers(this.call);
    this.presence = new Presence(
      this.call,
      whenReady,
      () => this.session.api !== null,
      () => this.tabs.liveChannel(),
    );
    this.opener = new ChatOpener(
      () => this.tabs.linked(),
      (id) => findConversation(this.state, this.call, id),
    );
    this.ready = this.start();
  }

  private async start() {
    await this.state.load();
    await this.session.resume();
  }

  whenReady() {
    return this.ready;
  }

  /** Everything a tab needs to draw and guard, as of now. */
  async snapshot(): Promise<Snapshot> {
    await this.ready;
    const signedIn = this.session.signedIn;
    const channel = await channelItem.getValue();
    const signedOut = signedIn ? null : await signedOutItem.getValue();
    return this.state.snapshot({
      signedIn,
      me: this.session.me,
      channelId: channel?.channelId ?? null,
      lastEventId: await lastEventIdItem.getValue(),
      signedOut,
      rules: signedIn ? await rulesItem.getValue() : null,
    });
  }

  /** Focuses (or opens) WhatsApp Web and opens this chat there: the popup, notifications and the manager view use it. */
  async openChat(conversationId: string) {
    await this.ready;
    return this.opener.open(conversationId);
  }

  /** Called by the keep-alive alarm: reconnect a feed that died while the worker slept, and flush the outbox. */
  async ensureConnected() {
    await this.ready;
    await this.session.ensureConnected();
    void this.outbox.flush();
  }

  private setOnline(online: boolean) {
    if (this.state.online === online) return;
    this.state.online = online;
    if (online) void this.outbox.flush();
    void this.pushStatus();
  }

  private async pushStatus() {
    await this.ready;
    this.tabs.pushStatus(await this.state.status());
  }
}
