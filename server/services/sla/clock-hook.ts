import type { ConversationTable } from '../../store/tables';
import type { Store, Tx } from '../../store/store';
import type { NewEvent } from '../../store/event-log';
import { advanceSlaClock } from './clock';
import { loadQueuePolicy } from './policies';
import { sameSla, slaColumnsOf } from './columns';

const moves = (e: NewEvent) =>
  e.type === 'message.observed' ||
  e.type === 'send.reported' ||
  e.type === 'send.override' ||
  e.type === 'send.slipped' ||
  e.type === 'status.changed' ||
  String(e.type).startsWith('automation.handoff');

/**
 * Called by mutateConversation inside its transaction, after the decision and before the version
 * compare-and-set: returns the patch with the SLA columns this change moves, so the clock commits with
 * the change that started or stopped it. Changes that cannot move a clock cost nothing.
 */
export async function withSlaClock(
  store: Store,
  tx: Tx,
  row: ConversationTable,
  patch: Partial<ConversationTable> | null,
  events: NewEvent[],
  now: number,
): Promise<Partial<ConversationTable> | null> {
  if (!events.some(moves)) return patch;
  const after = { ...row, ...patch };
  const policy = await loadQueuePolicy(store, row.workspace_id, after.queue, tx);
  const before = slaColumnsOf(row);
  const next = advanceSlaClock(
    before,
    {
      before: { status: row.status, episode: Number(row.episode), waitingSince: row.waiting_since === null ? null : Number(row.waiting_since) },
      after: { status: after.status, episode: Number(after.episode), waitingSince: after.waiting_since === null ? null : Number(after.waiting_since) },
      events,
      now,
    },
    policy,
  );
  if (sameSla(before, next)) return patch;
  return { ...patch, ...next } as Partial<ConversationTable>;
}
