import { RedeemInviteInput } from '../../utils/schemas/member';
import { memberProcedure, publicProcedure, router } from '../trpc';
import { currentMember, redeemInvite } from '../services/members';
import { ServiceError } from '../services/service-error';

export const authRouter = router({
  /** Trades a one-time invite code for a member token. */
  redeemInvite: publicProcedure.input(RedeemInviteInput).mutation(async ({ ctx, input }) => {
    // Guessing codes: after a few wrong ones from an address, even a right one waits; a member token changes nothing.
    ctx.deps.limiter?.check('authFailure', ctx.address);
    try {
      return await redeemInvite(ctx.deps, input.code, input.name);
    } catch (err) {
      if (err instanceof ServiceError && err.code === 'UNAUTHORIZED') ctx.deps.limiter?.spend('authFailure', ctx.address);
      throw err;
    }
  }),
  me: memberProcedure.query(({ ctx }) => currentMember(ctx.deps, ctx.actor)),
});
