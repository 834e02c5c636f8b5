import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { AppDb } from '../../../utils/db/app-db';
import { sessionStore, type Session } from '../../../entrypoints/background/session-storage';

const session: Session = {
  serverUrl: 'http://127.0.0.1:8787',
  token: 'member-token-0123456789abcdefghij',
  me: {
    id: 'mem_1',
    name: 'Ana',
    invitedName: null,
    initials: 'AN',
    color: '#123456',
    role: 'agent',
    availability: 'available',
    queues: [],
    capacity: 20,
    online: true,
  },
  workspaceId: 'ws_1',
};

describe("the session store (the member token out of content scripts' reach)", () => {
  let db: AppDb;
  beforeEach(async () => {
    fakeBrowser.reset();
    db = new AppDb(`session-test-${Math.random()}`);
    await db.open();
  });

  it('keeps the session in the extension IndexedDB, never in storage.local', async () => {
    const store = sessionStore(db);
    await store.set(session);
    expect(await store.get()).toEqual(session);
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain(session.token);
    await store.set(null);
    expect(await store.get()).toBeNull();
  });

  it('moves a session an earlier build left in storage.local, and removes it there', async () => {
    await fakeBrowser.storage.local.set({ session });
    const store = sessionStore(db);
    expect(await store.get()).toEqual(session);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect(await db.session.get('current')).toEqual({ id: 'current', ...session });
  });
});
