import type { Kysely } from 'kysely';
import type { EventView } from '../../utils/schemas/events';
import { eventView } from './event-log';
import type { Database } from './tables';

/** Which events the figures read: these types, and any type starting with `typePrefix`. */
export interface MetricEventTypes {
  types: readonly string[];
  typePrefix: string;
}

/** The event history the metrics are computed from. */
export interface MetricsStore {
  /**
   * Every event of `select` of each conversation (not merged away) that had an event since `from` or is not
   * resolved now, oldest first, with each such conversation's current queue.
   */
  history(workspaceId: string, from: number, select: MetricEventTypes): Promise<{ events: EventView[]; currentQueues: Record<string, string> }>;
}

/** Conversations per events query: keeps the IN list well inside every driver's parameter limit. */
const CHUNK = 500;

export function kyselyMetrics(db: Kysely<Database>): MetricsStore {
  return {
    async history(workspaceId, from, select) {
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
      const events: EventView[] = [];
      for (let i = 0; i < ids.length; i += CHUNK) {
        const page = await db
          .selectFrom('events')
          .selectAll()
          .where('workspace_id', '=', workspaceId)
          .where('conversation_id', 'in', ids.slice(i, i + CHUNK))
          .where((eb) => eb.or([eb('type', 'in', select.types), eb('type', 'like', `${select.typePrefix}%`)]))
          .orderBy('id')
          .execute();
        for (const r of page) events.push(eventView(r));
      }
      return { events, currentQueues };
    },
  };
}
