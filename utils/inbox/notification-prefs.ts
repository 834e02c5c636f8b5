import { storage } from '#imports';
import { resolvePrefs, type NotificationKind, type NotificationPrefs } from './notification-rules';

/**
 * Each member's notification choices, in this browser's extension storage, keyed by member id: a browser shared by two
 * members (or signed in again as someone else) keeps each one's choices apart. Only switched-off kinds need storing.
 */
const prefsItem = storage.defineItem<Record<string, Partial<Record<NotificationKind, boolean>>>>('local:notificationPrefs', { fallback: {}, version: 1 });
/** Per member, the last event id the worker has decided on: an event replayed after a reconnect is never told twice. */
const decidedItem = storage.defineItem<Record<string, number>>('local:notificationsDecidedUpTo', { fallback: {}, version: 1 });

export async function loadPrefs(memberId: string): Promise<NotificationPrefs> {
  return resolvePrefs((await prefsItem.getValue())[memberId]);
}

export async function savePref(memberId: string, kind: NotificationKind, on: boolean): Promise<NotificationPrefs> {
  const all = await prefsItem.getValue();
  const next = { ...all, [memberId]: { ...all[memberId], [kind]: on } };
  await prefsItem.setValue(next);
  return resolvePrefs(next[memberId]);
}

export const watchPrefs = (cb: () => void) => prefsItem.watch(cb);

export async function decidedUpTo(memberId: string): Promise<number> {
  return (await decidedItem.getValue())[memberId] ?? 0;
}

export async function setDecidedUpTo(memberId: string, eventId: number): Promise<void> {
  const all = await decidedItem.getValue();
  if ((all[memberId] ?? 0) >= eventId) return;
  await decidedItem.setValue({ ...all, [memberId]: eventId });
}
