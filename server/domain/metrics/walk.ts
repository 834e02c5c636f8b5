import type { ConvState, MetricEvent } from './types';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The status a reader sees at `t`: a snooze whose time has passed reads as open. */
export function statusAt(s: Pick<ConvState, 'status' | 'snoozedUntil'>, t: number): string {
  return s.status === 'snoozed' && s.snoozedUntil !== null && s.snoozedUntil <= t ? 'open' : s.status;
}

/** When a message was sent or received: its own time, but never later than the server heard of it. */
export const messageAt = (e: MetricEvent) => Math.min(num(e.data.at) ?? e.at, e.at);
export const customerAt = messageAt;

export const isCustomerMessage = (e: MetricEvent) => e.type === 'message.observed' && e.data.direction === 'in';
export const isGuardedSend = (e: MetricEvent) => e.type === 'send.reported' || e.type === 'send.override';
/** What clears waitingSince on the server: a guarded send, an override, or an outgoing message the bot did not send. */
export const isHumanReply = (e: MetricEvent) =>
  isGuardedSend(e) || e.type === 'send.slipped' || (e.type === 'message.observed' && e.data.direction === 'out' && e.data.byBot !== true);
export const isHandoff = (e: MetricEvent) =>
  e.type.startsWith('automation.handoff') || (e.type === 'status.changed' && e.data.from === 'bot' && e.data.to !== 'bot');
export const senderOf = (e: MetricEvent): string | null => str(e.data.memberId) ?? e.actorId;

/** Applies one event to a conversation's state, the way the server's services changed the row. */
export function applyEvent(s: ConvState, e: MetricEvent): ConvState {
  const d = e.data;
  switch (true) {
    case e.type === 'conversation.created':
      return { ...s, status: str(d.status) ?? 'open', queue: str(d.queue) ?? s.queue };
    case e.type.startsWith('ownership.'):
      return { ...s, ownerId: str(d.to) };
    case e.type === 'status.changed': {
      const episode = num(d.episode) ?? s.episode;
      const next = { ...s, status: str(d.to) ?? s.status, snoozedUntil: num(d.snoozedUntil), episode };
      if (episode > s.episode) return { ...next, episodeStart: null };
      return isHandoff(e) ? { ...next, episodeStart: s.episodeStart ?? e.at } : next;
    }
    case e.type === 'conversation.queue_changed':
      return { ...s, queue: str(d.to) ?? s.queue };
    case isCustomerMessage(e): {
      const at = customerAt(e);
      const episode = num(d.episode) ?? s.episode;
      if (episode > s.episode) return { ...s, episode, waitingSince: at, episodeStart: at };
      return { ...s, waitingSince: s.waitingSince ?? at, episodeStart: s.episodeStart ?? at };
    }
    case isHumanReply(e):
      return { ...s, waitingSince: null };
    case isHandoff(e):
      return { ...s, queue: str(d.queue) ?? s.queue, episodeStart: s.episodeStart ?? e.at };
    default:
      return s;
  }
}

/** The state a conversation starts in before its first event: open, in the queue its history first names. */
export function initialState(events: readonly MetricEvent[], currentQueue: string): ConvState {
  const firstMove = events.find((e) => e.type === 'conversation.queue_changed');
  const queue = str(firstMove?.data.from) ?? currentQueue;
  return { status: 'open', snoozedUntil: null, ownerId: null, queue, waitingSince: null, episode: 1, episodeStart: null };
}

/** Walks one conversation's events in id order, handing each visitor the state before and after. */
export function walk(events: readonly MetricEvent[], currentQueue: string, visit: (e: MetricEvent, before: ConvState, after: ConvState) => void): ConvState {
  let state = initialState(events, currentQueue);
  for (const e of events) {
    const next = applyEvent(state, e);
    visit(e, state, next);
    state = next;
  }
  return state;
}

/**
 * Each conversation's events, in id order, except that a status change logged right after the handoff that
 * caused it (same instant, same actor) is read first: the webhook logs the handoff first, but the episode a
 * handoff to a resolved chat starts must exist before the handoff starts its clocks (as the SLA clock sees it).
 */
export function byConversation(events: readonly MetricEvent[]): Map<string, MetricEvent[]> {
  const out = new Map<string, MetricEvent[]>();
  for (const e of [...events].sort((a, b) => a.id - b.id)) {
    if (!e.conversationId) continue;
    const list = out.get(e.conversationId) ?? [];
    const last = list[list.length - 1];
    if (last && last.type.startsWith('automation.handoff') && e.type === 'status.changed' && e.at === last.at && e.actorId === last.actorId)
      list.splice(list.length - 1, 0, e);
    else list.push(e);
    out.set(e.conversationId, list);
  }
  return out;
}
