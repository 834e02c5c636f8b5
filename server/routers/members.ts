import { z } from 'zod';
import { Id } from '../../utils/schemas/common';
import { AdapterHealthInput, HeartbeatInput, InviteInput, RenameSelfInput, SetAvailabilityInput, UpdateMemberInput } from '../../utils/schemas/member';
import { adminProcedure, managerProcedure, memberProcedure, router } from '../trpc';
import { ServiceError } from '../services/service-error';
import { reportAdapterHealth } from '../services/adapter-health';
import { heartbeat, inviteMember, listMembers, renameMember, revokeMember, updateMember } from '../services/members';

export const membersRouter = router({
  list: memberProcedure.query(({ ctx }) => listMembers(ctx.deps, ctx.actor.workspaceId)),
  invite: adminProcedure.input(InviteInput).mutation(({ ctx, input }) => inviteMember(ctx.deps, ctx.actor, input.name, input.role)),
  revoke: adminProcedure.input(z.object({ memberId: Id })).mutation(({ ctx, input }) => revokeMember(ctx.deps, ctx.actor, input.memberId)),
  /** Queues, capacity and role are a manager's call; role changes are an admin's (checked below). */
  update: managerProcedure.input(UpdateMemberInput).mutation(({ ctx, input }) => {
    const { memberId, ...patch } = input;
    if (patch.role && ctx.actor.role !== 'admin') throw new ServiceError('FORBIDDEN', 'only admins can change roles');
    return updateMember(ctx.deps, ctx.actor, memberId, patch);
  }),
  /** The caller's own name (every member may choose it; the invited name stays beside it). */
  rename: memberProcedure.input(RenameSelfInput).mutation(({ ctx, input }) => renameMember(ctx.deps, ctx.actor, input.name)),
  setAvailability: memberProcedure
    .input(SetAvailabilityInput)
    .mutation(({ ctx, input }) => updateMember(ctx.deps, ctx.actor, ctx.actor.memberId, { availability: input.availability })),
  heartbeat: memberProcedure.input(HeartbeatInput).mutation(({ ctx, input }) => heartbeat(ctx.deps, ctx.actor, input)),
  reportAdapterHealth: memberProcedure.input(AdapterHealthInput).mutation(({ ctx, input }) => reportAdapterHealth(ctx.deps, ctx.actor, input)),
});
