import type { EventView } from '../../utils/inbox/types';
import { toInboxError, type Api } from './api-client';
import { doublingBackoff } from '../../utils/backoff';

export interface FeedCallbacks {
  /** Applies one event; the feed stores its id only after this resolves, so a stopped worker resumes from it. */
  onEvent(event: EventView): Promise<void>;
  onState(online: boolean): void;
}

/** 1 s, 2 s, 4 s ... up to 30 s between attempts after the server ended the feed with an error. */
export const feedRetryDelayMs = doublingBackoff(1_000, 30_000);

/**
 * The workspace's live feed over WebSocket, resumed from the last received id. Events are applied one at a time,
 * in order. tRPC's link reconnects a dropped socket by itself and sends the last tracked id back; a feed the
 * server ended with an error (a database hiccup, a rate limit) is subscribed again here, since over a socket the
 * link does not retry it. A refused token is the one error that ends the feed: the revocation signs out.
 */
export function startLiveFeed(api: Api, lastEventId: number, cb: FeedCallbacks, opts: { retryDelayMs?: (attempt: number) => number } = {}) {
  const retryDelay = opts.retryDelayMs ?? feedRetryDelayMs;
  let chain = Promise.resolve();
  let applied = lastEventId;
  let received = lastEventId;
  let stopped = false;
  let failures = 0;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let sub: { unsubscribe(): void } | null = null;
  const open = () => {
    sub = api.events.feed.subscribe(
      { lastEventId: String(received) },
      {
        onStarted: () => {
          failures = 0;
          cb.onState(true);
        },
        onData: (envelope) => {
          const event = (envelope as { data: EventView }).data;
          received = Math.max(received, event.id);
          chain = chain
            .then(async () => {
              if (event.id <= applied) return;
              await cb.onEvent(event);
              applied = event.id;
            })
            .catch((err) => console.warn('[inbox] applying event failed', err));
        },
        onError: (err) => {
          cb.onState(false);
          if (stopped || toInboxError(err).code === 'UNAUTHORIZED') return;
          // stop() clears this timer, so it only fires for a running feed.
          retry = setTimeout(() => {
            retry = null;
            open();
          }, retryDelay(failures++));
        },
        onConnectionStateChange: (state) => cb.onState(state.state === 'pending'),
      },
    );
  };
  open();
  return {
    stop: () => {
      stopped = true;
      if (retry !== null) clearTimeout(retry);
      sub?.unsubscribe();
    },
    applied: () => applied,
  };
}
