import type { MetricEvent, Occurrence } from './types';
import { isCustomerMessage, isGuardedSend, messageAt, senderOf, walk } from './walk';

export interface CollisionFacts {
  held: Occurrence[];
  overrides: Occurrence[];
  /** Sends that went past the guard in a chat a teammate owned or was answering (send.slipped). */
  slipped: Occurrence[];
  /** A second (third...) member's send answering the same customer message. */
  duplicates: Occurrence[];
  /** Outgoing human messages no guarded send explains, decided (older than the grace period at `now`). */
  unattributed: Occurrence[];
}

const msgId = (e: MetricEvent) => (typeof e.data.messageId === 'string' ? e.data.messageId : null);

/** Collision and attribution facts of one conversation (definitions: docs/metrics.md). */
export function collisionFacts(events: readonly MetricEvent[], currentQueue: string, graceMs: number, now: number): CollisionFacts {
  const out: CollisionFacts = { held: [], overrides: [], slipped: [], duplicates: [], unattributed: [] };
  // Members who answered the latest customer message; null until a customer message arrives.
  let answered: Set<string> | null = null;
  const sends: Array<{ at: number; messageId: string | null; used: boolean }> = [];
  const outgoing: Array<{ at: number; messageId: string | null; queue: string }> = [];
  walk(events, currentQueue, (e, before, after) => {
    const base = { conversationId: e.conversationId!, at: e.at, queue: after.queue };
    if (e.type === 'send.held') out.held.push({ ...base, memberId: senderOf(e) });
    if (e.type === 'send.override') out.overrides.push({ ...base, memberId: senderOf(e) });
    if (e.type === 'send.slipped') {
      out.slipped.push({ ...base, memberId: senderOf(e) });
      // Its sender is known: the outgoing message it explains is not unattributed.
      sends.push({ at: messageAt(e), messageId: msgId(e), used: false });
    }
    if (isCustomerMessage(e)) answered = new Set();
    // A handoff or reassignment makes the next owner's reply intended, not a duplicate.
    if (e.type.startsWith('ownership.') && after.ownerId !== before.ownerId && answered) answered = new Set();
    if (isGuardedSend(e)) {
      const member = senderOf(e);
      sends.push({ at: messageAt(e), messageId: msgId(e), used: false });
      if (answered && member && answered.size > 0 && !answered.has(member)) out.duplicates.push({ ...base, memberId: member });
      if (answered && member) answered.add(member);
    }
    if (e.type === 'message.observed' && e.data.direction === 'out' && e.data.byBot !== true)
      outgoing.push({ at: messageAt(e), messageId: msgId(e), queue: after.queue });
  });
  const decided = outgoing.filter((o) => o.at + graceMs <= now).map((o) => ({ ...o, explained: false }));
  const explain = (fits: (s: (typeof sends)[number], o: (typeof decided)[number]) => boolean) => {
    for (const o of decided) {
      const s = o.explained ? undefined : sends.find((c) => !c.used && fits(c, o));
      if (s) [s.used, o.explained] = [true, true];
    }
  };
  // Same message id first; only a message or send without an id falls back to time proximity.
  explain((s, o) => o.messageId !== null && s.messageId === o.messageId);
  explain((s, o) => (o.messageId === null || s.messageId === null) && Math.abs(s.at - o.at) <= graceMs);
  for (const o of decided) if (!o.explained) out.unattributed.push({ conversationId: events[0]!.conversationId!, at: o.at, memberId: null, queue: o.queue });
  return out;
}
