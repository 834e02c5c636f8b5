import type { MetricEvent } from '../../../server/domain/metrics/types';

export const MIN = 60_000;
/** Monday 2 March 2026 at hh:mm UTC (day -1 = Sunday 1 March). */
export const T = (hh: number, mm = 0, day = 0) => Date.UTC(2026, 2, 2 + day, hh, mm);

/** Builds an event list the way the server logs it: ids in order, server time `at`. */
export function script() {
  const events: MetricEvent[] = [];
  const add = (conversationId: string, at: number, type: string, data: Record<string, unknown> = {}, actorId: string | null = null) =>
    events.push({ id: events.length + 1, type, conversationId, actorId, at, data });
  return {
    events,
    created: (c: string, at: number) => add(c, at, 'conversation.created', {}),
    customer: (c: string, at: number, episode = 1) => add(c, at, 'message.observed', { direction: 'in', at, episode, messageId: null }),
    botSays: (c: string, at: number) => add(c, at, 'message.observed', { direction: 'out', at, byBot: true, messageId: null }),
    phoneSays: (c: string, at: number, messageId: string) => add(c, at, 'message.observed', { direction: 'out', at, byBot: false, messageId }),
    send: (c: string, at: number, memberId: string, messageId: string | null = null) =>
      add(c, at, 'send.reported', { memberId, token: 1, at, messageId }, memberId),
    override: (c: string, at: number, memberId: string, ownerId: string) =>
      add(c, at, 'send.override', { memberId, reason: 'urgent', ownerId, messageId: null, at }, memberId),
    held: (c: string, at: number, memberId: string, ownerId: string) => add(c, at, 'send.held', { memberId, reason: 'owned-by-other', ownerId }, memberId),
    own: (c: string, at: number, type: string, from: string | null, to: string | null) => add(c, at, `ownership.${type}`, { from, to }, to ?? from),
    status: (c: string, at: number, from: string, to: string, episode = 1) => add(c, at, 'status.changed', { from, to, episode }),
    handoff: (c: string, at: number, queue: string) => add(c, at, 'automation.handoff', { queue }),
    breach: (c: string, at: number, queue: string, ownerId: string | null) =>
      add(c, at, 'sla.breached', { target: 'firstResponse', queue, ownerId, episode: 1 }),
    warning: (c: string, at: number) => add(c, at, 'sla.warning', { target: 'firstResponse', episode: 1 }),
  };
}

/**
 * The scripted Monday (see the test for the arithmetic). Queues: c2 is pre-sales, the rest support.
 * Members: ana, bo, cy (agents).
 */
export function scriptedDay() {
  const s = script();
  // c1: three customer messages, Ana claims and answers, a second wait, resolved; a new episode at 15:00.
  s.created('c1', T(8));
  s.customer('c1', T(9));
  s.customer('c1', T(9, 2));
  s.customer('c1', T(9, 4));
  s.own('c1', T(9, 5), 'claimed', null, 'ana');
  s.send('c1', T(9, 10), 'ana');
  s.customer('c1', T(9, 30));
  s.send('c1', T(9, 50), 'ana');
  s.status('c1', T(10), 'open', 'resolved');
  s.customer('c1', T(15), 2);
  s.status('c1', T(15), 'resolved', 'open', 2);
  // c2: the bot runs it, hands off at 09:20; Bo answers; bounced to Cy and back; resolved.
  s.created('c2', T(8));
  s.status('c2', T(8), 'open', 'bot');
  s.customer('c2', T(9));
  s.botSays('c2', T(9, 1));
  s.handoff('c2', T(9, 20), 'pre-sales');
  s.status('c2', T(9, 20), 'bot', 'open');
  s.own('c2', T(9, 25), 'claimed', null, 'bo');
  s.send('c2', T(9, 50), 'bo');
  s.own('c2', T(10), 'assigned', 'bo', 'cy');
  s.own('c2', T(10, 10), 'assigned', 'cy', 'bo');
  s.send('c2', T(10, 20), 'bo');
  s.status('c2', T(11), 'open', 'resolved');
  // c3: breached at 09:30; Ana answers; Bo is held, then overrides: a duplicate reply.
  s.created('c3', T(8, 30));
  s.customer('c3', T(9));
  s.warning('c3', T(9, 15));
  s.breach('c3', T(9, 30), 'support', null);
  s.own('c3', T(9, 40), 'claimed', null, 'ana');
  s.held('c3', T(9, 45), 'bo', 'ana');
  s.send('c3', T(9, 46), 'ana');
  s.override('c3', T(9, 47), 'bo', 'ana');
  // c4: a customer waiting since Sunday, nobody on it; a follow-up on Monday.
  s.created('c4', T(8, 0, -1));
  s.customer('c4', T(9, 0, -1));
  s.customer('c4', T(10));
  // c5: answered from a phone (unattributed), then a guarded send that the DOM also shows; resolved.
  s.created('c5', T(11));
  s.customer('c5', T(11));
  s.phoneSays('c5', T(11, 30), 'phone-1');
  s.send('c5', T(11, 45), 'ana', 'm-2');
  s.phoneSays('c5', T(11, 45), 'm-2');
  s.status('c5', T(12), 'open', 'resolved');
  // c6: Ana answers, releases; Cy claims and never replies before it is resolved.
  s.created('c6', T(12, 55));
  s.customer('c6', T(13));
  s.own('c6', T(13, 1), 'claimed', null, 'ana');
  s.send('c6', T(13, 5), 'ana');
  s.customer('c6', T(13, 10));
  s.own('c6', T(13, 20), 'released', 'ana', null);
  s.own('c6', T(13, 30), 'claimed', null, 'cy');
  s.status('c6', T(14, 30), 'open', 'resolved');
  const currentQueues = { c1: 'support', c2: 'pre-sales', c3: 'support', c4: 'support', c5: 'support', c6: 'support' };
  return { events: s.events, currentQueues };
}
