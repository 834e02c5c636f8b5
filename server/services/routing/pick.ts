import { cursorAfter, pickAssignee, type PickResult } from '../../domain/routing/pick-assignee';
import { endLeaseUnlessHeldBy } from '../../domain/lease';
import type { ConversationTable } from '../../store/tables';
import type { Store, Tx } from '../../store/store';
import type { Actor } from '../deps';
import type { NewEvent } from '../../store/event-log';
import { leaseColumns, leaseOf } from '../conversation-view';
import { loadCandidates, stickyOwnerOf } from './candidates';
import { queueRouting } from './settings';
import type { QueueRoutingSettings } from '../workspace-settings';
import { loadSettings } from '../workspace-settings';

/** Routing's changes are logged as made by this actor id, not by a member. */
export const routingActor = (workspaceId: string): Actor => ({ memberId: 'system:routing', workspaceId, role: 'admin' });

export interface InTxPick {
  pick: PickResult;
  routing: QueueRoutingSettings;
  /** Commits the queue's round-robin cursor after the pick. */
  save(): Promise<void>;
}

/**
 * Decides who gets `row` inside its transaction. The queue's cursor row is locked first (PostgreSQL), so
 * concurrent drains of one queue, on any instance, take turns and read each other's cursor and load.
 */
export async function pickInTx(
  store: Store,
  tx: Tx,
  row: ConversationTable,
  now: number,
  opts: { exclude: readonly string[]; sticky: boolean },
): Promise<InTxPick> {
  const ws = row.workspace_id;
  const routing = queueRouting(await loadSettings(store, ws, tx), row.queue);
  const cursor = await store.routing.cursorForChange(tx, ws, row.queue, now);
  const candidates = (await loadCandidates(store, ws, now, row.channel_id, tx)).filter((c) => !opts.exclude.includes(c.memberId));
  const lastOwnerId = opts.sticky && routing.sticky ? await stickyOwnerOf(store, ws, row.id, tx) : null;
  const queue = { mode: routing.mode, sticky: routing.sticky, lastAssignedMemberId: cursor };
  const pick = pickAssignee(queue, candidates, { queue: row.queue, lastOwnerId });
  return {
    pick,
    routing,
    async save() {
      const next = cursorAfter(queue, pick);
      if (next !== cursor) await store.routing.saveCursor(tx, ws, row.queue, next, now);
    },
  };
}

/** The owner columns for a new owner: a teammate's reply lock ends, the fence stays. */
export const ownerPatch = (row: ConversationTable, to: string | null, now: number) => ({
  owner_id: to,
  ...leaseColumns(endLeaseUnlessHeldBy(leaseOf(row), to, now)),
});

export function routedEvent(row: ConversationTable, to: string, routing: QueueRoutingSettings, rule: string, extra: Record<string, unknown> = {}): NewEvent {
  return {
    type: 'ownership.assigned',
    conversationId: row.id,
    data: { from: row.owner_id, to, via: 'routing', mode: routing.mode, rule, ...extra, version: Number(row.version) + 1 },
  };
}
