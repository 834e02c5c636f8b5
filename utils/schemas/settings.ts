import { z } from 'zod';
import { QueueName } from './common';

/** Team settings: the server validates with these, and the Settings page shows their errors next to each field. */

export const RoutingMode = z.enum(['manual', 'round-robin', 'least-loaded']);
export type RoutingMode = z.infer<typeof RoutingMode>;

/** The longest owner-response timeout: a week. */
export const MAX_OWNER_TIMEOUT_MS = 7 * 24 * 3600_000;

/** How one queue routes; a queue without an entry is manual, not sticky, with no owner-response timeout. */
export const QueueRoutingSettings = z.object({
  mode: RoutingMode.default('manual'),
  sticky: z.boolean().default(false),
  ownerResponseTimeoutMs: z.number().int().min(1_000, 'at least 1 second').max(MAX_OWNER_TIMEOUT_MS, 'at most 7 days').nullable().default(null),
});
export type QueueRoutingSettings = z.infer<typeof QueueRoutingSettings>;

export const WorkspaceSettings = z.object({
  queues: z.array(z.string().min(1).max(40)).min(1).default(['pre-sales', 'support', 'escalation', 'post-sale']),
  /** Queues taken out of use: no new chat goes to them; their chats keep the queue until moved. */
  archivedQueues: z.array(z.string().min(1).max(40)).default([]),
  defaultQueue: z.string().default('support'),
  requireResolveReason: z.boolean().default(false),
  agentsCanTakeOver: z.boolean().default(false),
  routing: z.record(z.string(), QueueRoutingSettings).default({}),
  /** Reassigning a chat another member owns needs a note the new owner reads first. */
  handoffNoteRequired: z.boolean().default(true),
});
export type WorkspaceSettings = z.infer<typeof WorkspaceSettings>;

export const SetQueueRoutingInput = z.object({
  queue: QueueName,
  mode: RoutingMode.optional(),
  sticky: z.boolean().optional(),
  ownerResponseTimeoutMs: QueueRoutingSettings.shape.ownerResponseTimeoutMs.unwrap().optional(),
});
export type SetQueueRoutingInput = z.infer<typeof SetQueueRoutingInput>;

/** A queue the team adds or renames to: the name shown everywhere and used by the automation's handoffs. */
export const NewQueueName = QueueName.regex(/^[^,]+$/, 'a queue name cannot contain a comma');
export const CreateQueueInput = z.object({ name: NewQueueName });
export const RenameQueueInput = z.object({ queue: QueueName, to: NewQueueName });
export const ArchiveQueueInput = z.object({ queue: QueueName, archived: z.boolean() });
export const SetDefaultQueueInput = z.object({ queue: QueueName });

/** What every rep's extension needs to behave as the team decided; travels in the worker's snapshot. */
export const WorkspaceRules = z.object({
  handoffNoteRequired: z.boolean(),
  agentsCanTakeOver: z.boolean(),
  requireResolveReason: z.boolean(),
  /** The queues in use (archived ones left out) and where new chats go. */
  queues: z.array(z.string()),
  defaultQueue: z.string(),
});
export type WorkspaceRules = z.infer<typeof WorkspaceRules>;

export const SetRulesInput = z
  .object({ handoffNoteRequired: z.boolean().optional(), agentsCanTakeOver: z.boolean().optional(), requireResolveReason: z.boolean().optional() })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'nothing to change', path: ['handoffNoteRequired'] });
export type SetRulesInput = z.infer<typeof SetRulesInput>;

/** How long a rotated-out webhook secret keeps verifying, in hours (0 ends it now: a leaked secret). */
export const RotateWebhookSecretInput = z.object({
  graceHours: z
    .number()
    .int('whole hours')
    .min(0)
    .max(24 * 30, 'at most 30 days'),
});
