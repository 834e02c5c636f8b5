import { z } from 'zod';
import { Id, Str } from '../../utils/schemas/common';
import { ChatIdentity } from '../../utils/schemas/conversation';
import { memberProcedure, router } from '../trpc';
import { conversationContext, getConversation, listConversations, resolveChannel, resolveConversation } from '../services/conversations';

export const conversationsRouter = router({
  /** The channel is the WhatsApp number the rep's tab is linked to. */
  resolveChannel: memberProcedure
    .input(z.object({ wid: Str().regex(/^\d{5,20}$/, 'wid must be the linked number, digits only'), name: Str().trim().min(1).max(80).optional() }))
    .mutation(async ({ ctx, input }) => {
      const ch = await resolveChannel(ctx.deps, ctx.actor, input.wid, input.name);
      return { id: ch.id, wid: ch.wid, name: ch.name };
    }),
  resolve: memberProcedure.input(ChatIdentity).mutation(({ ctx, input }) => resolveConversation(ctx.deps, ctx.actor, input)),
  get: memberProcedure.input(z.object({ conversationId: Id })).query(({ ctx, input }) => getConversation(ctx.deps, ctx.actor, input.conversationId)),
  list: memberProcedure
    .input(
      z.object({
        ownerId: Id.nullable().optional(),
        mine: z.boolean().optional(),
        channelId: Id.optional(),
        limit: z.number().int().min(1).max(5000).default(500),
        updatedAfter: z.number().int().nonnegative().optional(),
      }),
    )
    .query(({ ctx, input }) => listConversations(ctx.deps, ctx.actor, { ...input, ownerId: input.mine ? ctx.actor.memberId : input.ownerId })),
  context: memberProcedure.input(z.object({ conversationId: Id })).query(({ ctx, input }) => conversationContext(ctx.deps, ctx.actor, input.conversationId)),
});
