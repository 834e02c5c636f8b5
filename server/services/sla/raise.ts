import type { Deps } from '../deps';
import type { NewEvent } from '../../store/event-log';
import { collectDueAlarms, type SlaAlarm } from './alarms';
import { escalate } from './escalation';
import { dropRequestsOnOwnerChange } from '../handoff-request-column';
import { loadQueuePolicy } from './policies';
import { slaColumnsOf } from './columns';
import type { ConversationTable } from '../../store/tables';

export interface Raised {
  alarms: SlaAlarm[];
  /** When the alarms were raised (deps.now() inside the transaction). */
  raisedAt: number;
}

/**
 * Raises one conversation's due warnings and breaches exactly once: the row is read locked (PostgreSQL),
 * the raised flags and the version are compare-and-set in the same transaction that appends the events,
 * so of several timers (or instances) waking for the same alarm, only one writes it.
 */
export async function raiseDueAlarms(deps: Deps, workspaceId: string, conversationId: string): Promise<Raised | null> {
  const out = await deps.store.transaction(async (tx) => {
    const row = await deps.store.conversations.loadForChange(tx, workspaceId, conversationId);
    if (!row) return null;
    const now = deps.now();
    const { alarms, cols } = collectDueAlarms(slaColumnsOf(row), now);
    if (alarms.length === 0) return null;
    const base = { queue: row.queue, ownerId: row.owner_id, episode: Number(row.episode) };
    const events: NewEvent[] = alarms.map((a) => ({
      type: a.kind === 'warning' ? 'sla.warning' : 'sla.breached',
      conversationId: row.id,
      data: { target: a.target, warnAt: a.warnAt, dueAt: a.dueAt, ...base, lateMs: now - a.at },
    }));
    const breaches = alarms.filter((a) => a.kind === 'breached');
    let patch: Partial<ConversationTable> = cols;
    if (breaches.length) {
      const policy = await loadQueuePolicy(deps.store, workspaceId, row.queue, tx);
      const escalation = await escalate(deps.store, tx, row, breaches, policy, now);
      patch = dropRequestsOnOwnerChange(row, { ...patch, ...escalation.patch })!;
      events.push(...escalation.events);
    }
    // Someone else changed the chat between our read and write: nothing is raised, the next wake re-reads.
    if (!(await deps.store.conversations.writeIfUnchanged(tx, row, patch, now))) return null;
    const eventId = (await deps.store.events.append(tx, workspaceId, null, now, events))!;
    return { eventId, alarms, raisedAt: now };
  });
  if (!out) return null;
  deps.store.publish(workspaceId, out.eventId);
  return { alarms: out.alarms, raisedAt: out.raisedAt };
}
