import { createTRPCClient, createWSClient, httpBatchLink, splitLink, TRPCClientError, wsLink } from '@trpc/client';
import type { AppRouter } from '../../server/routers/_app';
import type { InboxError } from '../../utils/inbox/types';
import { doublingBackoff } from '../../utils/backoff';

const socketRetryDelayMs = doublingBackoff(500, 5_000);

export type Api = ReturnType<typeof createApi>;

/**
 * The only place that holds the member token; pages and content scripts reach the server through the background.
 * Calls go over HTTP; the live feed over a WebSocket, which costs the server a fraction of SSE per rep.
 */
export function createApi(serverUrl: string, token: string | null) {
  const url = `${serverUrl.replace(/\/+$/, '')}/trpc`;
  const socket = createWSClient({
    url: url.replace(/^http/, 'ws'),
    connectionParams: () => (token ? { token } : {}),
    // Opened by the feed and closed 5 s after it, so a replaced client leaves no socket behind (0 would make the
    // client's idle timer re-arm itself in a tight loop while the feed runs).
    lazy: { enabled: true, closeMs: 5_000 },
    // At once after the first drop (a server restart), then 1 s, 2 s, 4 s, 5 s.
    retryDelayMs: (attempt) => (attempt === 0 ? 0 : socketRetryDelayMs(attempt)),
    // Finds a half-open socket (a laptop that slept); the pings also keep the service worker awake while the feed runs.
    keepAlive: { enabled: true, intervalMs: 20_000, pongTimeoutMs: 10_000 },
  });
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: wsLink<AppRouter>({ client: socket }),
        false: httpBatchLink({ url, maxItems: 20, headers: () => (token ? { authorization: `Bearer ${token}` } : {}) }),
      }),
    ],
  });
}

/** A server that answered with a refusal is online; one we could not reach is not. */
export function toInboxError(err: unknown): InboxError & { unreachable: boolean } {
  if (err instanceof TRPCClientError) {
    const data = err.data as { code?: string; details?: InboxError['details'] } | undefined;
    if (data?.code) return { code: data.code, message: err.message, details: data.details ?? null, unreachable: false };
    return { code: 'UNREACHABLE', message: 'the inbox server cannot be reached', unreachable: true };
  }
  return { code: 'UNREACHABLE', message: err instanceof Error ? err.message : String(err), unreachable: true };
}

/**
 * Runs a call again while the server answers TOO_MANY_REQUESTS, after the wait it names: for work that must not
 * be skipped (applying the feed), being slowed down is fine, losing a change is not.
 */
export async function whenAllowed<T>(call: () => Promise<T>, opts: { attempts?: number; sleep?: (ms: number) => Promise<void> } = {}): Promise<T> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const e = toInboxError(err);
      if (e.code !== 'TOO_MANY_REQUESTS' || attempt >= (opts.attempts ?? 20)) throw err;
      await sleep(Math.min(Math.max(e.details?.retryAfterMs ?? 1_000, 50), 30_000));
    }
  }
}
