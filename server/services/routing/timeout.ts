import { ownerResponseDueAt } from '../../domain/routing/owner-response';
import { effectiveStatus } from '../../domain/status';
import type { Store, Tx } from '../../store/store';
import type { Deps } from '../deps';
import type { NewEvent } from '../../store/event-log';
import { mutateConversation } from '../mutate-conversation';
import { recentFormerOwners } from './candidates';
import { ownerPatch, pickInTx, routedEvent, routingActor } from './pick';
import { queueRouting } from './settings';
import { loadSettings } from '../workspace-settings';

const ASSIGNING = ['ownership.claimed', 'ownership.assigned', 'ownership.handed_off', 'ownership.taken_over'] as const;
const REPLIES = ['send.reported', 'send.override'] as const;

type OwnedChat = { id: string; owner_id: string | null; created_at: number };
type Clock = { assignedAtMs: number; lastCustomerMessageAtMs: number | null; lastOwnerReplyAtMs: number | null };

/** Per chat: when its owner got it, the latest customer message, and the owner's latest guarded send. */
export async function ownerClocks(store: Store, workspaceId: string, chats: OwnedChat[], tx?: Tx): Promise<Map<string, Clock>> {
  const ids = chats.map((c) => c.id);
  if (ids.length === 0) return new Map();
  const assigned = await store.events.lastAt(workspaceId, ids, ASSIGNING, tx);
  const replies = await store.events.lastAtByActor(workspaceId, ids, REPLIES, tx);
  const customer = await store.messages.lastInboundAt(workspaceId, ids, tx);
  return new Map(
    chats.map((c) => {
      const a = assigned.find((r) => r.conversationId === c.id);
      const r = replies.find((x) => x.conversationId === c.id && x.actorId === c.owner_id);
      return [c.id, { assignedAtMs: a?.at ?? Number(c.created_at), lastCustomerMessageAtMs: customer.get(c.id) ?? null, lastOwnerReplyAtMs: r ? r.at : null }];
    }),
  );
}

/** Chats whose owner is overdue on a reply, and takes each away (to the next eligible member, else the queue). */
export async function fireOwnerTimeouts(deps: Deps, workspaceId: string, opts: { limit?: number } = {}): Promise<string[]> {
  const settings = await loadSettings(deps.store, workspaceId);
  const timed = settings.queues.filter((q) => queueRouting(settings, q).ownerResponseTimeoutMs !== null);
  if (timed.length === 0) return [];
  const now = deps.now();
  const rows = await deps.store.routing.ownedChats(workspaceId, timed, now, opts.limit ?? 200);
  const clocks = await ownerClocks(deps.store, workspaceId, rows);
  const fired: string[] = [];
  for (const r of rows) {
    const dueAt = ownerResponseDueAt({ timeoutMs: queueRouting(settings, r.queue).ownerResponseTimeoutMs, ...clocks.get(r.id)! });
    if (dueAt === null || now < dueAt) continue;
    const out = await expireOwner(deps, workspaceId, r.id, r.owner_id!);
    if (out.expired) fired.push(r.id);
  }
  return fired;
}

/** Re-checks the clock under the row lock (a reply may have just landed), then moves the chat on. */
function expireOwner(deps: Deps, workspaceId: string, conversationId: string, ownerId: string) {
  return mutateConversation(deps, routingActor(workspaceId), conversationId, undefined, async (row, tx, now) => {
    const none = { patch: null, events: [], result: { expired: false, to: null as string | null } };
    const status = effectiveStatus({ status: row.status, snoozedUntil: row.snoozed_until === null ? null : Number(row.snoozed_until) }, now);
    if (row.owner_id !== ownerId || row.merged_into || status !== 'open') return none;
    const routing = queueRouting(await loadSettings(deps.store, workspaceId, tx), row.queue);
    const clock = (await ownerClocks(deps.store, workspaceId, [row], tx)).get(row.id)!;
    const dueAt = ownerResponseDueAt({ timeoutMs: routing.ownerResponseTimeoutMs, ...clock });
    if (dueAt === null || now < dueAt) return none;
    const episode = Number(row.episode);
    const exclude = [ownerId, ...(await recentFormerOwners(deps.store, tx, workspaceId, row.id, now))];
    const next = routing.mode === 'manual' ? null : await pickInTx(deps.store, tx, row, now, { exclude, sticky: false });
    const to = next && 'memberId' in next.pick ? next.pick.memberId : null;
    const reason = 'owner-response-timeout';
    const events: NewEvent[] = [
      {
        type: 'routing.owner_timeout',
        conversationId: row.id,
        data: { ownerId, queue: row.queue, timeoutMs: routing.ownerResponseTimeoutMs, dueAt, episode, to },
      },
    ];
    if (to && next && 'memberId' in next.pick) {
      await next.save();
      events.push(routedEvent(row, to, routing, next.pick.via, { reason }));
    } else {
      events.push({ type: 'ownership.released', conversationId: row.id, data: { from: ownerId, to: null, reason, version: Number(row.version) + 1 } });
    }
    return { patch: ownerPatch(row, to, now), events, result: { expired: true, to } };
  });
}
