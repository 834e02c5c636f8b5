import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema';

export const WorkspaceSettings = z.object({
  queues: z.array(z.string().min(1).max(40)).min(1).default(['pre-sales', 'support', 'escalation', 'post-sale']),
  defaultQueue: z.string().default('support'),
  requireResolveReason: z.boolean().default(false),
  agentsCanTakeOver: z.boolean().default(false),
});
export type WorkspaceSettings = z.infer<typeof WorkspaceSettings>;

export async function loadSettings(db: Kysely<DB>, workspaceId: string): Promise<WorkspaceSettings> {
  const row = await db.selectFrom('workspaces').select('settings').where('id', '=', workspaceId).executeTakeFirstOrThrow();
  return WorkspaceSettings.parse(JSON.parse(row.settings));
}
