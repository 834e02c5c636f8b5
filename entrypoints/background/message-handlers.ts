import { storage } from '#imports';
import { onMessage } from '../../utils/messaging';
import type { AdapterHealth } from '../../utils/whatsapp/health';
import type { InboxBackground } from './inbox-background';

/** Kept in extension storage: the worker may be stopped between a report and the options page asking for it. */
const healthItem = storage.defineItem<AdapterHealth | null>('local:adapterHealth', { fallback: null, version: 1 });

/** Every request a tab or page can make; each answers with a Result, never a thrown error. */
export function registerMessageHandlers(inbox: InboxBackground) {
  onMessage('snapshot', () => inbox.snapshot());
  onMessage('signIn', ({ data }) => inbox.signIn(data.serverUrl, data.code, data.name));
  onMessage('signOut', () => inbox.signOut());
  onMessage('linkedAccount', ({ data }) => inbox.linkedAccount(data.wid));
  onMessage('resolveChat', ({ data }) => inbox.resolveChat(data));
  onMessage('command', ({ data }) => inbox.command(data));
  onMessage('lock', ({ data }) => inbox.lock(data));
  onMessage('report', async ({ data }) => {
    await inbox.whenReady();
    await inbox.outbox.enqueue(data);
    return { ok: true as const, value: { queued: true } };
  });
  onMessage('reports', async ({ data }) => {
    await inbox.whenReady();
    await inbox.outbox.enqueueAll(data);
    return { ok: true as const, value: { queued: data.length } };
  });
  onMessage('context', ({ data }) => inbox.context(data.conversationId));
  onMessage('managerView', ({ data }) => inbox.managerView(data.timeZone));
  onMessage('coverageChats', ({ data }) => inbox.coverageChats(data));
  onMessage('summaryReport', ({ data }) => inbox.summaryReport(data));
  onMessage('teamSettings', () => inbox.teamSettings());
  onMessage('changeSettings', ({ data }) => inbox.changeSettings(data));
  onMessage('setAvailability', ({ data }) => inbox.setAvailability(data.availability));
  onMessage('adapterHealth', async ({ data }) => {
    await healthItem.setValue(data);
    await inbox.reportAdapterHealth(data);
  });
  onMessage('lastAdapterHealth', () => healthItem.getValue());
  onMessage('openChat', ({ data }) => inbox.openChat(data.conversationId));
}
