import type { Store, Tx } from '../store/store';
import { WorkspaceSettings } from '../../utils/schemas/settings';

// The schemas live in utils/schemas so the Settings page validates with the very same rules.
export { QueueRoutingSettings, WorkspaceSettings } from '../../utils/schemas/settings';

/** The workspace's settings, validated (read inside `tx` when given); throws for an unknown workspace. */
export async function loadSettings(store: Store, workspaceId: string, tx?: Tx): Promise<WorkspaceSettings> {
  return WorkspaceSettings.parse(await store.workspaces.settings(workspaceId, tx));
}
