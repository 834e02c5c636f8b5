import { describe, expect, it } from 'vitest';
import { TabStore } from '../../../entrypoints/whatsapp.content/tab-store';
import type { ConversationView, EventView, Snapshot } from '../../../utils/inbox/types';
import { conversation } from '../support/conversation';

const NOW = Date.UTC(2026, 11, 5, 10, 0, 0);
const conv = (over: Partial<ConversationView>): ConversationView =>
  conversation({ channelId: 'ch1', chatKey: 't:ana', title: 'Ana', titleKey: 'ana', updatedAt: NOW, ...over });
const me = { id: 'me', name: 'Me', initials: 'ME', color: '#000', role: 'agent' as const, availability: 'available' as const };
function store(conversations: ConversationView[], channelId: string | null = 'ch1') {
  const s = new TabStore();
  const snapshot: Snapshot = {
    signedIn: true,
    online: true,
    me: me as never,
    members: [],
    conversations,
    channelId,
    lastEventId: 0,
    outboxPending: 0,
    outboxConflicts: [],
    signedOut: null,
    rules: null,
  };
  s.apply({ type: 'snapshot', snapshot });
  return s;
}
const event = (over: Partial<EventView>): EventView => ({ id: 1, type: 'message.observed', conversationId: 'c1', actorId: 'bo', at: NOW, data: {}, ...over });

describe('TabStore', () => {
  it("looks chats up on this tab's number only: the same name on another number is neither a match nor ambiguous", () => {
    const s = store([conv({ id: 'n1', channelId: 'ch1', ownerId: 'ana' }), conv({ id: 'n2', channelId: 'ch2', ownerId: 'bo' })]);
    expect(s.lookup({ jid: null, title: 'Ana' })).toEqual({ conversation: expect.objectContaining({ id: 'n1' }), ambiguous: false });
    s.setChannel('ch2');
    expect(s.lookup({ jid: null, title: 'Ana' }).conversation?.id).toBe('n2');
    const byJid = store([conv({ id: 'j1', jid: '1@c.us' }), conv({ id: 'j2', channelId: 'ch2', jid: '1@c.us' })], 'ch2');
    expect(byJid.lookup({ jid: '1@c.us', title: 'x' }).conversation?.id).toBe('j2');
  });

  it('a merged record leaves the store (tombstone push, or a version that says mergedInto): the pair is never ambiguous', () => {
    const s = store([conv({ id: 'mine' }), conv({ id: 'lead', chatKey: '346@c.us', jid: '346@c.us' })]);
    expect(s.lookup({ jid: null, title: 'Ana' }).ambiguous).toBe(true);
    s.apply({ type: 'removed', conversationIds: ['lead'] });
    expect(s.lookup({ jid: null, title: 'Ana' })).toEqual({ conversation: expect.objectContaining({ id: 'mine' }), ambiguous: false });
    expect(s.get('lead')).toBeUndefined();
    const t = store([conv({ id: 'mine' }), conv({ id: 'lead', chatKey: '346@c.us' })]);
    t.apply({ type: 'conversation', conversation: conv({ id: 'lead', mergedInto: 'mine', version: 2 }), event: null });
    expect(t.lookup({ jid: null, title: 'Ana' }).conversation?.id).toBe('mine');
  });

  it('the traffic cop counts a message at its own time, and never history seen when a chat is opened', () => {
    const s = store([conv({})]);
    const push = (e: EventView) => s.apply({ type: 'conversation', conversation: conv({ version: e.id + 1 }), event: e });
    push(event({ id: 1, at: NOW + 2_000, data: { direction: 'in', at: NOW - 3_600_000, backfill: true } }));
    expect(s.foreignActivity.get('c1')).toBeUndefined();
    push(event({ id: 2, at: NOW + 2_000, data: { direction: 'in', at: NOW + 500 } }));
    expect(s.foreignActivity.get('c1')).toBe(NOW + 500);
    push(event({ id: 3, type: 'send.reported', at: NOW + 3_000, data: { memberId: 'me', at: NOW + 2_500 } }));
    expect(s.foreignActivity.get('c1')).toBe(NOW + 500);
  });

  it('a batch applies every push in order and tells the listeners once, with every chat it changed', () => {
    const s = store([conv({ id: 'c1' }), conv({ id: 'c2', title: 'Bo', titleKey: 'bo' })]);
    const heard: unknown[] = [];
    s.subscribe((changed) => heard.push(changed instanceof Set ? [...changed].sort() : changed));
    s.apply({
      type: 'batch',
      pushes: [
        {
          type: 'conversation',
          conversation: conv({ id: 'c1', ownerId: 'bo', version: 2 }),
          event: event({ id: 7, at: NOW + 200, data: { direction: 'in', at: NOW + 100 } }),
        },
        { type: 'conversation', conversation: conv({ id: 'c1', ownerId: 'ana', version: 3 }), event: null },
        { type: 'removed', conversationIds: ['c2'] },
        { type: 'status', online: false, outboxPending: 2, outboxConflicts: [] },
      ],
    });
    expect(heard).toEqual([['c1', 'c2'], 'status']);
    expect(s.get('c1')?.ownerId).toBe('ana');
    expect(s.get('c2')).toBeUndefined();
    expect(s.foreignActivity.get('c1')).toBe(NOW + 100);
    expect(s.online).toBe(false);
    // A snapshot inside a batch makes it one 'all'.
    s.apply({
      type: 'batch',
      pushes: [
        { type: 'removed', conversationIds: ['c1'] },
        {
          type: 'snapshot',
          snapshot: {
            signedIn: true,
            online: true,
            me: me as never,
            members: [],
            conversations: [conv({ id: 'c3' })],
            channelId: 'ch1',
            lastEventId: 0,
            outboxPending: 0,
            outboxConflicts: [],
            signedOut: null,
            rules: null,
          },
        },
      ],
    });
    expect(heard.slice(2)).toEqual(['all']);
    expect(s.get('c3')).toBeDefined();
  });
});
