import type { Kysely } from 'kysely';
import type { Database } from '../store/tables';
import type { Tx } from '../store/store';
import { readSettings } from '../store/workspaces';
import { WorkspaceSettings } from '../../utils/schemas/settings';

// The schemas live in utils/schemas so the Settings page validates with the very same rules.
export { QueueRoutingSettings, WorkspaceSettings } from '../../utils/schemas/settings';

export async function loadSettings(db: Kysely<Database> | Tx, workspaceId: string): Promise<WorkspaceSettings> {
  return WorkspaceSettings.parse(await readSettings(db, workspaceId));
}
