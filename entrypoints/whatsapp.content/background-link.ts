import { browser } from '#imports';
import type { ContentScriptContext } from '#imports';
import { TAB_PORT } from '../../utils/messaging';
import type { TabBeat, TabPush } from '../../utils/inbox/types';
import { chatListReady } from '../../utils/whatsapp';
import type { TabStore } from './tab-store';

const HEARTBEAT_MS = 20_000;

/**
 * Keeps a port to the background open while WhatsApp is open: pushes arrive on it, and its heartbeat keeps the
 * service worker (and so the live feed) alive. A stopped worker drops the port; reconnecting restarts it.
 */
export function linkToBackground(ctx: ContentScriptContext, store: TabStore) {
  let port: ReturnType<typeof browser.runtime.connect> | null = null;
  // The beat also says whether this tab can answer: which number it is signed in to, and whether its list renders.
  const beat = (): TabBeat => ({ type: 'heartbeat', at: Date.now(), channelId: store.channelId, healthy: chatListReady(document) });
  const connect = () => {
    if (ctx.isInvalid) return;
    port = browser.runtime.connect({ name: TAB_PORT });
    port.onMessage.addListener((msg: unknown) => store.apply(msg as TabPush));
    port.onDisconnect.addListener(() => {
      port = null;
      ctx.setTimeout(connect, 250);
    });
    port.postMessage(beat());
  };
  const send = () => {
    if (!port) return connect();
    try {
      port.postMessage(beat());
    } catch {
      port = null;
      connect();
    }
  };
  connect();
  ctx.setInterval(send, HEARTBEAT_MS);
  let channel = store.channelId;
  store.subscribe(() => {
    if (store.channelId === channel) return;
    channel = store.channelId;
    send();
  });
}
