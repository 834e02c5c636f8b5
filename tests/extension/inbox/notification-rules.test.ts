import { describe, expect, it } from 'vitest';
import {
  decideNotification,
  kindsFor,
  noticeId,
  parseNoticeId,
  resolvePrefs,
  STALE_AFTER_MS,
  waitingForMe,
  type Recipient,
} from '../../../utils/inbox/notification-rules';
import type { EventView } from '../../../utils/inbox/types';

const NOW = 1_800_000_000_000;
const ana: Recipient = { id: 'ana', role: 'agent', queues: ['support'] };
const bo: Recipient = { id: 'bo', role: 'agent', queues: ['support'] };
const mia: Recipient = { id: 'mia', role: 'manager', queues: ['support', 'escalation'] };
const max: Recipient = { id: 'max', role: 'admin', queues: ['sales'] };
const everyone = [ana, bo, mia, max];

let nextId = 100;
const event = (type: EventView['type'], data: Record<string, unknown>, over: Partial<EventView> = {}): EventView => ({
  id: nextId++,
  type,
  conversationId: 'c1',
  actorId: null,
  at: NOW - 1_000,
  data,
  ...over,
});
const fresh = { now: NOW, decidedUpTo: 0 };
/** Who is told of the event, and as which kind. */
const told = (e: EventView) =>
  Object.fromEntries(
    everyone.flatMap((m) => {
      const n = decideNotification(e, m, fresh);
      return n ? [[m.id, n.kind]] : [];
    }),
  );

describe('decideNotification: each kind reaches the right member only', () => {
  it('a chat assigned to me (by a manager or by routing) or handed off to me', () => {
    expect(told(event('ownership.assigned', { from: null, to: 'ana' }, { actorId: 'mia' }))).toEqual({ ana: 'assigned' });
    expect(told(event('ownership.assigned', { from: null, to: 'bo', via: 'routing' }))).toEqual({ bo: 'assigned' });
    const handoff = event('ownership.handed_off', { from: 'bo', to: 'ana', note: 'wants the Friday slot' }, { actorId: 'bo' });
    expect(told(handoff)).toEqual({ ana: 'assigned' });
    expect(decideNotification(handoff, ana, fresh)).toEqual({
      kind: 'assigned',
      eventId: handoff.id,
      conversationId: 'c1',
      actorId: 'bo',
      detail: { via: 'handoff', note: 'wants the Friday slot' },
    });
    expect(decideNotification(event('ownership.assigned', { to: 'bo', via: 'routing' }), bo, fresh)?.detail.via).toBe('routing');
  });

  it('a handoff requested from me (the owner), by someone else', () => {
    const e = event('handoff.requested', { requestedBy: 'bo', ownerId: 'ana', note: 'I know this customer' }, { actorId: 'bo' });
    expect(told(e)).toEqual({ ana: 'handoffRequested' });
    expect(decideNotification(e, ana, fresh)?.detail.note).toBe('I know this customer');
    expect(told(event('handoff.requested', { requestedBy: 'mia', ownerId: 'bo' }, { actorId: 'mia' }))).toEqual({ bo: 'handoffRequested' });
  });

  it('an @mention in a note, for each member mentioned', () => {
    expect(told(event('note.added', { noteId: 'n1', body: '@ana @bo look', mentions: ['ana', 'bo'] }, { actorId: 'mia' }))).toEqual({
      ana: 'mention',
      bo: 'mention',
    });
    expect(told(event('note.added', { noteId: 'n2', body: 'no mention', mentions: [] }, { actorId: 'mia' }))).toEqual({});
  });

  it("my chat's SLA warning and breach go to its owner; a breach also to managers of its queue", () => {
    expect(told(event('sla.warning', { target: 'firstResponse', queue: 'support', ownerId: 'ana' }))).toEqual({ ana: 'slaWarning' });
    expect(told(event('sla.breached', { target: 'firstResponse', queue: 'support', ownerId: 'ana' }))).toEqual({ ana: 'slaBreach', mia: 'queueBreach' });
    // An unowned chat's breach: only the managers who work that queue (Max works sales).
    expect(told(event('sla.breached', { target: 'firstResponse', queue: 'support', ownerId: null }))).toEqual({ mia: 'queueBreach' });
    expect(told(event('sla.breached', { target: 'firstResponse', queue: 'sales', ownerId: null }))).toEqual({ max: 'queueBreach' });
    // A warning on an unowned chat tells nobody (the popup lists it).
    expect(told(event('sla.warning', { target: 'firstResponse', queue: 'support', ownerId: null }))).toEqual({});
  });

  it('a manager who owns the breached chat hears it once, as its owner', () => {
    expect(told(event('sla.breached', { target: 'resolution', queue: 'support', ownerId: 'mia' }))).toEqual({ mia: 'slaBreach' });
  });

  it('escalations reach the managers of the queue: a breach that moved or released the chat, an owner who did not answer in time', () => {
    expect(told(event('sla.escalated', { actions: ['notify', 'moved'], ownerId: 'ana', fromQueue: 'support', toQueue: 'escalation' }))).toEqual({
      mia: 'escalation',
    });
    expect(
      decideNotification(event('sla.escalated', { actions: ['notify', 'released'], ownerId: 'ana', fromQueue: 'support', toQueue: 'support' }), mia, fresh)
        ?.detail,
    ).toEqual({ via: 'released', queue: 'support', ownerId: 'ana' });
    expect(told(event('routing.owner_timeout', { ownerId: 'bo', queue: 'support', to: null }))).toEqual({ mia: 'escalation' });
    expect(told(event('routing.owner_timeout', { ownerId: 'bo', queue: 'sales', to: null }))).toEqual({ max: 'escalation' });
    // Telling people is what the breach notification already did: a notify-only escalation is not a second one.
    expect(told(event('sla.escalated', { actions: ['notify'], ownerId: 'ana', fromQueue: 'support', toQueue: 'support' }))).toEqual({});
  });

  it('events that concern nobody in particular tell nobody', () => {
    for (const type of [
      'ownership.claimed',
      'ownership.released',
      'status.changed',
      'lock.acquired',
      'message.observed',
      'send.reported',
      'conversation.created',
    ] as const) {
      expect(told(event(type, { to: 'ana', from: 'bo', ownerId: 'ana', mentions: ['ana'] }, { actorId: 'bo' })), type).toEqual({});
    }
    expect(told(event('ownership.assigned', { to: 'ana' }, { conversationId: null, actorId: 'mia' }))).toEqual({});
  });
});

