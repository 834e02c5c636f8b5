import type { Kysely } from 'kysely';
import type { Dialect, Tx } from './store';
import type { Database, WorkspaceTable } from './tables';

/** Settings as stored: JSON the services validate (utils/schemas/settings). */
export type RawSettings = Record<string, unknown>;

/** Workspaces and their settings document. */
export interface WorkspaceStore {
  create(tx: Tx, workspace: WorkspaceTable): Promise<void>;
  /** Its id and name, or undefined for an unknown id (read inside `tx` when given). */
  get(workspaceId: string, tx?: Tx): Promise<Pick<WorkspaceTable, 'id' | 'name'> | undefined>;
  /** Every workspace, oldest first. */
  list(): Promise<Array<Pick<WorkspaceTable, 'id' | 'name' | 'created_at'>>>;
  /** Whether the database holds any workspace yet (a first start creates one); also a cheap sign the database answers. */
  any(): Promise<boolean>;
  /** The workspace's settings (read inside `tx` when given); throws for an unknown workspace. */
  settings(workspaceId: string, tx?: Tx): Promise<RawSettings>;
  /** Every workspace's settings. */
  allSettings(): Promise<Array<{ id: string; settings: RawSettings }>>;
  /** Reads the settings inside `tx` to change them; on PostgreSQL they stay locked until commit. */
  settingsForChange(tx: Tx, workspaceId: string): Promise<RawSettings>;
  writeSettings(tx: Tx, workspaceId: string, settings: RawSettings): Promise<void>;
}

export function kyselyWorkspaces(db: Kysely<Database>, dialect: Dialect): WorkspaceStore {
  return {
    async create(tx, workspace) {
      await tx.insertInto('workspaces').values(workspace).execute();
    },
    async settings(workspaceId, tx) {
      const row = await (tx ?? db).selectFrom('workspaces').select('settings').where('id', '=', workspaceId).executeTakeFirstOrThrow();
      return JSON.parse(row.settings) as RawSettings;
    },
    get: (workspaceId, tx) => (tx ?? db).selectFrom('workspaces').select(['id', 'name']).where('id', '=', workspaceId).executeTakeFirst(),
    list: () => db.selectFrom('workspaces').select(['id', 'name', 'created_at']).orderBy('created_at').orderBy('id').execute(),
    async any() {
      return (await db.selectFrom('workspaces').select('id').limit(1).executeTakeFirst()) !== undefined;
    },
    async allSettings() {
      const rows = await db.selectFrom('workspaces').select(['id', 'settings']).execute();
      return rows.map((r) => ({ id: r.id, settings: JSON.parse(r.settings) as RawSettings }));
    },
    async settingsForChange(tx, workspaceId) {
      let q = tx.selectFrom('workspaces').select('settings').where('id', '=', workspaceId);
      // SQLite runs one transaction at a time and has no row locks to take.
      if (dialect === 'postgres') q = q.forUpdate();
      const row = await q.executeTakeFirstOrThrow();
      return JSON.parse(row.settings) as RawSettings;
    },
    async writeSettings(tx, workspaceId, settings) {
      await tx
        .updateTable('workspaces')
        .set({ settings: JSON.stringify(settings) })
        .where('id', '=', workspaceId)
        .execute();
    },
  };
}
