import { createTRPCClient, createWSClient, httpLink, httpSubscriptionLink, splitLink, wsLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import { WebSocket } from 'ws';
import type { AppRouter } from '../../../server/routers/_app';

export type FeedTransport = 'sse' | 'ws';

/**
 * A real tRPC client over HTTP (no batching, so each call is its own request), with the feed over SSE or over
 * WebSocket (the extension's transport; the socket opens with the first subscription and closes 1 s after the last).
 */
export function httpClient(url: string, token?: string, opts: { feed?: FeedTransport } = {}) {
  const connectionParams = () => (token ? { token } : {});
  const feedLink =
    opts.feed === 'ws'
      ? wsLink<AppRouter>({
          client: createWSClient({
            url: `${url.replace(/^http/, 'ws')}/trpc`,
            WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
            connectionParams,
            lazy: { enabled: true, closeMs: 1_000 },
            retryDelayMs: (attempt) => Math.min(100 * 2 ** attempt, 2_000),
          }),
        })
      : httpSubscriptionLink({ url: `${url}/trpc`, EventSource, connectionParams });
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: feedLink,
        false: httpLink({ url: `${url}/trpc`, headers: () => (token ? { authorization: `Bearer ${token}` } : {}) }),
      }),
    ],
  });
}
