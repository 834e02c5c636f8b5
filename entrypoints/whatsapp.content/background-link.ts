import { browser } from '#imports';
import type { ContentScriptContext } from '#imports';
import { TAB_PORT } from '../../utils/messaging';
import type { TabPush } from '../../utils/inbox/types';
import type { TabStore } from './tab-store';

const HEARTBEAT_MS = 20_000;

/**
 * Keeps a port to the background open while WhatsApp is open: pushes arrive on it, and its heartbeat keeps the
 * service worker (and so the live feed) alive. A stopped worker drops the port; reconnecting restarts it.
 */
export function linkToBackground(ctx: ContentScriptContext, store: TabStore) {
  let port: ReturnType<typeof browser.runtime.connect> | null = null;
  const connect = () => {
    if (ctx.isInvalid) return;
    port = browser.runtime.connect({ name: TAB_PORT });
    port.onMessage.addListener((msg: unknown) => store.apply(msg as TabPush));
    port.onDisconnect.addListener(() => {
      port = null;
      ctx.setTimeout(connect, 250);
    });
  };
  connect();
  ctx.setInterval(() => {
    if (!port) return connect();
    try {
      port.postMessage({ type: 'heartbeat', at: Date.now() });
    } catch {
      port = null;
      connect();
    }
  }, HEARTBEAT_MS);
}
