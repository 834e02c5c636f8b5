import { z } from 'zod';
import { managerProcedure, memberProcedure, router } from '../trpc';
import { drainWorkspace } from '../services/routing/drain';
import { SetQueueRoutingInput } from '../../utils/schemas/settings';
import { getQueues, setHandoffRule, setQueueRouting } from '../services/routing/settings';
import { fireOwnerTimeouts } from '../services/routing/timeout';

export const routingRouter = router({
  /** Each queue's mode, sticky flag, owner-response timeout and unowned waiting count; and the handoff rule. */
  getQueues: memberProcedure.query(({ ctx }) => getQueues(ctx.deps, ctx.actor.workspaceId)),
  setQueue: managerProcedure.input(SetQueueRoutingInput).mutation(({ ctx, input }) => setQueueRouting(ctx.deps, ctx.actor, input)),
  setHandoffRule: managerProcedure
    .input(z.object({ handoffNoteRequired: z.boolean() }))
    .mutation(({ ctx, input }) => setHandoffRule(ctx.deps, ctx.actor, input.handoffNoteRequired)),
  /** Runs a routing pass now (the background loop does the same every few seconds): timeouts, then the backlog. */
  drain: managerProcedure.input(z.object({ limit: z.number().int().min(1).max(500).default(100) }).default({ limit: 100 })).mutation(async ({ ctx, input }) => {
    const timedOut = await fireOwnerTimeouts(ctx.deps, ctx.actor.workspaceId, { limit: input.limit });
    const drained = await drainWorkspace(ctx.deps, ctx.actor.workspaceId, { limit: input.limit });
    return { timedOut, ...drained };
  }),
});
