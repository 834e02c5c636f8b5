import type { ConversationView } from '../../utils/schemas/conversation';
import { effectiveStatus } from '../domain/status';
import { isLeaseHeld, type Lease } from '../domain/lease';
import type { ConversationTable } from '../store/tables';
import type { FenceClaim, FenceColumns } from '../store/conversations';
import type { Store } from '../store/store';
import { clockStates } from './sla/alarms';
import { slaColumnsOf } from './sla/columns';
import { requestsOf } from './handoff-request-column';

export const leaseOf = (row: Omit<FenceColumns, 'owner_id'>): Lease => ({
  holderId: row.lock_holder,
  token: row.lock_token === null ? null : Number(row.lock_token),
  expiresAt: row.lock_expires_at === null ? null : Number(row.lock_expires_at),
  fence: Number(row.fence),
});

/** The lease the fencing rules judge `claim` by, as the store reads it for them. */
export const fencedLease = (store: Store, row: ConversationTable, claim: FenceClaim): Lease => leaseOf(store.conversations.fencing(row, claim));

export const leaseColumns = (lease: Lease) => ({
  lock_holder: lease.holderId,
  lock_token: lease.token,
  lock_expires_at: lease.expiresAt,
  fence: lease.fence,
});

/** The public shape of a conversation, with time-based state (snooze, lease) evaluated at `now`. */
export function conversationView(row: ConversationTable, now: number, ambiguous = false): ConversationView {
  const lease = leaseOf(row);
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    channelId: row.channel_id,
    chatKey: row.chat_key,
    jid: row.jid,
    title: row.title,
    titleKey: row.title_key,
    kind: row.kind,
    phone: row.phone,
    status: effectiveStatus({ status: row.status, snoozedUntil: row.snoozed_until === null ? null : Number(row.snoozed_until) }, now),
    queue: row.queue,
    ownerId: row.owner_id,
    priority: row.priority,
    labels: JSON.parse(row.labels),
    waitingSince: row.waiting_since === null ? null : Number(row.waiting_since),
    episode: Number(row.episode),
    snoozedUntil: row.snoozed_until === null ? null : Number(row.snoozed_until),
    lock: isLeaseHeld(lease, now) ? { holderId: lease.holderId!, token: lease.token!, expiresAt: lease.expiresAt! } : null,
    fence: lease.fence,
    sla: clockStates(slaColumnsOf(row), now).map(({ target, warnAt, dueAt }) => ({ target, warnAt, dueAt })),
    ambiguous,
    handoffRequests: requestsOf(row),
    mergedInto: row.merged_into,
    version: Number(row.version),
    updatedAt: Number(row.updated_at),
  };
}
