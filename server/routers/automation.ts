import { z } from 'zod';
import { ChatJid, Id, IdempotencyKey, Phone, Text } from '../../utils/schemas/common';
import { memberProcedure, router } from '../trpc';
import { flowHistory, linkLead } from '../services/automation/lead';
import { takeOverFromBot } from '../services/automation/takeover';

const LinkLeadInput = z
  .object({
    conversationId: Id,
    phone: Phone.optional(),
    jid: ChatJid.optional(),
  })
  .refine((v) => (v.phone ? !v.jid : !!v.jid), { message: "give the lead's phone or its jid (one of them)", path: ['phone'] });

export const automationRouter = router({
  /** The automation's flows, steps and handoff (summary, reason) for the context panel. */
  flowHistory: memberProcedure.input(z.object({ conversationId: Id })).query(({ ctx, input }) => flowHistory(ctx.deps, ctx.actor, input.conversationId)),
  linkLead: memberProcedure
    .input(LinkLeadInput)
    .mutation(({ ctx, input }) => linkLead(ctx.deps, ctx.actor, input.conversationId, { phone: input.phone, jid: input.jid })),
  takeOverFromBot: memberProcedure
    .input(z.object({ conversationId: Id, reason: Text(500).optional(), idempotencyKey: IdempotencyKey.optional() }))
    .mutation(({ ctx, input }) => takeOverFromBot(ctx.deps, ctx.actor, input.conversationId, input.reason, input.idempotencyKey)),
});
