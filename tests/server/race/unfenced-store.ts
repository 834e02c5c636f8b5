import type { ConversationStore } from '../../../server/store/conversations';
import type { Store } from '../../../server/store/store';
import type { ConversationTable } from '../../../server/store/tables';

/**
 * The race checker's control: a store without fencing. A conversation read for change may be a snapshot up to
 * `staleForMs` old (a cache with no invalidation); writes land whatever the row's version is now; and the fence
 * reads answer that whoever asks owns the chat and holds its reply lock with the token they present, so the
 * lease and ownership rules never refuse: exactly the check-then-act races that locked reads, compare-and-set
 * and fencing tokens prevent. Never used outside tests.
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
    fencing: (row, claim) => ({
      owner_id: claim.memberId,
      lock_holder: claim.memberId,
      lock_token: claim.token ?? row.lock_token,
      lock_expires_at: Number.MAX_SAFE_INTEGER,
      fence: claim.token ?? row.fence,
    }),
    async writeIfUnchanged(tx, row, patch, at) {
      await store.conversations.overwrite(tx, row, patch, at);
      return true;
    },
  };
  return { ...store, conversations };
}
