import type { Tx } from './store';
import type { IdempotencyTable } from './tables';

/** Responses stored under idempotency keys (written by EventLog.appendAndCommit), so a retried change is answered, not redone. */
export interface IdempotencyStore {
  /** The response stored under the workspace's key, and who stored it. */
  find(tx: Tx, workspaceId: string, key: string): Promise<Pick<IdempotencyTable, 'response' | 'member_id'> | undefined>;
}

export function kyselyIdempotency(): IdempotencyStore {
  return {
    find: (tx, workspaceId, key) =>
      tx.selectFrom('idempotency').select(['response', 'member_id']).where('workspace_id', '=', workspaceId).where('key', '=', key).executeTakeFirst(),
  };
}
