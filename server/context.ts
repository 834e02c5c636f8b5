import type { CreateHTTPContextOptions } from '@trpc/server/adapters/standalone';
import type { CreateWSSContextFnOptions } from '@trpc/server/adapters/ws';
import type { Actor, Deps } from './services/deps';
import type { FeedHub } from './events/feed-hub';
import type { FeedSocket } from './events/feed-socket';
import { authenticate } from './services/members';

export interface Context {
  deps: Deps;
  hub: FeedHub;
  actor: Actor | null;
  /** The client's network address: anonymous calls and failed invite codes are counted against it, token or not. */
  address: string;
  /** Only on the WebSocket transport: the connection (for its feed limit and backpressure) and the token it sent, checked again at every call (a socket outlives a revocation). */
  socket?: { conn: FeedSocket; token: string | null };
}

/** The context tests build directly, without HTTP. */
export const createContextInner = (deps: Deps, hub: FeedHub, actor: Actor | null, address = 'test'): Context => ({ deps, hub, actor, address });

/** The member a token names, or null for a missing, oversized or unknown one. */
export const actorForToken = (deps: Deps, token: string | null | undefined): Promise<Actor | null> =>
  token && token.length <= 200 ? authenticate(deps, token) : Promise.resolve(null);

const paramToken = (params: Record<string, unknown> | null | undefined): string | undefined => (typeof params?.token === 'string' ? params.token : undefined);

/** HTTP requests carry `Authorization: Bearer <token>`; SSE cannot, so the feed passes it as a connection param. */
export function contextFactory(deps: Deps, hub: FeedHub) {
  return async ({ req, info }: CreateHTTPContextOptions): Promise<Context> => {
    const header = req.headers.authorization;
    const fromHeader = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const actor = await actorForToken(deps, fromHeader || paramToken(info.connectionParams));
    return createContextInner(deps, hub, actor, req.socket.remoteAddress ?? 'unknown');
  };
}

/** A WebSocket sends its token once, as a connection param; the member is looked up per call (see socketCalls). */
export function socketContextFactory(deps: Deps, hub: FeedHub) {
  return ({ req, res, info }: CreateWSSContextFnOptions): Context => ({
    ...createContextInner(deps, hub, null, req.socket.remoteAddress ?? 'unknown'),
    socket: { conn: res, token: paramToken(info.connectionParams) ?? null },
  });
}
