import { endLeaseUnlessHeldBy } from '../../domain/lease';
import type { Store, Tx } from '../../store/store';
import { leaseColumns, leaseOf } from '../conversation-view';
import type { NewEvent } from '../../store/event-log';
import type { SlaAlarm } from './alarms';
import type { QueueSlaPolicy } from './columns';
import type { ConversationTable } from '../../store/tables';

/**
 * What a breach does besides its own event: tell the owner and/or the managers, as the policy says (`sla.escalated` names them,
 * and the feed reaches them), then, per the queue's policy, move the chat to the escalation queue and/or
 * release its owner so routing hands it on.
 */
export async function escalate(store: Store, tx: Tx, row: ConversationTable, breaches: SlaAlarm[], policy: QueueSlaPolicy | null, now: number) {
  const whom = policy?.escalation.notify ?? 'owner-and-managers';
  const managers = whom === 'owner' ? [] : await store.members.managerIds(row.workspace_id, tx);
  const notify = [...new Set([whom === 'managers' ? null : row.owner_id, ...managers].filter((id): id is string => !!id))];
  const moveTo = policy?.escalation.moveToQueue ?? null;
  const release = (policy?.escalation.release ?? false) && row.owner_id !== null;
  const actions = ['notify', ...(moveTo && moveTo !== row.queue ? ['moved'] : []), ...(release ? ['released'] : [])];
  const events: NewEvent[] = [
    {
      type: 'sla.escalated',
      conversationId: row.id,
      data: {
        targets: breaches.map((b) => b.target),
        actions,
        notify,
        ownerId: row.owner_id,
        fromQueue: row.queue,
        toQueue: actions.includes('moved') ? moveTo : row.queue,
        episode: Number(row.episode),
      },
    },
  ];
  let patch: Partial<ConversationTable> = {};
  if (actions.includes('moved')) {
    patch = { queue: moveTo! };
    events.push({ type: 'conversation.queue_changed', conversationId: row.id, data: { from: row.queue, to: moveTo, reason: 'sla-escalation' } });
  }
  if (release) {
    patch = { ...patch, owner_id: null, ...leaseColumns(endLeaseUnlessHeldBy(leaseOf(row), null, now)) };
    events.push({
      type: 'ownership.released',
      conversationId: row.id,
      data: { from: row.owner_id, to: null, reason: 'sla-escalation', version: Number(row.version) + 1 },
    });
  }
  return { patch, events };
}
