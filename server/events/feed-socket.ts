import { TRPCError } from '@trpc/server';

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
