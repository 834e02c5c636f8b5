import type { CreateHTTPContextOptions } from '@trpc/server/adapters/standalone';
import type { Actor, Deps } from './services/deps';
import type { FeedHub } from './events/feed-hub';
import { authenticate } from './services/members';

export interface Context {
  deps: Deps;
  hub: FeedHub;
  actor: Actor | null;
  /** Who to count against rate limits: the token's member, else the client address. */
  clientKey: string;
}

/** The context tests build directly, without HTTP. */
export const createContextInner = (deps: Deps, hub: FeedHub, actor: Actor | null, clientKey = 'test'): Context => ({ deps, hub, actor, clientKey });

/** HTTP requests carry `Authorization: Bearer <token>`; SSE cannot, so the feed passes it as a connection param. */
export function contextFactory(deps: Deps, hub: FeedHub) {
  return async ({ req, info }: CreateHTTPContextOptions): Promise<Context> => {
    const header = req.headers.authorization;
    const fromHeader = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const param = info.connectionParams?.token;
    const token = fromHeader || (typeof param === 'string' ? param : undefined);
    const actor = token && token.length <= 200 ? await authenticate(deps, token) : null;
    return createContextInner(deps, hub, actor, actor?.memberId ?? req.socket.remoteAddress ?? 'unknown');
  };
}