describe('decideNotification: never my own action, never twice, never history', () => {
  it('assigning a chat to myself, mentioning myself or requesting from myself tells me nothing', () => {
    expect(decideNotification(event('ownership.assigned', { to: 'mia' }, { actorId: 'mia' }), mia, fresh)).toBeNull();
    expect(decideNotification(event('note.added', { mentions: ['ana'], body: '@ana' }, { actorId: 'ana' }), ana, fresh)).toBeNull();
    expect(decideNotification(event('handoff.requested', { requestedBy: 'ana', ownerId: 'ana' }, { actorId: 'ana' }), ana, fresh)).toBeNull();
    // A take-over by the manager who is told of the timeout: their own action.
    expect(decideNotification(event('routing.owner_timeout', { ownerId: 'bo', queue: 'support' }, { actorId: 'mia' }), mia, fresh)).toBeNull();
  });

  it('an event already decided (the feed replays it after a reconnect) is not told again', () => {
    const e = event('ownership.assigned', { to: 'ana' }, { actorId: 'mia' });
    expect(decideNotification(e, ana, { now: NOW, decidedUpTo: e.id - 1 })).not.toBeNull();
    expect(decideNotification(e, ana, { now: NOW, decidedUpTo: e.id })).toBeNull();
    expect(decideNotification(e, ana, { now: NOW, decidedUpTo: e.id + 5 })).toBeNull();
  });

  it('an event older than an hour when first seen is history', () => {
    const e = event('ownership.assigned', { to: 'ana' }, { actorId: 'mia', at: NOW - STALE_AFTER_MS - 1 });
    expect(decideNotification(e, ana, fresh)).toBeNull();
    expect(decideNotification({ ...e, at: NOW - STALE_AFTER_MS + 1 }, ana, fresh)).not.toBeNull();
  });
});

describe('preferences, ids and the toolbar count', () => {
  it('every kind is on by default; stored choices override; unknown or malformed entries are ignored', () => {
    expect(Object.values(resolvePrefs(null)).every(Boolean)).toBe(true);
    expect(resolvePrefs({ mention: false, bogus: false, slaWarning: 'no' })).toMatchObject({ mention: false, slaWarning: true, assigned: true });
    expect(resolvePrefs({ mention: false })).not.toHaveProperty('bogus');
  });

  it('agents are offered only their own kinds; managers and admins also the queue kinds', () => {
    expect(kindsFor('agent')).toEqual(['assigned', 'handoffRequested', 'mention', 'slaWarning', 'slaBreach']);
    expect(kindsFor('manager')).toContain('escalation');
    expect(kindsFor('admin')).toContain('queueBreach');
  });

  it("a notification's id names its chat, whatever characters the chat id has", () => {
    expect(parseNoticeId(noticeId({ eventId: 42, conversationId: 'conv:a:b' }))).toEqual({ eventId: 42, conversationId: 'conv:a:b' });
    expect(parseNoticeId('someone-else:1:c')).toBeNull();
  });

  it("counts my chats waiting for a reply, not answered ones, not teammates', not merged records", () => {
    const list = [
      { ownerId: 'ana', waitingSince: 1 },
      { ownerId: 'ana', waitingSince: null },
      { ownerId: 'bo', waitingSince: 1 },
      { ownerId: null, waitingSince: 1 },
      { ownerId: 'ana', waitingSince: 5 },
      { ownerId: 'ana', waitingSince: 5, mergedInto: 'x' },
    ];
    expect(waitingForMe(list, 'ana')).toBe(2);
    expect(waitingForMe(list, 'bo')).toBe(1);
    expect(waitingForMe([], 'ana')).toBe(0);
  });
});
