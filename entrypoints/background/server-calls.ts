import type { ConversationView, Result, TabPush } from '../../utils/inbox/types';
import { toInboxError, type Api } from './api-client';
import type { InboxState } from './inbox-state';

/** Runs one server call with the member's token and answers with a Result, never a thrown error. */
export type Call = <T>(fn: (api: Api) => Promise<T>) => Promise<Result<T>>;

export interface CallDeps {
  whenReady(): Promise<void>;
  api(): Api | null;
  state: InboxState;
  broadcast(push: TabPush): void;
  setOnline(online: boolean): void;
  refreshBadge(): void;
  /** The server refused the member's token. */
  revoked(): Promise<void>;
}

/** A call a tab or page asks for: its answer says whether the server is reachable, and a conversation in it refreshes the cache. */
export function serverCalls(deps: CallDeps): Call {
  return async (fn) => {
    await deps.whenReady();
    const api = deps.api();
    if (!api) return { ok: false, error: { code: 'UNAUTHORIZED', message: 'not signed in: open the extension options' } };
    try {
      const value = await fn(api);
      deps.setOnline(true);
      await cacheConversationOf(value, deps);
      return { ok: true, value };
    } catch (err) {
      const e = toInboxError(err);
      if (e.unreachable) deps.setOnline(false);
      if (e.code === 'UNAUTHORIZED') await deps.revoked();
      return { ok: false, error: e };
    }
  };
}

async function cacheConversationOf(value: unknown, deps: CallDeps) {
  const conv = (value as { conversation?: unknown })?.conversation;
  if (!conv || typeof conv !== 'object' || !('version' in conv)) return;
  const fresh = await deps.state.putConversations([conv as ConversationView]);
  if (fresh.length) deps.broadcast({ type: 'conversation', conversation: fresh[0], event: null });
  deps.refreshBadge();
}
