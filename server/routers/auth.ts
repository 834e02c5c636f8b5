import { RedeemInviteInput } from '../../utils/schemas/member';
import { memberProcedure, publicProcedure, router } from '../trpc';
import { listMembers, redeemInvite } from '../services/members';

export const authRouter = router({
  /** Trades a one-time invite code for a member token. */
  redeemInvite: publicProcedure.input(RedeemInviteInput).mutation(({ ctx, input }) => redeemInvite(ctx.deps, input.code, input.name)),
  me: memberProcedure.query(async ({ ctx }) => {
    const members = await listMembers(ctx.deps, ctx.actor.workspaceId);
    const me = members.find((m) => m.id === ctx.actor.memberId)!;
    const ws = await ctx.deps.store.db.selectFrom('workspaces').select(['id', 'name']).where('id', '=', ctx.actor.workspaceId).executeTakeFirstOrThrow();
    return { member: me, workspace: ws };
  }),
});
