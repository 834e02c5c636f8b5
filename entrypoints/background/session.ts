import type { AppDb } from '../../utils/db/app-db';
import type { MemberView, Result, SignedOut, Snapshot } from '../../utils/inbox/types';
import { REVOKED } from '../../utils/inbox/sign-out-reasons';
import { createApi, toInboxError, type Api } from './api-client';
import type { FeedSync } from './feed-sync';
import { startLiveFeed } from './live-feed';
import { lastManagerViewItem } from './manager-figures';
import { channelItem, lastEventIdItem, sessionStore, signedOutItem, type Session } from './session-storage';
import { rulesItem } from './workspace-rules';
import type { InboxState } from './inbox-state';

export interface SessionDeps {
  db: AppDb;
  state: InboxState;
  feed: FeedSync;
  snapshot(): Promise<Snapshot>;
  broadcastSnapshot(): Promise<void>;
  setOnline(online: boolean): void;
  refreshBadge(): void;
  /** Connected: send what waited in the outbox and say who is present. */
  onConnected(): void;
}

/** Who is signed in, to which server, with which token, and the live feed that keeps this browser in step with it. */
export class InboxSession {
  private current: Session | null = null;
  private client: Api | null = null;
  private live: ReturnType<typeof startLiveFeed> | null = null;
  private sessions: ReturnType<typeof sessionStore>;

  constructor(private deps: SessionDeps) {
    this.sessions = sessionStore(deps.db);
  }

  get api(): Api | null {
    return this.client;
  }

  get signedIn(): boolean {
    return this.current !== null;
  }

  get me(): MemberView | null {
    return this.current?.me ?? null;
  }

  get serverUrl(): string | null {
    return this.current?.serverUrl ?? null;
  }

  /** At the worker's start: the session a stopped worker left, connected again. */
  async resume() {
    this.current = await this.sessions.get();
    this.deps.refreshBadge();
    if (this.current) await this.connect();
  }

  /** Called by the keep-alive alarm: reconnect a feed that died while the worker slept. */
  async ensureConnected() {
    if (this.current && !this.live) await this.connect();
  }

  private async connect() {
    const s = this.current!;
    const api = createApi(s.serverUrl, s.token);
    this.client = api;
    this.live?.stop();
    let from = await lastEventIdItem.getValue();
    try {
      if (from === 0 || !this.deps.state.conversations.size) from = await this.deps.feed.loadSnapshot(api);
      this.deps.setOnline(true);
    } catch (err) {
      const e = toInboxError(err);
      // A revoked member: forget the token rather than leave every tab failing on it, and say why.
      if (e.code === 'UNAUTHORIZED') {
        await this.forget({ serverUrl: s.serverUrl, reason: REVOKED });
        return;
      }
      if (!e.unreachable) throw err;
      this.deps.setOnline(false);
    }
    this.live = startLiveFeed(api, from, {
      onEvent: async (event) => {
        if (this.client) await this.deps.feed.apply(this.client, event);
      },
      onState: (online) => this.deps.setOnline(online),
    });
    this.deps.onConnected();
  }

  async signIn(serverUrl: string, code: string, name?: string): Promise<Result<Snapshot>> {
    const base = serverUrl.trim().replace(/\/+$/, '');
    try {
      const out = await createApi(base, null).auth.redeemInvite.mutate({ code: code.trim(), name: name?.trim() || undefined });
      this.live?.stop();
      await this.deps.state.clear();
      await lastEventIdItem.setValue(0);
      await channelItem.setValue(null);
      await signedOutItem.setValue(null);
      this.current = { serverUrl: base, token: out.token, me: out.member, workspaceId: out.workspaceId };
      await this.sessions.set(this.current);
      await this.connect();
      return { ok: true, value: await this.deps.snapshot() };
    } catch (err) {
      return { ok: false, error: toInboxError(err) };
    }
  }

  async signOut(): Promise<Result<null>> {
    await this.forget(this.current ? { serverUrl: this.current.serverUrl, reason: null } : null);
    await this.deps.broadcastSnapshot();
    return { ok: true, value: null };
  }

  /** The server refused this member's token (revoked): sign out, say why, and tell the tabs. */
  async revoked() {
    if (!this.current) return;
    await this.forget({ serverUrl: this.current.serverUrl, reason: REVOKED });
    await this.deps.broadcastSnapshot();
  }

  /** Runs during start-up too, so it must not wait for the worker to be ready (a snapshot does). */
  private async forget(signedOut: SignedOut | null) {
    await signedOutItem.setValue(signedOut);
    this.live?.stop();
    this.live = null;
    this.client = null;
    this.current = null;
    await this.sessions.set(null);
    await lastEventIdItem.setValue(0);
    await lastManagerViewItem.removeValue();
    await rulesItem.setValue(null);
    await this.deps.state.clear();
    this.deps.refreshBadge();
  }
}
