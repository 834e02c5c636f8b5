import { pendingRequests, type HandoffRequest } from '../domain/handoff-request';
import type { ConversationTable } from '../store/tables';

/** The pending requests a row stores (JSON), without those made to an earlier owner. */
export const requestsOf = (row: Pick<ConversationTable, 'handoff_requests' | 'owner_id'>): HandoffRequest[] =>
  pendingRequests(JSON.parse(row.handoff_requests ?? '[]') as HandoffRequest[], row.owner_id);

/** A change of owner, by any path, drops the requests made to the previous one. */
export function dropRequestsOnOwnerChange<P extends Partial<ConversationTable>>(row: ConversationTable, patch: P | null): P | null {
  if (!patch || !('owner_id' in patch) || patch.owner_id === row.owner_id || row.handoff_requests === '[]') return patch;
  return { ...patch, handoff_requests: '[]' };
}
