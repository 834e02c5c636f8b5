import { TRPCError, tracked } from '@trpc/server';
import { FeedInput, type EventView } from '../../utils/schemas/events';
import { memberProcedure, publicProcedure, router } from '../trpc';
import { SocketWire, socketDrained, takeFeedSlot, type FeedGuard } from '../events/feed-socket';
import type { Context } from '../context';
import { ServiceError } from '../services/service-error';

const workspaceHead = (ctx: Context & { actor: { workspaceId: string } }) => ctx.deps.store.events.head(ctx.actor.workspaceId);

/** One call against the member's rate limit, refused as the typed error a subscription can carry to its client. */
function chargeCall(deps: Context['deps'], memberId: string) {
  try {
    deps.limiter?.hit('member', memberId);
  } catch (err) {
    if (err instanceof ServiceError) throw new TRPCError({ code: err.code, message: err.message, cause: err });
    throw err;
  }
}

/**
 * What every event of one member's feed must pass (see FeedGuard). A class, not closures: one object per feed is
 * all the memory an idle socket adds for it.
 */
class FeedRules implements FeedGuard {
  private replayed = 0;

  constructor(
    private deps: Context['deps'],
    private memberId: string,
    /** History replayed to this feed costs the member a call every `everyEvents` events up to `replayedUpTo`. */
    private replay: { replayedUpTo: number; everyEvents: number } | null,
  ) {}

  before(event: EventView) {
    if (this.replay && event.id <= this.replay.replayedUpTo && ++this.replayed % this.replay.everyEvents === 0) chargeCall(this.deps, this.memberId);
  }

  after(event: EventView) {
    // Revocation takes effect at once: an already-open stream ends with the member's own revocation.
    if (event.type === 'member.revoked' && event.data.memberId === this.memberId) {
      throw new TRPCError({ code: 'UNAUTHORIZED', message: 'this member was revoked: sign in again' });
    }
  }
}

export const eventsRouter = router({
  /** Every event of the member's workspace after lastEventId, exactly once and in order; resumable. */
  feed: memberProcedure.input(FeedInput).subscription(async function* ({ ctx, input, signal }) {
    const after = input.lastEventId === null || input.lastEventId === undefined ? 0 : Number(input.lastEventId);
    const conn = ctx.socket?.conn;
    const limits = ctx.deps.feedLimits;
    const held: Array<{ release(): void }> = [];
    try {
      if (conn) held.push(takeFeedSlot(conn));
      if (limits) held.push(limits.feed(ctx.actor.memberId, ctx.address, conn ? 'socket' : 'sse'));
      // History replayed to this feed costs the member calls, as the reads it causes would if made one by one.
      const replayedUpTo = limits ? await workspaceHead(ctx) : 0;
      const slow = limits ? { now: ctx.deps.now, afterMs: limits.settings.slowConsumerMs } : undefined;
      const guard = new FeedRules(ctx.deps, ctx.actor.memberId, limits ? { replayedUpTo, everyEvents: limits.settings.replayEventsPerCall } : null);
      // On a socket, events after the first are written straight to it while the feed is at the head (see SocketWire).
      const wire = conn?.send ? new SocketWire(conn, guard) : undefined;
      for await (const event of ctx.hub.subscribe(ctx.actor.workspaceId, after, signal!, wire)) {
        if (conn) await socketDrained(conn, signal, 20, slow);
        guard.before(event);
        yield tracked(String(event.id), wire ? wire.viaTrpc(event) : event);
        guard.after(event);
      }
      if (wire?.failure) throw wire.failure;
    } finally {
      for (const h of held) h.release();
    }
  }),
  /** The id a fresh client starts its feed from, read before it loads its snapshot. */
  head: memberProcedure.query(async ({ ctx }) => {
    return { lastEventId: await workspaceHead(ctx) };
  }),
  /** The cheapest round trip through the stack: the floor the benchmark compares against. */
  ping: publicProcedure.query(() => 'pong' as const),
});
