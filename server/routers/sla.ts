import { z } from 'zod';
import { Id } from '../../utils/schemas/common';
import { managerProcedure, memberProcedure, router } from '../trpc';
import { SetSlaPolicyInput } from '../../utils/schemas/sla';
import { listPolicies, setPolicy } from '../services/sla/policies';
import { conversationClocks } from '../services/sla/clocks-view';

export const slaRouter = router({
  /** Every queue's policy; a queue missing from the list is not measured. */
  getPolicies: managerProcedure.query(({ ctx }) => listPolicies(ctx.deps, ctx.actor.workspaceId)),
  /** Sets (or, with policy null, removes) one queue's targets, warning threshold, clock and escalation. */
  setPolicy: managerProcedure.input(SetSlaPolicyInput).mutation(({ ctx, input }) => setPolicy(ctx.deps, ctx.actor, input)),
  /** Running due and warning times of the given conversations, with their state now. */
  clocks: memberProcedure
    .input(z.object({ conversationIds: z.array(Id).min(1).max(500) }))
    .query(({ ctx, input }) => conversationClocks(ctx.deps, ctx.actor, input.conversationIds)),
});
