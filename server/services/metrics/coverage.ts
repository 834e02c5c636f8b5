import { z } from 'zod';
import { Id, QueueName } from '../../../utils/schemas/common';
import { byUrgency, COVERAGE_KINDS, coverageKinds, slaOf, type CoverageKind } from '../../domain/metrics/coverage-now';
import { effectiveStatus } from '../../domain/status';
import type { Actor, Deps } from '../deps';
import { listMembers, ONLINE_WINDOW_MS } from '../members';
import { ServiceError } from '../service-error';
import { clockStates } from '../sla/alarms';
import { slaColumnsOf } from '../sla/columns';

type QueueCoverage = Record<CoverageKind, number>;
const empty = (): QueueCoverage => ({ open: 0, unowned: 0, unattended: 0, warning: 0, breaching: 0 });

/** Every unresolved chat of the workspace as coverage reads it at `now`: the one source of counts and lists. */
async function unresolvedChats(deps: Deps, workspaceId: string, now: number) {
  const rows = await deps.store.conversations.unresolved(workspaceId);
  return rows.map((row) => {
    const status = effectiveStatus({ status: row.status, snoozedUntil: row.snoozed_until === null ? null : Number(row.snoozed_until) }, now);
    const clocks = clockStates(slaColumnsOf(row), now);
    const waitingSince = row.waiting_since === null ? null : Number(row.waiting_since);
    return {
      id: row.id,
      title: row.title,
      phone: row.phone,
      kind: row.kind,
      queue: row.queue,
      status,
      ownerId: row.owner_id,
      priority: row.priority,
      waitingSince,
      sla: slaOf(clocks),
      kinds: coverageKinds({ status, ownerId: row.owner_id, waitingSince, clocks }),
    };
  });
}

/**
 * The manager's "right now": open chats (a passed snooze counts as open), unowned, unattended (a customer
 * waiting), in SLA warning and breaching, per queue and in total; each member's load against capacity,
 * availability and live connections.
 */
export async function metricsCoverage(deps: Deps, actor: Actor) {
  const now = deps.now();
  const chats = await unresolvedChats(deps, actor.workspaceId, now);
  const total = empty();
  const byQueue: Record<string, QueueCoverage> = {};
  const load = new Map<string, number>();
  for (const chat of chats) {
    // Load is every unresolved chat a member owns, whatever its status; coverage is about open ones.
    if (chat.ownerId) load.set(chat.ownerId, (load.get(chat.ownerId) ?? 0) + 1);
    if (chat.kinds.length === 0) continue;
    const q = (byQueue[chat.queue] ??= empty());
    for (const kind of chat.kinds) [q[kind], total[kind]] = [q[kind] + 1, total[kind] + 1];
  }
  const members = await listMembers(deps, actor.workspaceId);
  const connections = await deps.store.members.connectionsSince(actor.workspaceId, now - ONLINE_WINDOW_MS);
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

const LIST_LIMIT = 500;

export const CoverageChatsInput = z.discriminatedUnion('kind', [
  /** The chats behind one coverage count, in the workspace or one queue. */
  z.object({ kind: z.enum(COVERAGE_KINDS), queue: QueueName.optional(), limit: z.number().int().min(1).max(LIST_LIMIT).default(100) }),
  /** The chats behind a member's load: every unresolved chat they own. */
  z.object({ kind: z.literal('load'), memberId: Id, limit: z.number().int().min(1).max(LIST_LIMIT).default(100) }),
]);
export type CoverageChatsInput = z.input<typeof CoverageChatsInput>;

/**
 * The conversations behind a coverage count or a member's load, read the way the counts are (so `total` equals the
 * count coverage shows at the same instant), the most urgent first; `conversations` stops at `limit`.
 */
export async function metricsCoverageChats(deps: Deps, actor: Actor, input: z.infer<typeof CoverageChatsInput>) {
  const now = deps.now();
  if (input.kind === 'load') {
    const m = await deps.store.members.get(actor.workspaceId, input.memberId);
    if (!m) throw new ServiceError('NOT_FOUND', 'no such member in this workspace');
  }
  const chats = await unresolvedChats(deps, actor.workspaceId, now);
  const matching = chats
    .filter((c) => (input.kind === 'load' ? c.ownerId === input.memberId : c.kinds.includes(input.kind) && (!input.queue || c.queue === input.queue)))
    .sort(byUrgency);
  return {
    at: now,
    total: matching.length,
    conversations: matching.slice(0, input.limit).map(({ kinds: _kinds, ...c }) => c),
  };
}
