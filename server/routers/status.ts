import { SetLabelsInput, SetPriorityInput, SetQueueInput, SetStatusInput } from '../../utils/schemas/conversation';
import { memberProcedure, router } from '../trpc';
import { setLabels, setPriority, setQueue, setStatus } from '../services/conversation-attributes';

export const statusRouter = router({
  set: memberProcedure.input(SetStatusInput).mutation(({ ctx, input }) => setStatus(ctx.deps, ctx.actor, input.conversationId, input, input.idempotencyKey)),
  setPriority: memberProcedure
    .input(SetPriorityInput)
    .mutation(({ ctx, input }) => setPriority(ctx.deps, ctx.actor, input.conversationId, input.priority, input.idempotencyKey)),
  setLabels: memberProcedure
    .input(SetLabelsInput)
    .mutation(({ ctx, input }) => setLabels(ctx.deps, ctx.actor, input.conversationId, input.labels, input.idempotencyKey)),
  setQueue: memberProcedure
    .input(SetQueueInput)
    .mutation(({ ctx, input }) => setQueue(ctx.deps, ctx.actor, input.conversationId, input.queue, input.idempotencyKey)),
});
