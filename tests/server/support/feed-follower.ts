import type { EventView } from '../../../utils/schemas/events';
import type { httpClient } from './http-client';

type Client = ReturnType<typeof httpClient>;

export interface Follower {
  after: number;
  events: EventView[];
  /** Date.now() at each delivery, by event id. */
  arrivals: Map<number, number>;
  errors: unknown[];
  /** Deliveries whose tracked id (the SSE id or the frame's id) differed from the event id, which a reconnect resumes from. */
  idMismatches: number;
  ids(): number[];
  last(): number;
  stop(): void;
}

/**
 * Subscribes to events.feed over the client's feed link, SSE or WebSocket (the tRPC client resumes by the last
 * tracked id after a drop); events delivered after stop() are not recorded, so last() is the last id seen. The
 * follower joins `into`, for cleanup.
 */
export function follow(client: Client, after: number | null, into: Follower[]): Follower {
  let stopped = false;
  const f: Follower = {
    after: after ?? 0,
    events: [],
    arrivals: new Map(),
    errors: [],
    idMismatches: 0,
    ids: () => f.events.map((e) => e.id),
    last: () => f.events.at(-1)?.id ?? f.after,
    stop: () => {
      stopped = true;
      sub.unsubscribe();
    },
  };
  const sub = client.events.feed.subscribe(after === null ? {} : { lastEventId: String(after) }, {
    onData(tracked) {
      if (stopped) return;
      if (tracked.id !== String(tracked.data.id)) f.idMismatches++;
      f.events.push(tracked.data);
      f.arrivals.set(tracked.data.id, Date.now());
    },
    onError(err) {
      f.errors.push(err);
    },
  });
  into.push(f);
  return f;
}

export const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

/** Splits ids into consecutive groups of `size`. */
export const groupsOf = (ids: string[], size: number) => range(0, ids.length / size - 1).map((g) => ids.slice(g * size, g * size + size));
