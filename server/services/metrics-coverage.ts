import { effectiveStatus } from '../domain/status';
import type { Actor, Deps } from './deps';
import { listMembers, ONLINE_WINDOW_MS } from './members';
import { clockStates } from './sla-alarms';
import { slaColumnsOf, slaDb } from './sla-schema';

type QueueCoverage = { open: number; unowned: number; unattended: number; warning: number; breaching: number };
const empty = (): QueueCoverage => ({ open: 0, unowned: 0, unattended: 0, warning: 0, breaching: 0 });

/**
 * The manager's "right now": open chats (a passed snooze counts as open), unowned, unattended (a customer
 * waiting), in SLA warning and breaching, per queue and in total; each member's load against capacity,
 * availability and live connections.
 */
export async function metricsCoverage(deps: Deps, actor: Actor) {
  const now = deps.now();
  const rows = await slaDb(deps.store.db).selectFrom('conversations').selectAll().where('workspace_id', '=', actor.workspaceId).where('merged_into', 'is', null).where('status', 'not in', ['resolved']).execute();
  const total = empty();
  const byQueue: Record<string, QueueCoverage> = {};
  const load = new Map<string, number>();
  for (const row of rows) {
    const status = effectiveStatus({ status: row.status, snoozedUntil: row.snoozed_until === null ? null : Number(row.snoozed_until) }, now);
    // Load is every unresolved chat a member owns, whatever its status; coverage is about open ones.
    if (row.owner_id) load.set(row.owner_id, (load.get(row.owner_id) ?? 0) + 1);
    if (status !== 'open') continue;
    const states = clockStates(slaColumnsOf(row), now).map((c) => c.state);
    const q = (byQueue[row.queue] ??= empty());
    for (const c of [q, total]) {
      c.open++;
      if (!row.owner_id) c.unowned++;
      if (row.waiting_since !== null) c.unattended++;
      if (states.includes('breached')) c.breaching++;
      else if (states.includes('warning')) c.warning++;
    }
  }
  const members = await listMembers(deps, actor.workspaceId);
  const connections = await deps.store.db.selectFrom('connections').select(['member_id', 'channel_id', 'browser', 'last_seen']).where('workspace_id', '=', actor.workspaceId).where('last_seen', '>', now - ONLINE_WINDOW_MS).execute();
  return {
    at: now,
    total: { ...total, ownedShare: total.open === 0 ? null : (total.open - total.unowned) / total.open },
    byQueue,
    members: members.map((m) => ({
      id: m.id,
      name: m.name,
      role: m.role,
      availability: m.availability,
      online: m.online,
      load: load.get(m.id) ?? 0,
      capacity: m.capacity,
      queues: m.queues,
      connections: connections.filter((c) => c.member_id === m.id).map((c) => ({ channelId: c.channel_id, browser: c.browser, lastSeen: Number(c.last_seen) })),
    })),
  };
}
