import { applyCustomerMessage, applyHumanReply, effectiveStatus, type StatusState } from '../domain/status';
import { checkFence, isLeaseHeld } from '../domain/lease';
import { sentOnEndedLease, slippedPast, type SlippedPast } from '../domain/slipped';
import type { ConversationTable } from '../store/tables';
import type { Store, Tx } from '../store/store';
import type { Actor, Deps } from './deps';
import { fencedLease, leaseOf } from './conversation-view';
import { mutateConversation, type Mutation } from './mutate-conversation';
import type { NewEvent } from '../store/event-log';
import { floorMinute, LIST_MATCH_WINDOW_MS } from '../domain/list-activity';

/** The newest customer message recorded for the chat; `dedupeKey` says where it came from (row: = a list row). */
export async function newestInbound(store: Store, tx: Tx, row: ConversationTable) {
  const m = await store.messages.newestInbound(tx, row.workspace_id, row.id);
  return m ? { at: Number(m.at), dedupeKey: m.dedupe_key, messageId: m.message_id } : null;
}

/**
 * Whether an inbound message reported from an open chat was already announced: by a list row (the row came first,
 * in another rep's list; the row's record then takes this id, so it explains one message only), or, for history
 * on screen, by anything as new.
 */
async function alreadyAnnounced(store: Store, tx: Tx, row: ConversationTable, input: { at: number; messageId?: string; backfill?: boolean }): Promise<boolean> {
  const newest = await newestInbound(store, tx, row);
  if (!newest) return false;
  if (input.backfill) return floorMinute(newest.at) >= floorMinute(input.at);
  if (!newest.dedupeKey.startsWith('row:') || newest.messageId !== null || Math.abs(input.at - newest.at) > LIST_MATCH_WINDOW_MS) return false;
  if (input.messageId) await store.messages.setMessageId(tx, row.workspace_id, row.id, newest.dedupeKey, input.messageId);
  return true;
}

export const stateOf = (row: ConversationTable): StatusState => ({
  status: row.status,
  snoozedUntil: row.snoozed_until === null ? null : Number(row.snoozed_until),
  episode: Number(row.episode),
  waitingSince: row.waiting_since === null ? null : Number(row.waiting_since),
});
export const statusColumns = (s: StatusState) => ({ status: s.status, snoozed_until: s.snoozedUntil, episode: s.episode, waiting_since: s.waitingSince });

/** Inserts the message once per workspace; returns false when another browser already reported it. */
export function recordMessage(
  store: Store,
  tx: Tx,
  row: ConversationTable,
  key: string,
  m: { direction: 'in' | 'out'; at: number; messageId?: string; attributedTo: string | null },
  now: number,
): Promise<boolean> {
  return store.messages.record(tx, {
    workspace_id: row.workspace_id,
    conversation_id: row.id,
    dedupe_key: key,
    direction: m.direction,
    at: m.at,
    message_id: m.messageId ?? null,
    attributed_to: m.attributedTo,
    episode: Number(row.episode),
    created_at: now,
  });
}

const dedupeKey = (m: { messageId?: string; fingerprint?: string }) => (m.messageId ? `id:${m.messageId}` : `fp:${m.fingerprint}`);
const skip = { patch: null, events: [] as NewEvent[], result: { recorded: false } };

/** A message seen in some rep's DOM. The same message seen by several browsers is stored and announced once. */
export function observeMessage(
  deps: Deps,
  actor: Actor,
  input: { conversationId: string; direction: 'in' | 'out'; at: number; messageId?: string; fingerprint?: string; backfill?: boolean },
) {
  return mutateConversation(deps, actor, input.conversationId, undefined, async (row, tx, now): Promise<Mutation<{ recorded: boolean }>> => {
    const announced = input.direction === 'in' && (await alreadyAnnounced(deps.store, tx, row, input));
    const fresh = await recordMessage(deps.store, tx, row, dedupeKey(input), { ...input, attributedTo: null }, now);
    if (!fresh || announced) return skip;
    const events: NewEvent[] = [];
    let next = stateOf(row);
    const backfill = input.backfill ? { backfill: true } : {};
    if (input.direction === 'in') {
      const applied = applyCustomerMessage(next, input.at, now);
      next = applied.state;
      events.push({
        type: 'message.observed',
        conversationId: row.id,
        data: { direction: 'in', at: input.at, messageId: input.messageId ?? null, episode: next.episode, ...backfill },
      });
      if (applied.statusChange) events.push({ type: 'status.changed', conversationId: row.id, data: applied.statusChange });
    } else {
      // While the bot runs the chat, an outgoing message is the bot's and does not answer the customer.
      const byBot = effectiveStatus(next, now) === 'bot';
      if (!byBot) next = applyHumanReply(next);
      events.push({
        type: 'message.observed',
        conversationId: row.id,
        data: { direction: 'out', at: input.at, messageId: input.messageId ?? null, byBot, attributedTo: null, ...backfill },
      });
    }
    return { patch: statusColumns(next), events, result: { recorded: true } };
  });
}

