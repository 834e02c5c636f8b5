import { storage } from '#imports';
import type { MemberView, SignedOut } from '../../utils/inbox/types';

export interface Session {
  serverUrl: string;
  token: string;
  me: MemberView;
  workspaceId: string;
}

/** Survives the service worker being stopped: the next start resumes from here. */
export const sessionItem = storage.defineItem<Session | null>('local:session', { fallback: null, version: 1 });
export const signedOutItem = storage.defineItem<SignedOut | null>('local:signedOut', { fallback: null, version: 1 });
export const lastEventIdItem = storage.defineItem<number>('local:lastEventId', { fallback: 0, version: 1 });
export const channelItem = storage.defineItem<{ wid: string; channelId: string } | null>('local:channel', { fallback: null, version: 1 });
export const connectionIdItem = storage.defineItem<string>('local:connectionId', { fallback: '', version: 1 });
