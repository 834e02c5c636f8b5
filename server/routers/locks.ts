import { LockAcquireInput, LockReleaseInput, LockRenewInput } from '../../utils/schemas/conversation';
import { memberProcedure, router } from '../trpc';
import { acquireReplyLock, releaseReplyLock, renewReplyLock } from '../services/reply-lock';

export const locksRouter = router({
  acquire: memberProcedure.input(LockAcquireInput).mutation(({ ctx, input }) => acquireReplyLock(ctx.deps, ctx.actor, input.conversationId)),
  renew: memberProcedure.input(LockRenewInput).mutation(({ ctx, input }) => renewReplyLock(ctx.deps, ctx.actor, input.conversationId, input.token)),
  release: memberProcedure.input(LockReleaseInput).mutation(({ ctx, input }) => releaseReplyLock(ctx.deps, ctx.actor, input.conversationId, input.token)),
});
