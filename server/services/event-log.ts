import type { EventType, EventView } from '../../utils/schemas/events';
import type { Tx } from '../store/store';
import type { EventTable } from '../store/schema';

export interface NewEvent {
  type: EventType;
  conversationId: string | null;
  data: Record<string, unknown>;
}

/**
 * Appends events with the workspace's next ids. The counter row stays locked until commit, so ids are
 * handed out in commit order and a reader catching up by id never skips one that commits later.
 */
export async function appendEvents(tx: Tx, workspaceId: string, actorId: string | null, at: number, events: NewEvent[]): Promise<number | null> {
  if (events.length === 0) return null;
  const { last_event_id } = await tx
    .updateTable('workspaces')
    .set((eb) => ({ last_event_id: eb('last_event_id', '+', events.length) }))
    .where('id', '=', workspaceId)
    .returning('last_event_id')
    .executeTakeFirstOrThrow();
  const last = Number(last_event_id);
  const first = last - events.length + 1;
  await tx
    .insertInto('events')
    .values(events.map((e, i) => ({ workspace_id: workspaceId, id: first + i, type: e.type, conversation_id: e.conversationId, actor_id: actorId, at, data: JSON.stringify(e.data) })))
    .execute();
  return last;
}

export const eventView = (row: EventTable): EventView => ({
  id: Number(row.id),
  type: row.type as EventType,
  conversationId: row.conversation_id,
  actorId: row.actor_id,
  at: Number(row.at),
  data: JSON.parse(row.data),
});
