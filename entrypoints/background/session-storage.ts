import { storage } from '#imports';
import type { AppDb, SessionRow } from '../../utils/db/app-db';
import type { SignedOut } from '../../utils/inbox/types';

export type Session = Omit<SessionRow, 'id'>;

/** Where earlier builds kept the session, token included, readable by content scripts; moved out at start. */
const legacySessionItem = storage.defineItem<Session | null>('local:session', { fallback: null, version: 1 });

/**
 * The session survives the service worker being stopped (the next start resumes from it) in the extension origin's
 * IndexedDB, which the worker and extension pages share and the WhatsApp tab's content script cannot open.
 */
export const sessionStore = (db: AppDb) => ({
  async get(): Promise<Session | null> {
    const row = await db.session.get('current');
    if (row) {
      const { id: _current, ...session } = row;
      return session;
    }
    const legacy = await legacySessionItem.getValue();
    if (legacy) {
      await this.set(legacy);
      await legacySessionItem.removeValue();
    }
    return legacy;
  },
  async set(session: Session | null): Promise<void> {
    if (session) await db.session.put({ id: 'current', ...session });
    else await db.session.delete('current');
  },
});
export const signedOutItem = storage.defineItem<SignedOut | null>('local:signedOut', { fallback: null, version: 1 });
/**
 * Written on every feed event: session storage, not local, because each local write is dispatched to every content
 * script that watches local storage (the WhatsApp tab does, for the language), a message and a task per event. It
 * survives the worker being stopped; after a browser restart the worker starts from a fresh snapshot.
 */
export const lastEventIdItem = storage.defineItem<number>('session:lastEventId', { fallback: 0, version: 1 });
export const channelItem = storage.defineItem<{ wid: string; channelId: string } | null>('local:channel', { fallback: null, version: 1 });
export const connectionIdItem = storage.defineItem<string>('local:connectionId', { fallback: '', version: 1 });
