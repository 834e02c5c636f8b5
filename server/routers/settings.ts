import {
  ArchiveQueueInput,
  CreateQueueInput,
  RenameQueueInput,
  RotateWebhookSecretInput,
  SetDefaultQueueInput,
  SetRulesInput,
} from '../../utils/schemas/settings';
import { adminProcedure, managerProcedure, memberProcedure, router } from '../trpc';
import { archiveQueue, createQueue, renameQueue, rotateSecretFor, setDefaultQueue, setRules, teamSettings, workspaceRules } from '../services/team-settings';

/** Team settings (the extension's Settings page): managers and admins; the rules every rep's extension follows. */
export const settingsRouter = router({
  /** Handoff note, take-over and resolve rules, the queues in use and the default one: every rep's extension reads them. */
  rules: memberProcedure.query(({ ctx }) => workspaceRules(ctx.deps, ctx.actor.workspaceId)),
  /** Members, queues with routing and SLA policy, rules and the webhook's state, in one read for the Settings page. */
  team: managerProcedure.query(({ ctx }) => teamSettings(ctx.deps, ctx.actor.workspaceId)),
  createQueue: managerProcedure.input(CreateQueueInput).mutation(({ ctx, input }) => createQueue(ctx.deps, ctx.actor, input.name)),
  renameQueue: managerProcedure.input(RenameQueueInput).mutation(({ ctx, input }) => renameQueue(ctx.deps, ctx.actor, input.queue, input.to)),
  archiveQueue: managerProcedure.input(ArchiveQueueInput).mutation(({ ctx, input }) => archiveQueue(ctx.deps, ctx.actor, input.queue, input.archived)),
  setDefaultQueue: managerProcedure.input(SetDefaultQueueInput).mutation(({ ctx, input }) => setDefaultQueue(ctx.deps, ctx.actor, input.queue)),
  setRules: managerProcedure.input(SetRulesInput).mutation(({ ctx, input }) => setRules(ctx.deps, ctx.actor, input)),
  /** A new automation webhook secret, shown once; the old ones keep verifying for the grace period. */
  rotateWebhookSecret: adminProcedure.input(RotateWebhookSecretInput).mutation(({ ctx, input }) => rotateSecretFor(ctx.deps, ctx.actor, input.graceHours)),
});
