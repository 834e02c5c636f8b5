import { describe, expect, it } from 'vitest';
import { decideForward, type ForwardTarget } from '../../../entrypoints/whatsapp.content/forward-decision';
import { decideSend } from '../../../utils/inbox/guard-decision';
import type { ConversationView } from '../../../utils/inbox/types';

const NOW = 1_800_000_000_000;
const conv = (id: string, over: Partial<ConversationView> = {}) =>
  ({ id, title: id, ownerId: null, status: 'open', lock: null, ...over }) as unknown as ConversationView;
const decide = (c: ConversationView | null | undefined) =>
  decideSend({
    now: NOW,
    meId: 'me',
    online: true,
    conversation: c,
    myLease: c?.id === 'mine' ? { token: 3, expiresAt: NOW + 5_000 } : null,
    composeStartedAt: null,
    lastForeignActivityAt: null,
    acknowledgedAt: null,
  });
const target = (c: ConversationView | null | undefined, title = c?.title ?? 'Nuovo'): ForwardTarget => ({ title, conversation: c });

describe('decideForward: each picked chat is a chat of spec section 3', () => {
  it("holds the whole forward when one picked chat is a teammate's, naming only that chat", () => {
    const plan = decideForward([target(conv('free')), target(conv('ana', { ownerId: 'ana' })), target(null)], decide);
    expect(plan).toEqual({
      action: 'hold',
      reason: 'owned-by-other',
      held: [{ title: 'ana', conversation: conv('ana', { ownerId: 'ana' }), ownerId: 'ana', holderId: null }],
    });
  });

  it("a teammate's reply lock holds it too", () => {
    const plan = decideForward([target(conv('typing', { lock: { holderId: 'bo', token: 1, expiresAt: NOW + 1_000 } } as Partial<ConversationView>))], decide);
    expect(plan).toMatchObject({ action: 'hold', reason: 'locked-by-other', held: [{ title: 'typing', holderId: 'bo' }] });
  });

  it('a name that matches several chats is held as unknown rather than guessed', () => {
    expect(decideForward([target(undefined, 'Mario')], decide)).toMatchObject({
      action: 'hold',
      reason: 'unknown-chat',
      held: [{ title: 'Mario', conversation: null }],
    });
  });

  it('claims unowned chats (known or not yet on the server) and retakes ended leases before sending', () => {
    const plan = decideForward(
      [target(conv('free')), target(null, 'Nuovo'), target(conv('old', { ownerId: 'me' })), target(conv('mine', { ownerId: 'me' }))],
      decide,
    );
    expect(plan).toEqual({
      action: 'prepare',
      steps: [
        { title: 'free', conversation: conv('free'), step: 'claim', token: null },
        { title: 'Nuovo', conversation: null, step: 'claim', token: null },
        { title: 'old', conversation: conv('old', { ownerId: 'me' }), step: 'retake', token: null },
        { title: 'mine', conversation: conv('mine', { ownerId: 'me' }), step: 'none', token: 3 },
      ],
    });
  });

  it('lets a forward to chats the rep holds leave at once, with their tokens', () => {
    expect(decideForward([target(conv('mine', { ownerId: 'me' }))], decide)).toEqual({
      action: 'allow',
      allowed: [{ conversation: conv('mine', { ownerId: 'me' }), token: 3 }],
    });
  });
});
