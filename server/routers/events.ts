import { TRPCError, tracked } from '@trpc/server';
import { FeedInput } from '../../utils/schemas/events';
import { memberProcedure, publicProcedure, router } from '../trpc';
import { socketDrained, takeFeedSlot } from '../events/feed-socket';

export const eventsRouter = router({
  /** Every event of the member's workspace after lastEventId, exactly once and in order; resumable. */
  feed: memberProcedure.input(FeedInput).subscription(async function* ({ ctx, input, signal }) {
    const after = input.lastEventId === null || input.lastEventId === undefined ? 0 : Number(input.lastEventId);
    const conn = ctx.socket?.conn;
    const slot = conn ? takeFeedSlot(conn) : null;
    try {
      for await (const event of ctx.hub.subscribe(ctx.actor.workspaceId, after, signal!)) {
        if (conn) await socketDrained(conn, signal);
        yield tracked(String(event.id), event);
        // Revocation takes effect at once: an already-open stream ends with the member's own revocation.
        if (event.type === 'member.revoked' && event.data.memberId === ctx.actor.memberId) {
          throw new TRPCError({ code: 'UNAUTHORIZED', message: 'this member was revoked: sign in again' });
        }
      }
    } finally {
      slot?.release();
    }
  }),
  /** The id a fresh client starts its feed from, read before it loads its snapshot. */
  head: memberProcedure.query(async ({ ctx }) => {
    const ws = await ctx.deps.store.db.selectFrom('workspaces').select('last_event_id').where('id', '=', ctx.actor.workspaceId).executeTakeFirstOrThrow();
    return { lastEventId: Number(ws.last_event_id) };
  }),
  /** The cheapest round trip through the stack: the floor the benchmark compares against. */
  ping: publicProcedure.query(() => 'pong' as const),
});
