import type { Kysely } from 'kysely';
import type { Tx } from './store';
import type { ChannelTable, Database } from './tables';

/** The team's WhatsApp numbers (channels), each known to a workspace by its WID. */
export interface ChannelStore {
  /** The channel with this WID, created (with `name`) when the workspace has none yet (inside `tx` when given). */
  ensure(workspaceId: string, channel: { id: string; wid: string; name: string }, now: number, tx?: Tx): Promise<ChannelTable>;
  /** One channel of the workspace (read inside `tx` when given). */
  get(workspaceId: string, id: string, tx?: Tx): Promise<ChannelTable | undefined>;
  /** The workspace's channels, oldest first. */
  list(workspaceId: string): Promise<Array<Pick<ChannelTable, 'id' | 'wid' | 'name'>>>;
}

export function kyselyChannels(db: Kysely<Database>): ChannelStore {
  return {
    async ensure(workspaceId, channel, now, tx) {
      const r = tx ?? db;
      await r
        .insertInto('channels')
        .values({ ...channel, workspace_id: workspaceId, created_at: now })
        .onConflict((oc) => oc.columns(['workspace_id', 'wid']).doNothing())
        .execute();
      return r.selectFrom('channels').selectAll().where('workspace_id', '=', workspaceId).where('wid', '=', channel.wid).executeTakeFirstOrThrow();
    },
    get: (workspaceId, id, tx) => (tx ?? db).selectFrom('channels').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst(),
    list: (workspaceId) => db.selectFrom('channels').select(['id', 'wid', 'name']).where('workspace_id', '=', workspaceId).orderBy('created_at').execute(),
  };
}
