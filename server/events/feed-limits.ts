import { TRPCError } from '@trpc/server';

export interface FeedLimitSettings {
  /** Live feeds (socket or SSE) one member may run at once, on this instance. */
  perMember: number;
  /** Open feed sockets per client address, signed in or not. */
  socketsPerAddress: number;
  /** SSE feed streams per client address. */
  ssePerAddress: number;
  /** Replayed history events that count as one call against the member's rate limit. */
  replayEventsPerCall: number;
  /** A socket whose peer reads nothing while this much time passes over the high-water mark is closed. */
  slowConsumerMs: number;
}

type Slot = [key: string, max: number, what: string];

/**
 * What one member or one address holds open on this instance: the feed is the only long-lived request, so it is
 * what a single caller could multiply until the server answers nobody else.
 */
export class FeedLimits {
  private held = new Map<string, number>();

  constructor(readonly settings: FeedLimitSettings) {}

  /** Takes one slot of every key, or none of them and throws TOO_MANY_REQUESTS naming the limit reached. */
  private take(slots: Slot[]): { release(): void } {
    for (const [key, max, what] of slots) {
      if ((this.held.get(key) ?? 0) >= max) throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: `at most ${max} ${what}: close one first` });
    }
    for (const [key] of slots) this.held.set(key, (this.held.get(key) ?? 0) + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        for (const [key] of slots) {
          const left = (this.held.get(key) ?? 1) - 1;
          if (left > 0) this.held.set(key, left);
          else this.held.delete(key);
        }
      },
    };
  }

  feed(memberId: string, address: string, transport: 'socket' | 'sse') {
    const slots: Slot[] = [[`member:${memberId}`, this.settings.perMember, 'live feeds per member']];
    if (transport === 'sse') slots.push([`sse:${address}`, this.settings.ssePerAddress, 'event streams per address']);
    return this.take(slots);
  }

  socket(address: string) {
    return this.take([[`socket:${address}`, this.settings.socketsPerAddress, 'feed sockets per address']]);
  }

  /** How many slots of a kind an address or member holds now (for tests and metrics). */
  holding(key: string): number {
    return this.held.get(key) ?? 0;
  }
}
