import { describe, expect, it } from 'vitest';
import { InboxState } from '../../../entrypoints/background/inbox-state';
import { AppDb } from '../../../utils/db/app-db';
import { conversation as conv } from '../support/conversation';

describe("the worker's cache", () => {
  it('applies each change once: a command result, then the same version from the feed, is not applied twice', async () => {
    const state = new InboxState(new AppDb(`state-${Math.random()}`));
    expect(await state.putConversations([conv({ version: 2, ownerId: 'ana' })])).toHaveLength(1);
    expect(state.accept([conv({ version: 2, ownerId: 'ana' })])).toEqual([]);
    expect(state.accept([conv({ version: 1 })])).toEqual([]);
    expect(state.accept([conv({ version: 3, ownerId: null })])).toHaveLength(1);
    expect(state.conversations.get('c1')?.ownerId).toBeNull();
  });

  it('a view that says it was merged away removes the record', async () => {
    const state = new InboxState(new AppDb(`state-${Math.random()}`));
    await state.putConversations([conv({ version: 1 })]);
    await state.putConversations([conv({ version: 2, mergedInto: 'c9' })]);
    expect(state.conversations.has('c1')).toBe(false);
  });
});