/** A send that passed the guard. It carries the reply-lock token, so a superseded holder's report is refused. */
export function reportSend(deps: Deps, actor: Actor, input: { conversationId: string; token: number; at: number; messageId?: string; idempotencyKey: string }) {
  return mutateConversation(deps, actor, input.conversationId, input.idempotencyKey, async (row, tx, now) => {
    const lease = leaseOf(row);
    const refusal = checkFence(fencedLease(deps.store, row, { memberId: actor.memberId, token: input.token }), actor.memberId, input.token, { enforce: true });
    if (refusal) return refusal;
    if (input.messageId) await attribute(deps.store, tx, row, input.messageId, input.at, actor.memberId, now);
    const late = sentOnEndedLease(row.owner_id, lease, actor.memberId, input.at);
    if (late)
      return {
        patch: statusColumns(applyHumanReply(stateOf(row))),
        events: [slippedEvent(row, actor, late, { at: input.at, messageId: input.messageId, path: 'ended-lease', token: input.token })],
        result: { accepted: true, slipped: true },
      };
    const events: NewEvent[] = [
      {
        type: 'send.reported',
        conversationId: row.id,
        data: { memberId: actor.memberId, token: input.token, at: input.at, messageId: input.messageId ?? null },
      },
    ];
    const held = isLeaseHeld(lease, now) && lease.holderId === actor.memberId;
    if (held) events.push({ type: 'lock.released', conversationId: row.id, data: { holderId: actor.memberId, token: input.token, expiresAt: now } });
    return {
      patch: { ...statusColumns(applyHumanReply(stateOf(row))), ...(held ? { lock_expires_at: now } : {}) },
      events,
      result: { accepted: true, slipped: false },
    };
  });
}

async function attribute(store: Store, tx: Tx, row: ConversationTable, messageId: string, at: number, memberId: string, now: number) {
  const inserted = await recordMessage(store, tx, row, `id:${messageId}`, { direction: 'out', at, messageId, attributedTo: memberId }, now);
  if (!inserted) await store.messages.attribute(tx, row.workspace_id, row.id, `id:${messageId}`, memberId);
}

/** The guard held a send: a collision prevented. */
export function reportHeld(deps: Deps, actor: Actor, input: { conversationId: string; reason: string; idempotencyKey: string }) {
  return mutateConversation(deps, actor, input.conversationId, input.idempotencyKey, (row) => ({
    patch: null,
    events: [{ type: 'send.held', conversationId: row.id, data: { memberId: actor.memberId, reason: input.reason, ownerId: row.owner_id } }],
    result: { recorded: true },
  }));
}

/** "Send anyway" with a logged reason: the message goes out without the lock. */
export function reportOverride(
  deps: Deps,
  actor: Actor,
  input: { conversationId: string; reason: string; at: number; messageId?: string; idempotencyKey: string },
) {
  return mutateConversation(deps, actor, input.conversationId, input.idempotencyKey, async (row, tx, now) => {
    if (input.messageId) await attribute(deps.store, tx, row, input.messageId, input.at, actor.memberId, now);
    return {
      patch: statusColumns(applyHumanReply(stateOf(row))),
      events: [
        {
          type: 'send.override',
          conversationId: row.id,
          data: { memberId: actor.memberId, reason: input.reason, ownerId: row.owner_id, messageId: input.messageId ?? null, at: input.at },
        },
      ],
      result: { recorded: true },
    };
  });
}

const slippedEvent = (
  row: ConversationTable,
  actor: Actor,
  past: SlippedPast,
  send: { at: number; messageId?: string; path: string; token?: number },
): NewEvent => ({
  type: 'send.slipped',
  conversationId: row.id,
  data: {
    memberId: actor.memberId,
    ownerId: past.ownerId,
    holderId: past.holderId,
    at: send.at,
    messageId: send.messageId ?? null,
    path: send.path,
    token: send.token ?? null,
  },
});

/**
 * An outgoing message in this member's guarded tab that no guarded send explains (a send path the guard does
 * not cover). In a chat a teammate owned, or was answering, it is a slipped collision; otherwise a plain
 * outgoing message, as one from the phone would be.
 */
export function reportUnguardedSend(
  deps: Deps,
  actor: Actor,
  input: { conversationId: string; at: number; messageId?: string; fingerprint?: string; path: string },
) {
  return mutateConversation(deps, actor, input.conversationId, undefined, async (row, tx, now): Promise<Mutation<{ recorded: boolean; slipped: boolean }>> => {
    const past = slippedPast(row.owner_id, leaseOf(row), actor.memberId, now);
    const fresh = await recordMessage(
      deps.store,
      tx,
      row,
      dedupeKey(input),
      { direction: 'out', at: input.at, messageId: input.messageId, attributedTo: past ? actor.memberId : null },
      now,
    );
    if (!fresh) return { ...skip, result: { recorded: false, slipped: false } };
    const byBot = effectiveStatus(stateOf(row), now) === 'bot';
    const events: NewEvent[] = [
      {
        type: 'message.observed',
        conversationId: row.id,
        data: { direction: 'out', at: input.at, messageId: input.messageId ?? null, byBot, attributedTo: past ? actor.memberId : null },
      },
    ];
    if (past) events.push(slippedEvent(row, actor, past, input));
    return { patch: byBot ? null : statusColumns(applyHumanReply(stateOf(row))), events, result: { recorded: true, slipped: past !== null } };
  });
}
