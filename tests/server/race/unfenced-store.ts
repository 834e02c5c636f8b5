import type { ConversationStore } from '../../../server/store/conversations';
import type { Store } from '../../../server/store/store';
import type { ConversationTable } from '../../../server/store/tables';

/**
 * The race checker's control: a store without fencing. A conversation read for change may be a snapshot up to
 * `staleForMs` old (a cache with no invalidation), and writes land whatever the row's version is now: exactly the
 * check-then-act race that locked reads and compare-and-set prevent. Never used outside tests.
 */
export function unfencedStore(store: Store, staleForMs = 100, now: () => number = Date.now): Store {
  const seen = new Map<string, { row: ConversationTable; at: number }>();
  const conversations: ConversationStore = {
    ...store.conversations,
    async loadForChange(tx, workspaceId, id) {
      const key = `${workspaceId} ${id}`;
      const hit = seen.get(key);
      if (hit && now() - hit.at < staleForMs) return hit.row;
      const row = await store.conversations.loadForChange(tx, workspaceId, id);
      if (row) seen.set(key, { row, at: now() });
      return row;
    },
    async writeIfUnchanged(tx, row, patch, at) {
      await tx
        .updateTable('conversations')
        .set({ ...patch, version: Number(row.version) + 1, updated_at: at })
        .where('id', '=', row.id)
        .execute();
      return true;
    },
  };
  return { ...store, conversations };
}
