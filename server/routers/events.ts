import { tracked } from '@trpc/server';
import { FeedInput } from '../../utils/schemas/events';
import { memberProcedure, publicProcedure, router } from '../trpc';

export const eventsRouter = router({
  /** Every event of the member's workspace after lastEventId, exactly once and in order; resumable. */
  feed: memberProcedure.input(FeedInput).subscription(async function* ({ ctx, input, signal }) {
    const after = input.lastEventId === null || input.lastEventId === undefined ? 0 : Number(input.lastEventId);
    for await (const event of ctx.hub.subscribe(ctx.actor.workspaceId, after, signal!)) {
      yield tracked(String(event.id), event);
    }
  }),
  /** The cheapest round trip through the stack: the floor the benchmark compares against. */
  ping: publicProcedure.query(() => 'pong' as const),
});
