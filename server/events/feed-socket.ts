import { TRPCError } from '@trpc/server';
import type { EventView } from '../../utils/schemas/events';
import { fillFrame, probeFrame, type FrameTemplate } from './feed-frames';
import type { DirectWrite } from './feed-hub';

/** The extension opens one feed per socket; other clients may open several, but not hundreds on one connection. */
export const MAX_FEEDS_PER_SOCKET = 16;
/** Past this much unsent data on a socket, the feed waits for the peer to read before it yields more. */
export const SOCKET_HIGH_WATER_BYTES = 1 << 20;

/** What the feed needs of a socket: how much is unsent, and whether it is still open. */
export interface FeedSocket {
  readonly bufferedAmount: number;
  readonly readyState: number;
  /** Drops the connection at once (the slowest consumer goes, not the server's memory). */
  terminate?(): void;
  send?(data: string): void;
}

const feedsOpen = new WeakMap<FeedSocket, number>();
const lastFeedEnded = new WeakMap<FeedSocket, number>();

/** Since when the socket has run no feed (its last feed's end, else `openedAt`); null while one runs. */
export function feedlessSince(socket: FeedSocket, openedAt: number): number | null {
  if ((feedsOpen.get(socket) ?? 0) > 0) return null;
  return lastFeedEnded.get(socket) ?? openedAt;
}

/** Counts a feed against its socket until release(); refuses the one past MAX_FEEDS_PER_SOCKET. */
export function takeFeedSlot(socket: FeedSocket): { release(): void } {
  const open = feedsOpen.get(socket) ?? 0;
  if (open >= MAX_FEEDS_PER_SOCKET) throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: `at most ${MAX_FEEDS_PER_SOCKET} feeds run on one socket` });
  feedsOpen.set(socket, open + 1);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      const left = (feedsOpen.get(socket) ?? 1) - 1;
      feedsOpen.set(socket, left);
      if (left === 0) lastFeedEnded.set(socket, Date.now());
    },
  };
}

/**
 * Resolves once the socket has room (under half the high-water mark), closed, or the feed was stopped. tRPC's ws
 * adapter sends whatever the feed yields without looking at the socket, so a peer that stops reading would
 * otherwise make the server buffer the workspace's whole history for it.
 */
export async function socketDrained(
  socket: FeedSocket,
  signal: AbortSignal | undefined,
  pollMs = 20,
  slow?: { now: () => number; afterMs: number },
): Promise<void> {
  if (socket.bufferedAmount < SOCKET_HIGH_WATER_BYTES) return;
  const since = slow?.now();
  while (socket.bufferedAmount >= SOCKET_HIGH_WATER_BYTES / 2 && socket.readyState === 1 && !signal?.aborted) {
    // A peer that reads nothing for this long is dropped; its feed resumes by id when it comes back.
    if (slow && since !== undefined && slow.now() - since >= slow.afterMs) return void socket.terminate?.();
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Per event of a feed: may throw before its frame is sent (refused, nothing sent) or after (the feed ends there). */
export interface FeedGuard {
  before(event: EventView): void;
  after(event: EventView): void;
}

/**
 * A feed's direct writer on its WebSocket (see FeedHub.subscribe). It cannot write until it knows the subscription's
 * frame, which tRPC keeps to itself: the first event the feed yields through tRPC carries a probe that hands the
 * encoded frame's template over (see probeFrame). From then on new events are written as tRPC would write them.
 */
export class SocketWire implements DirectWrite {
  private template: FrameTemplate | null = null;
  private probed = false;
  /** What ended the feed during a direct write (the guard's throw): the subscription rethrows it. */
  failure: unknown = null;

  constructor(
    private conn: FeedSocket,
    private guard: FeedGuard,
  ) {}

  /** The event to yield through tRPC: the first carries the probe. */
  viaTrpc(event: EventView): EventView {
    if (this.probed) return event;
    this.probed = true;
    return probeFrame(event, (template) => (this.template = template));
  }

  ready(): boolean {
    return this.template !== null && this.conn.readyState === 1 && this.conn.bufferedAmount < SOCKET_HIGH_WATER_BYTES && this.failure === null;
  }

  write(events: readonly EventView[]): boolean {
    for (const event of events) {
      try {
        this.guard.before(event);
        this.conn.send!(fillFrame(this.template!, event));
        this.guard.after(event);
      } catch (err) {
        this.failure = err;
        return false;
      }
    }
    return true;
  }
}
