import { drainBacklog, type BacklogLeftover, type WaitingConversation } from '../../domain/routing/drain-backlog';
import type { QueueRouting } from '../../domain/routing/pick-assignee';
import type { Deps } from '../deps';
import { loadCandidates, stickyOwnerOf } from './candidates';
import { queueRouting } from './settings';
import { routeConversation } from './route';
import { loadSettings, type WorkspaceSettings } from '../workspace-settings';

export interface DrainReport {
  assigned: { conversationId: string; memberId: string; via: string }[];
  waiting: BacklogLeftover[];
}

/**
 * Routes the chats waiting unowned in a workspace, oldest first. The plan (drainBacklog) picks which chats
 * can go now and in what order; each one is then routed by its own compare-and-set, which decides again
 * with fresh data, so a claim or another drain in between is never overwritten.
 */
export async function drainWorkspace(
  deps: Deps,
  workspaceId: string,
  opts: { limit?: number; settings?: () => Promise<WorkspaceSettings> } = {},
): Promise<DrainReport> {
  const { store } = deps;
  const now = deps.now();
  const settings = await (opts.settings ? opts.settings() : loadSettings(store, workspaceId));
  const routable = settings.queues.filter((q) => {
    const r = queueRouting(settings, q);
    return r.mode !== 'manual' || r.sticky;
  });
  if (routable.length === 0) return { assigned: [], waiting: [] };
  // Only chats with a customer waiting are routed: rows the extension merely saw in the chat list are not work.
  const rows = await store.routing.waitingChats(workspaceId, routable, now, opts.limit ?? 100);
  if (rows.length === 0) return { assigned: [], waiting: [] };
  const cursors = await store.routing.cursors(workspaceId);
  const queues: Record<string, QueueRouting> = {};
  for (const q of routable) {
    const r = queueRouting(settings, q);
    queues[q] = { mode: r.mode, sticky: r.sticky, lastAssignedMemberId: cursors.get(q) ?? null };
  }
  const waiting: WaitingConversation[] = [];
  for (const r of rows) {
    const lastOwnerId = queues[r.queue].sticky ? await stickyOwnerOf(store, workspaceId, r.id) : null;
    waiting.push({ conversationId: r.id, queue: r.queue, waitingSinceMs: Number(r.waiting_since), createdAtMs: Number(r.created_at), lastOwnerId });
  }
  const plan = drainBacklog(waiting, queues, await loadCandidates(store, workspaceId, now));
  const report: DrainReport = { assigned: [], waiting: plan.unassigned };
  for (const a of plan.assignments) {
    try {
      const out = await routeConversation(deps, workspaceId, a.conversationId);
      if (out.routed) report.assigned.push({ conversationId: a.conversationId, memberId: out.memberId, via: out.via });
    } catch (err) {
      // One chat failing (e.g. endless contention) must not strand the rest of the backlog.
      deps.log.warn({ err, workspaceId, conversationId: a.conversationId }, 'routing a waiting chat failed');
    }
  }
  return report;
}
