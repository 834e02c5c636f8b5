import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema';

/** How one queue routes; a queue without an entry is manual, not sticky, with no owner-response timeout. */
export const QueueRoutingSettings = z.object({
  mode: z.enum(['manual', 'round-robin', 'least-loaded']).default('manual'),
  sticky: z.boolean().default(false),
  ownerResponseTimeoutMs: z.number().int().min(1_000).max(7 * 24 * 3600_000).nullable().default(null),
});
export type QueueRoutingSettings = z.infer<typeof QueueRoutingSettings>;

export const WorkspaceSettings = z.object({
  queues: z.array(z.string().min(1).max(40)).min(1).default(['pre-sales', 'support', 'escalation', 'post-sale']),
  defaultQueue: z.string().default('support'),
  requireResolveReason: z.boolean().default(false),
  agentsCanTakeOver: z.boolean().default(false),
  routing: z.record(z.string(), QueueRoutingSettings).default({}),
  /** Reassigning a chat another member owns needs a note the new owner reads first. */
  handoffNoteRequired: z.boolean().default(true),
});
export type WorkspaceSettings = z.infer<typeof WorkspaceSettings>;

export async function loadSettings(db: Kysely<DB>, workspaceId: string): Promise<WorkspaceSettings> {
  const row = await db.selectFrom('workspaces').select('settings').where('id', '=', workspaceId).executeTakeFirstOrThrow();
  return WorkspaceSettings.parse(JSON.parse(row.settings));
}
