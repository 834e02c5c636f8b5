import { describe, expect, it } from 'vitest';
import { noticeText } from '../../../utils/inbox/notification-text';
import type { Notice } from '../../../utils/inbox/notification-rules';

const notice = (kind: Notice['kind'], detail: Notice['detail'] = {}): Notice => ({ kind, eventId: 1, conversationId: 'c1', actorId: 'bo', detail });
const names = { actor: 'Bo Chen', owner: 'Ana Pérez' };

describe('noticeText', () => {
  it('says what happened to which chat, for every kind', () => {
    expect(noticeText(notice('assigned', { via: 'assign' }), 'Lucía', names)).toEqual({ title: 'Lucía', message: 'Bo Chen assigned this chat to you' });
    expect(noticeText(notice('assigned', { via: 'routing' }), 'Lucía', { actor: null, owner: null }).message).toBe('This chat was routed to you');
    expect(noticeText(notice('assigned', { via: 'handoff', note: 'Friday slot' }), 'Lucía', names).message).toBe(
      'Bo Chen handed this chat over to you\n“Friday slot”',
    );
    expect(noticeText(notice('handoffRequested'), 'Lucía', names).message).toBe('Bo Chen asks you to hand this chat over');
    expect(noticeText(notice('mention', { note: '@ana look' }), 'Lucía', names).message).toBe('Bo Chen mentioned you in a note\n“@ana look”');
    expect(noticeText(notice('slaWarning', { target: 'nextResponse' }), 'Lucía', names).message).toBe('SLA warning: next response is due soon');
    expect(noticeText(notice('slaBreach', { target: 'resolution' }), 'Lucía', names).message).toBe('SLA breached: resolution');
    expect(noticeText(notice('queueBreach', { target: 'firstResponse', queue: 'support' }), 'Lucía', { actor: null, owner: null }).message).toBe(
      'SLA breached in support: first response (unassigned)',
    );
    expect(noticeText(notice('escalation', { via: 'moved', queue: 'escalation' }), 'Lucía', names).message).toBe(
      'Escalated to escalation after an SLA breach (Ana Pérez)',
    );
    expect(noticeText(notice('escalation', { via: 'released' }), 'Lucía', names).message).toBe('Released for re-routing after an SLA breach (was Ana Pérez)');
    expect(noticeText(notice('escalation', { via: 'timeout', queue: 'support' }), 'Lucía', names).message).toBe(
      'Ana Pérez did not reply in time: the chat went back to support',
    );
  });

  it('names an unknown chat and teammate generically, and shortens a long note', () => {
    const long = 'x'.repeat(500);
    const text = noticeText(notice('mention', { note: long }), null, { actor: null, owner: null });
    expect(text.title).toBe('A chat');
    expect(text.message.startsWith('A teammate mentioned you in a note\n“')).toBe(true);
    expect(text.message.length).toBeLessThan(220);
  });
});
