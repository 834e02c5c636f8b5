import { describe, expect, it } from 'vitest';
import { TabStore } from '../../../entrypoints/whatsapp.content/tab-store';
import type { ConversationView, MemberView, Snapshot } from '../../../utils/inbox/types';

const member = (id: string, name: string) => ({ id, name }) as MemberView;
const chat = (version: number) =>
  ({ id: 'c1', title: 'Cliente 0002', titleKey: 'cliente 0002', jid: null, version, ownerId: 'ana' }) as unknown as ConversationView;

function storeFor(meId: string) {
  const store = new TabStore();
  store.apply({
    type: 'snapshot',
    snapshot: {
      signedIn: true,
      online: true,
      me: member(meId, meId),
      channelId: 'ch',
      members: [member('ana', 'Ana Pérez'), member('bo', 'Bo Chen'), member('cy', 'Cy')],
      conversations: [chat(1)],
      outboxPending: 0,
      outboxConflicts: [],
    } as unknown as Snapshot,
  });
  const changes: unknown[] = [];
  store.subscribe((c) => changes.push(c));
  return { store, changes };
}

const slipped = (id: number, version: number) => ({
  type: 'conversation' as const,
  conversation: chat(version),
  event: {
    id,
    type: 'send.slipped' as const,
    conversationId: 'c1',
    actorId: 'bo',
    at: 1,
    data: { memberId: 'bo', ownerId: 'ana', holderId: null, path: '#main footer button icon wds-ic-rocket' },
  },
});

describe('slipped sends reach the members they concern', () => {
  it.each(['ana', 'bo'])('%s (the owner, the sender) is told, whichever chat is open', (me) => {
    const { store, changes } = storeFor(me);
    store.apply(slipped(7, 2));
    expect(store.slipped).toEqual([
      { eventId: 7, conversationId: 'c1', memberId: 'bo', ownerId: 'ana', holderId: null, path: '#main footer button icon wds-ic-rocket' },
    ]);
    // Beside the chat's own change, a change every overlay hears, so the notice shows with another chat open.
    expect(changes).toContain('status');
  });

  it('a third member is not told, and the same event twice is one notice', () => {
    const { store } = storeFor('cy');
    store.apply(slipped(7, 2));
    expect(store.slipped).toEqual([]);
    const owner = storeFor('ana').store;
    owner.apply(slipped(7, 2));
    owner.apply(slipped(7, 3));
    expect(owner.slipped).toHaveLength(1);
    owner.dismissSlipped(7);
    expect(owner.slipped).toEqual([]);
  });
});
