import type { Deps } from '../deps';
import type { MetricEvent } from '../../domain/metrics/types';

/** The event types the metric definitions read; lock renewals and notes never change a figure. */
const METRIC_TYPES = [
  'conversation.created',
  'ownership.claimed',
  'ownership.assigned',
  'ownership.released',
  'ownership.handed_off',
  'ownership.taken_over',
  'status.changed',
  'conversation.queue_changed',
  'message.observed',
  'send.reported',
  'send.held',
  'send.override',
  'send.slipped',
  'sla.breached',
];
const CHUNK = 500;

/**
 * The history the figures for [from, to) depend on: every metric event of each conversation that had an
 * event since `from` or is not resolved now (so a chat left untouched but open still counts), with each
 * conversation's current queue.
 */
export async function loadMetricHistory(deps: Deps, workspaceId: string, from: number) {
  const db = deps.store.db;
  const touched = await db
    .selectFrom('events')
    .select('conversation_id')
    .distinct()
    .where('workspace_id', '=', workspaceId)
    .where('at', '>=', from)
    .where('conversation_id', 'is not', null)
    .execute();
  const rows = await db
    .selectFrom('conversations')
    .select(['id', 'queue', 'status'])
    .where('workspace_id', '=', workspaceId)
    .where('merged_into', 'is', null)
    .execute();
  const wanted = new Set([...touched.map((r) => r.conversation_id!), ...rows.filter((r) => r.status !== 'resolved').map((r) => r.id)]);
  const currentQueues: Record<string, string> = {};
  for (const r of rows) currentQueues[r.id] = r.queue;
  const ids = [...wanted].filter((id) => id in currentQueues);
  const events: MetricEvent[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const page = await db
      .selectFrom('events')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('conversation_id', 'in', ids.slice(i, i + CHUNK))
      .where((eb) => eb.or([eb('type', 'in', METRIC_TYPES), eb('type', 'like', 'automation.handoff%')]))
      .orderBy('id')
      .execute();
    for (const r of page)
      events.push({ id: Number(r.id), type: r.type, conversationId: r.conversation_id, actorId: r.actor_id, at: Number(r.at), data: JSON.parse(r.data) });
  }
  return { events, currentQueues };
}
