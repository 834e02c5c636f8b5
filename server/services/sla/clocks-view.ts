import type { Actor, Deps } from '../deps';
import { clockStates } from './alarms';
import { slaColumnsOf } from './columns';

/** The running SLA clocks of some conversations (the badge's countdown), evaluated at now. */
export async function conversationClocks(deps: Deps, actor: Actor, conversationIds: string[]) {
  if (conversationIds.length === 0) return [];
  const rows = await deps.store.conversations.byIds(actor.workspaceId, conversationIds);
  const now = deps.now();
  return rows.map((row) => {
    const cols = slaColumnsOf(row);
    return {
      conversationId: row.id,
      queue: row.queue,
      episodeStart: cols.sla_episode_start,
      firstResponseStart: cols.sla_clock_start,
      firstResponseMetAt: cols.sla_first_met_at,
      clocks: clockStates(cols, now),
    };
  });
}
