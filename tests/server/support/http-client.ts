import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import type { AppRouter } from '../../../server/routers/_app';

/** A real tRPC client over HTTP (no batching, so each call is its own request), with SSE for the feed. */
export function httpClient(url: string, token?: string) {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url: `${url}/trpc`, EventSource, connectionParams: () => (token ? { token } : {}) }),
        false: httpLink({ url: `${url}/trpc`, headers: () => (token ? { authorization: `Bearer ${token}` } : {}) }),
      }),
    ],
  });
}
