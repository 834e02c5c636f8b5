import type { Kysely } from 'kysely';
import type { Database } from '../store/tables';
import { WorkspaceSettings } from '../../utils/schemas/settings';

// The schemas live in utils/schemas so the Settings page validates with the very same rules.
export { QueueRoutingSettings, WorkspaceSettings } from '../../utils/schemas/settings';

export async function loadSettings(db: Kysely<Database>, workspaceId: string): Promise<WorkspaceSettings> {
  const row = await db.selectFrom('workspaces').select('settings').where('id', '=', workspaceId).executeTakeFirstOrThrow();
  return WorkspaceSettings.parse(JSON.parse(row.settings));
}
