import type { Kysely } from 'kysely';
import type { RoutingCandidate } from '../../domain/routing/eligibility';
import type { Database } from '../../store/tables';
import { ONLINE_WINDOW_MS } from '../members';

/**
 * Everyone routing could pick as of `now`: queues, hand-set availability, open load, and live connections that
 * have a signed-in WhatsApp tab of the chat's number open (of any number when `channelId` is not given). A
 * browser with the extension but no WhatsApp tab reports no channel, so it cannot answer and is not counted.
 */
export async function loadCandidates(db: Kysely<Database>, workspaceId: string, now: number, channelId?: string): Promise<RoutingCandidate[]> {
  const members = await db
    .selectFrom('members')
    .select(['id', 'queues', 'availability', 'capacity'])
    .where('workspace_id', '=', workspaceId)
    .where('revoked_at', 'is', null)
    .execute();
  let liveQuery = db
    .selectFrom('connections')
    .select(['member_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('last_seen', '>', now - ONLINE_WINDOW_MS);
  liveQuery = channelId === undefined ? liveQuery.where('channel_id', 'is not', null) : liveQuery.where('channel_id', '=', channelId);
  const live = await liveQuery.groupBy('member_id').execute();
  // Capacity counts every owned chat that is not resolved (pending and snoozed ones still need their owner).
  const load = await db
    .selectFrom('conversations')
    .select(['owner_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('owner_id', 'is not', null)
    .where('status', '!=', 'resolved')
    .where('merged_into', 'is', null)
    .groupBy('owner_id')
    .execute();
  const liveBy = new Map(live.map((r) => [r.member_id, Number(r.n)]));
  const loadBy = new Map(load.map((r) => [r.owner_id, Number(r.n)]));
  return members.map((m) => ({
    memberId: m.id,
    queues: JSON.parse(m.queues) as string[],
    availability: m.availability,
    liveConnections: liveBy.get(m.id) ?? 0,
    capacity: Number(m.capacity),
    openOwned: loadBy.get(m.id) ?? 0,
  }));
}

const OWNERSHIP_EVENTS = ['ownership.claimed', 'ownership.assigned', 'ownership.released', 'ownership.handed_off', 'ownership.taken_over'] as const;

/**
 * Sticky's "last owner": the member the automation took the chat from (bot.start on a chat they owned), while
 * that release is still the latest ownership change. A member who released the chat or timed out is not one.
 */
export async function stickyOwnerOf(db: Kysely<Database>, workspaceId: string, conversationId: string): Promise<string | null> {
  const last = await db
    .selectFrom('events')
    .select(['type', 'data'])
    .where('workspace_id', '=', workspaceId)
    .where('conversation_id', '=', conversationId)
    .where('type', 'in', OWNERSHIP_EVENTS)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!last || last.type !== 'ownership.released') return null;
  const data = JSON.parse(last.data) as { from?: unknown; reason?: unknown };
  return data.reason === 'automation' && typeof data.from === 'string' ? data.from : null;
}

/** How long routing keeps a chat away from a member who lost it (released, or timed out on it). */
export const GIVE_BACK_COOLDOWN_MS = 30 * 60_000;

/**
 * Members who lost this chat within the cooldown: a self- or manager release, or an owner-response timeout.
 * Routing does not hand it straight back to them (that would undo the release and count as an unnecessary
 * reassignment). An automation release is not one: sticky routing returns those chats on purpose.
 */
export async function recentFormerOwners(db: Kysely<Database>, workspaceId: string, conversationId: string, now: number): Promise<string[]> {
  const rows = await db
    .selectFrom('events')
    .select(['type', 'data'])
    .where('workspace_id', '=', workspaceId)
    .where('conversation_id', '=', conversationId)
    .where('type', 'in', ['ownership.released', 'routing.owner_timeout'])
    .where('at', '>', now - GIVE_BACK_COOLDOWN_MS)
    .execute();
  return rows.flatMap((r) => {
    const d = JSON.parse(r.data) as { from?: unknown; ownerId?: unknown; reason?: unknown };
    const who = r.type === 'routing.owner_timeout' ? d.ownerId : d.reason === 'automation' ? null : d.from;
    return typeof who === 'string' ? [who] : [];
  });
}
