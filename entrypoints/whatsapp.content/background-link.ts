import { browser } from '#imports';
import type { ContentScriptContext } from '#imports';
import { sendMessage, TAB_PORT } from '../../utils/messaging';
import { PortReports } from '../../utils/inbox/port-reports';
import type { Report, ReportsAck, TabBeat, TabPush, TabReports } from '../../utils/inbox/types';
import { chatListReady } from '../../utils/whatsapp';
import type { PageWatch } from '../../utils/whatsapp/page-watch';
import type { TabStore } from './tab-store';
import { onTabHealthChange } from './tab-health';

const HEARTBEAT_MS = 20_000;

export interface BackgroundLink {
  /** Chat-list reports, over the port; kept until the worker has them in its outbox. */
  report(reports: Report[]): void;
}

/**
 * Keeps a port to the background open while WhatsApp is open: pushes arrive on it, reports leave on it, and its
 * heartbeat keeps the service worker (and so the live feed) alive. A stopped worker drops the port; reconnecting
 * restarts it.
 */
export function linkToBackground(ctx: ContentScriptContext, store: TabStore, page: PageWatch): BackgroundLink {
  let port: ReturnType<typeof browser.runtime.connect> | null = null;
  const post = (message: TabBeat | TabReports): boolean => {
    if (!port) return false;
    try {
      port.postMessage(message);
      return true;
    } catch {
      port = null;
      return false;
    }
  };
  const reports = new PortReports(post, (held) => void sendMessage('reports', held));
  // The beat also says whether this tab can answer: which number it is signed in to, and whether its list renders.
  const beat = (): TabBeat => ({ type: 'heartbeat', at: Date.now(), channelId: store.channelId, healthy: chatListReady(document) });
  const connect = () => {
    if (ctx.isInvalid) return;
    port = browser.runtime.connect({ name: TAB_PORT });
    port.onMessage.addListener((msg: unknown) => {
      const m = msg as TabPush | ReportsAck;
      if (m.type === 'ack') return reports.acknowledged(m.upTo);
      store.apply(m);
    });
    port.onDisconnect.addListener(() => {
      port = null;
      ctx.setTimeout(connect, 250);
    });
    post(beat());
    reports.resend();
  };
  const send = () => {
    if (!post(beat())) connect();
  };
  connect();
  ctx.setInterval(send, HEARTBEAT_MS);
  let channel = store.channelId;
  store.subscribe(() => {
    if (store.channelId === channel) return;
    channel = store.channelId;
    send();
  });
  ctx.onInvalidated(onTabHealthChange(page, send));
  return { report: (batch) => reports.send(batch) };
}
