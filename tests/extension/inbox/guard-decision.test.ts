import { describe, expect, it } from 'vitest';
import { decideSend, type GuardInput } from '../../../utils/inbox/guard-decision';
import type { ConversationView } from '../../../utils/inbox/types';
import { conversation } from '../support/conversation';

const NOW = 1_800_000_000_000;
const conv = (over: Partial<ConversationView> = {}): ConversationView => conversation({ updatedAt: NOW, ...over });
const input = (over: Partial<GuardInput> = {}): GuardInput => ({
  now: NOW,
  meId: 'me',
  online: true,
  conversation: conv(),
  myLease: null,
  composeStartedAt: NOW - 5_000,
  lastForeignActivityAt: null,
  acknowledgedAt: null,
  ...over,
});
const lease = (holderId: string, expiresAt = NOW + 10_000) => ({ holderId, token: 7, expiresAt });

describe('decideSend: product spec section 3 as a table', () => {
  it.each<[string, Partial<GuardInput>, ReturnType<typeof decideSend>]>([
    ['unowned and online: claim, then send', {}, { action: 'claim-then-send' }],
    ['no server record yet: claim, then send', { conversation: null }, { action: 'claim-then-send' }],
    ['still resolving: hold', { conversation: undefined }, { action: 'hold', reason: 'unknown-chat', ownerId: null, holderId: null }],
    [
      'owned by me with my lease: allow with its token',
      { conversation: conv({ ownerId: 'me', lock: lease('me') }), myLease: { token: 7, expiresAt: NOW + 10_000 } },
      { action: 'allow', token: 7 },
    ],
    ['owned by me, no lease in this tab: take the lock, then send', { conversation: conv({ ownerId: 'me' }) }, { action: 'retake-then-send' }],
    [
      'owned by me, my lease ended (the laptop slept): take it again first',
      { conversation: conv({ ownerId: 'me', lock: lease('me', NOW - 1) }), myLease: { token: 7, expiresAt: NOW - 1 } },
      { action: 'retake-then-send' },
    ],
    [
      'owned by me, lease ends this very instant: not a licence',
      { conversation: conv({ ownerId: 'me' }), myLease: { token: 7, expiresAt: NOW } },
      { action: 'retake-then-send' },
    ],
    [
      'owned by another: hold, naming them',
      { conversation: conv({ ownerId: 'ana' }) },
      { action: 'hold', reason: 'owned-by-other', ownerId: 'ana', holderId: null },
    ],
    [
      'owned by another who is typing',
      { conversation: conv({ ownerId: 'ana', lock: lease('ana') }) },
      { action: 'hold', reason: 'owned-by-other', ownerId: 'ana', holderId: 'ana' },
    ],
    [
      'unowned but a teammate is replying: hold',
      { conversation: conv({ lock: lease('bo') }) },
      { action: 'hold', reason: 'locked-by-other', ownerId: null, holderId: 'bo' },
    ],
    [
      "mine but a teammate's lock (take-over race): hold",
      { conversation: conv({ ownerId: 'me', lock: lease('bo') }) },
      { action: 'hold', reason: 'locked-by-other', ownerId: 'me', holderId: 'bo' },
    ],
    ["a teammate's expired lock does not count", { conversation: conv({ lock: lease('bo', NOW) }) }, { action: 'claim-then-send' }],
    ['the bot runs the chat: hold', { conversation: conv({ status: 'bot' }) }, { action: 'hold', reason: 'bot', ownerId: null, holderId: null }],
    [
      'a customer message after typing started: traffic cop',
      { conversation: conv({ ownerId: 'me' }), lastForeignActivityAt: NOW - 1_000 },
      { action: 'hold', reason: 'traffic-cop', ownerId: 'me', holderId: null },
    ],
    [
      'activity before typing started is not news',
      { conversation: conv({ ownerId: 'me' }), myLease: { token: 7, expiresAt: NOW + 1 }, lastForeignActivityAt: NOW - 6_000 },
      { action: 'allow', token: 7 },
    ],
    [
      'acknowledged activity lets the send through',
      { conversation: conv({ ownerId: 'me' }), myLease: { token: 7, expiresAt: NOW + 1 }, lastForeignActivityAt: NOW - 1_000, acknowledgedAt: NOW - 500 },
      { action: 'allow', token: 7 },
    ],
    ['offline, owned by me: allow (recorded, replayed later)', { online: false, conversation: conv({ ownerId: 'me' }) }, { action: 'allow', token: null }],
    ['offline, unowned: claiming waits for the server', { online: false }, { action: 'hold', reason: 'offline', ownerId: null, holderId: null }],
    [
      'offline, owned by another: still held',
      { online: false, conversation: conv({ ownerId: 'ana' }) },
      { action: 'hold', reason: 'owned-by-other', ownerId: 'ana', holderId: null },
    ],
  ])('%s', (_name, over, expected) => {
    expect(decideSend(input(over))).toEqual(expected);
  });

  it('decides from local state alone, fast enough to run at every Enter', () => {
    const i = input({ conversation: conv({ ownerId: 'me', lock: lease('me') }), myLease: { token: 7, expiresAt: NOW + 10_000 } });
    const results = new Set(Array.from({ length: 10_000 }, () => decideSend(i).action));
    expect([...results]).toEqual(['allow']);
  });
});
