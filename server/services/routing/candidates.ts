import type { RoutingCandidate } from '../../domain/routing/eligibility';
import type { Store, Tx } from '../../store/store';
import { ONLINE_WINDOW_MS } from '../members';

/**
 * Everyone routing could pick as of `now`: queues, hand-set availability, open load, and live connections that
 * have a signed-in WhatsApp tab of the chat's number open (of any number when `channelId` is not given). A
 * browser with the extension but no WhatsApp tab reports no channel, so it cannot answer and is not counted.
 */
export async function loadCandidates(store: Store, workspaceId: string, now: number, channelId?: string, tx?: Tx): Promise<RoutingCandidate[]> {
  // Capacity counts every owned chat that is not resolved (pending and snoozed ones still need their owner).
  const { members, live, load } = await store.routing.candidates(workspaceId, now - ONLINE_WINDOW_MS, channelId, tx);
  return members.map((m) => ({
    memberId: m.id,
    queues: JSON.parse(m.queues) as string[],
    availability: m.availability,
    liveConnections: live.get(m.id) ?? 0,
    capacity: Number(m.capacity),
    openOwned: load.get(m.id) ?? 0,
  }));
}

const OWNERSHIP_EVENTS = ['ownership.claimed', 'ownership.assigned', 'ownership.released', 'ownership.handed_off', 'ownership.taken_over'] as const;

/**
 * Sticky's "last owner": the member the automation took the chat from (bot.start on a chat they owned), while
 * that release is still the latest ownership change. A member who released the chat or timed out is not one.
 */
export async function stickyOwnerOf(store: Store, workspaceId: string, conversationId: string, tx?: Tx): Promise<string | null> {
  const last = await store.events.latest(workspaceId, { conversationId, types: OWNERSHIP_EVENTS }, tx);
  if (!last || last.type !== 'ownership.released') return null;
  const data = last.data as { from?: unknown; reason?: unknown };
  return data.reason === 'automation' && typeof data.from === 'string' ? data.from : null;
}

/** How long routing keeps a chat away from a member who lost it (released, or timed out on it). */
export const GIVE_BACK_COOLDOWN_MS = 30 * 60_000;

/**
 * Members who lost this chat within the cooldown: a self- or manager release, or an owner-response timeout.
 * Routing does not hand it straight back to them (that would undo the release and count as an unnecessary
 * reassignment). An automation release is not one: sticky routing returns those chats on purpose.
 */
export async function recentFormerOwners(store: Store, tx: Tx, workspaceId: string, conversationId: string, now: number): Promise<string[]> {
  const events = await store.events.ofConversationSince(
    workspaceId,
    conversationId,
    ['ownership.released', 'routing.owner_timeout'],
    now - GIVE_BACK_COOLDOWN_MS,
    tx,
  );
  return events.flatMap((e) => {
    const d = e.data as { from?: unknown; ownerId?: unknown; reason?: unknown };
    const who = e.type === 'routing.owner_timeout' ? d.ownerId : d.reason === 'automation' ? null : d.from;
    return typeof who === 'string' ? [who] : [];
  });
}
