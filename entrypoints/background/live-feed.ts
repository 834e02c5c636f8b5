import type { EventView } from '../../utils/inbox/types';
import type { Api } from './api-client';

export interface FeedCallbacks {
  /** Applies one event; the feed stores its id only after this resolves, so a stopped worker resumes from it. */
  onEvent(event: EventView): Promise<void>;
  onState(online: boolean): void;
}

/**
 * The workspace's live feed over WebSocket, resumed from the last applied id. Events are applied one at a time,
 * in order; tRPC's link reconnects by itself and sends the last tracked id back.
 */
export function startLiveFeed(api: Api, lastEventId: number, cb: FeedCallbacks) {
  let chain = Promise.resolve();
  let applied = lastEventId;
  const sub = api.events.feed.subscribe(
    { lastEventId: String(lastEventId) },
    {
      onStarted: () => cb.onState(true),
      onData: (envelope) => {
        const event = (envelope as { data: EventView }).data;
        chain = chain.then(async () => {
          if (event.id <= applied) return;
          await cb.onEvent(event);
          applied = event.id;
        }).catch((err) => console.warn('[inbox] applying event failed', err));
      },
      onError: () => cb.onState(false),
      onConnectionStateChange: (state) => cb.onState(state.state === 'pending'),
    },
  );
  return { stop: () => sub.unsubscribe(), applied: () => applied };
}
