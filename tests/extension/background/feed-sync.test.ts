import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Api } from '../../../entrypoints/background/api-client';
import type { Attention } from '../../../entrypoints/background/attention';
import { FeedSync, type FeedSyncDeps } from '../../../entrypoints/background/feed-sync';
import { InboxState } from '../../../entrypoints/background/inbox-state';
import { lastEventIdItem } from '../../../entrypoints/background/session-storage';
import { AppDb } from '../../../utils/db/app-db';
import type { EventView, MemberView } from '../../../utils/inbox/types';
import { conversation as conv } from '../support/conversation';

const event = (over: Partial<EventView>): EventView => ({ id: 5, type: 'ownership.claimed', conversationId: 'c1', actorId: 'ana', at: 5, data: {}, ...over });
const me = { id: 'mem_me' } as MemberView;

function setUp() {
  const get = vi.fn(async () => conv({ version: 9 }));
  const api = { conversations: { get: { query: get } } } as unknown as Api;
  const deps: FeedSyncDeps = {
    state: new InboxState(new AppDb(`feed-${Math.random()}`)),
    attention: { refreshBadge: vi.fn(async () => undefined), onEvent: vi.fn(async () => undefined) } as unknown as Attention,
    broadcast: vi.fn(),
    broadcastSnapshot: vi.fn(async () => undefined),
    me: () => me,
    revoked: vi.fn(async () => undefined),
  };
  return { api, get, deps, feed: new FeedSync(deps) };
}

describe('applying the live feed', () => {
  beforeEach(() => fakeBrowser.reset());

  it('applies the chat an event carries without asking the server, and remembers the event id', async () => {
    const { api, get, deps, feed } = setUp();
    const conversation = conv({ ownerId: 'ana', version: 2 });
    await feed.apply(api, event({ conversation }));
    expect(get).not.toHaveBeenCalled();
    expect(deps.state.conversations.get('c1')).toEqual(conversation);
    expect(deps.broadcast).toHaveBeenCalledWith({ type: 'conversation', conversation, event: event({}) });
    expect(await lastEventIdItem.getValue()).toBe(5);
  });

  it('fetches the chat of an event that carries none', async () => {
    const { api, get, deps, feed } = setUp();
    await feed.apply(api, event({}));
    expect(get).toHaveBeenCalledWith({ conversationId: 'c1' });
    expect(deps.state.conversations.get('c1')?.version).toBe(9);
  });

  it('signs out at once when the feed says this member was revoked', async () => {
    const { api, deps, feed } = setUp();
    await feed.apply(api, event({ type: 'member.revoked', conversationId: null, data: { memberId: me.id } }));
    expect(deps.revoked).toHaveBeenCalledTimes(1);
    expect(deps.broadcast).not.toHaveBeenCalled();
  });
});
