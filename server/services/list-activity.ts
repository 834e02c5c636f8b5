import { decideRowActivity, type KnownState } from '../domain/list-activity';
import { applyCustomerMessage, applyHumanReply, effectiveStatus } from '../domain/status';
import { isLeaseHeld } from '../domain/lease';
import type { ListActivityInput } from '../../utils/schemas/conversation';
import type { Actor, Deps } from './deps';
import { leaseOf } from './conversation-view';
import { resolveConversation } from './conversations';
import { mutateConversation, type Mutation } from './mutate-conversation';
import { newestInbound, recordMessage, stateOf, statusColumns } from './observations';
import type { NewEvent } from '../store/event-log';

type Outcome = { recorded: boolean; why?: string };

/**
 * A row of some rep's chat list showed activity in a chat nobody may have opened: the chat becomes a
 * conversation (if new), waits, starts its SLA clock and is routed, exactly as if it had been opened.
 */
export async function captureListActivity(deps: Deps, actor: Actor, input: ListActivityInput) {
  const resolved = await resolveConversation(deps, actor, input.chat);
  if (resolved.ambiguous) return { recorded: false, why: 'ambiguous', conversation: null };
  return mutateConversation<Outcome>(deps, actor, resolved.conversation.id, undefined, async (row, tx, now): Promise<Mutation<Outcome>> => {
    const newest = await newestInbound(deps.store, tx, row);
    const known: KnownState = {
      newestInboundAt: newest?.at ?? null,
      waitingSince: row.waiting_since === null ? null : Number(row.waiting_since),
      lockHeld: isLeaseHeld(leaseOf(row), now),
    };
    const decision = decideRowActivity(input, known, now);
    if (decision.kind === 'skip') return { patch: null, events: [], result: { recorded: false, why: decision.why } };
    const direction = decision.kind === 'customer' ? 'in' : 'out';
    const fresh = await recordMessage(deps.store, tx, row, decision.dedupeKey, { direction, at: decision.at, attributedTo: null }, now);
    if (!fresh) return { patch: null, events: [], result: { recorded: false, why: 'duplicate' } };
    const state = stateOf(row);
    const events: NewEvent[] = [];
    const source = { source: 'list', backfill: input.backfill };
    if (direction === 'in') {
      const applied = applyCustomerMessage(state, decision.at, now);
      events.push({
        type: 'message.observed',
        conversationId: row.id,
        data: { direction: 'in', at: decision.at, messageId: null, episode: applied.state.episode, ...source },
      });
      if (applied.statusChange) events.push({ type: 'status.changed', conversationId: row.id, data: applied.statusChange });
      return { patch: statusColumns(applied.state), events, result: { recorded: true } };
    }
    // Answered outside any guarded tab (the phone, another device): unattributed, as in an opened chat.
    const byBot = effectiveStatus(state, now) === 'bot';
    events.push({
      type: 'message.observed',
      conversationId: row.id,
      data: { direction: 'out', at: decision.at, messageId: null, byBot, attributedTo: null, ...source },
    });
    return { patch: statusColumns(byBot ? state : applyHumanReply(state)), events, result: { recorded: true } };
  });
}
