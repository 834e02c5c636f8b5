import { onMessage } from '../../utils/messaging';
import type { AdapterHealth } from '../../utils/whatsapp/health';
import type { InboxBackground } from './inbox-background';

let lastHealth: AdapterHealth | null = null;

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
  onMessage('context', ({ data }) => inbox.context(data.conversationId));
  onMessage('setAvailability', ({ data }) => inbox.setAvailability(data.availability));
  onMessage('adapterHealth', ({ data }) => {
    lastHealth = data;
  });
  onMessage('lastAdapterHealth', () => lastHealth);
}
