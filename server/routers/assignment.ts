import { AnswerHandoffInput, AssignInput, ClaimInput, HandoffInput, ReleaseInput, RequestHandoffInput, TakeOverInput } from '../../utils/schemas/conversation';
import { memberProcedure, router } from '../trpc';
import { changeOwnership } from '../services/change-ownership';
import { answerHandoff, requestHandoff } from '../services/handoff-requests';

export const assignmentRouter = router({
  claim: memberProcedure
    .input(ClaimInput)
    .mutation(({ ctx, input }) =>
      changeOwnership(ctx.deps, ctx.actor, input.conversationId, { kind: 'claim' }, input.idempotencyKey, { withLock: input.withLock }),
    ),
  assign: memberProcedure
    .input(AssignInput)
    .mutation(({ ctx, input }) =>
      changeOwnership(ctx.deps, ctx.actor, input.conversationId, { kind: 'assign', to: input.memberId, note: input.note }, input.idempotencyKey),
    ),
  release: memberProcedure
    .input(ReleaseInput)
    .mutation(({ ctx, input }) => changeOwnership(ctx.deps, ctx.actor, input.conversationId, { kind: 'release' }, input.idempotencyKey)),
  handoff: memberProcedure
    .input(HandoffInput)
    .mutation(({ ctx, input }) =>
      changeOwnership(ctx.deps, ctx.actor, input.conversationId, { kind: 'handoff', to: input.memberId, note: input.note }, input.idempotencyKey),
    ),
  takeOver: memberProcedure.input(TakeOverInput).mutation(({ ctx, input }) =>
    changeOwnership(ctx.deps, ctx.actor, input.conversationId, { kind: 'takeOver', reason: input.reason }, input.idempotencyKey, {
      withLock: input.withLock,
    }),
  ),
  requestHandoff: memberProcedure
    .input(RequestHandoffInput)
    .mutation(({ ctx, input }) => requestHandoff(ctx.deps, ctx.actor, input.conversationId, input.note, input.idempotencyKey)),
  answerHandoff: memberProcedure
    .input(AnswerHandoffInput)
    .mutation(({ ctx, input }) => answerHandoff(ctx.deps, ctx.actor, input.conversationId, input.requestedBy, input.accept, input.idempotencyKey)),
});
