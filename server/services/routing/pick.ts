import { cursorAfter, pickAssignee, type PickResult } from '../../domain/routing/pick-assignee';
import { endLeaseUnlessHeldBy } from '../../domain/lease';
import type { ConversationTable } from '../../store/tables';
import type { Dialect, Tx } from '../../store/store';
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
  tx: Tx,
  dialect: Dialect,
  row: ConversationTable,
  now: number,
  opts: { exclude: readonly string[]; sticky: boolean },
): Promise<InTxPick> {
  const ws = row.workspace_id;
  const routing = queueRouting(await loadSettings(tx, ws), row.queue);
  const db = tx;
  await db
    .insertInto('routing_cursors')
    .values({ workspace_id: ws, queue: row.queue, last_member_id: null, updated_at: now })
    .onConflict((oc) => oc.columns(['workspace_id', 'queue']).doNothing())
    .execute();
  let q = db.selectFrom('routing_cursors').select('last_member_id').where('workspace_id', '=', ws).where('queue', '=', row.queue);
  if (dialect === 'postgres') q = q.forUpdate();
  const cursor = (await q.executeTakeFirstOrThrow()).last_member_id;
  const candidates = (await loadCandidates(tx, ws, now, row.channel_id)).filter((c) => !opts.exclude.includes(c.memberId));
  const lastOwnerId = opts.sticky && routing.sticky ? await stickyOwnerOf(tx, ws, row.id) : null;
  const queue = { mode: routing.mode, sticky: routing.sticky, lastAssignedMemberId: cursor };
  const pick = pickAssignee(queue, candidates, { queue: row.queue, lastOwnerId });
  return {
    pick,
    routing,
    async save() {
      const next = cursorAfter(queue, pick);
      if (next !== cursor)
        await db
          .updateTable('routing_cursors')
          .set({ last_member_id: next, updated_at: now })
          .where('workspace_id', '=', ws)
          .where('queue', '=', row.queue)
          .execute();
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
