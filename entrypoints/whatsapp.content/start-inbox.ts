import type { ContentScriptContext } from '#imports';
import { sendMessage } from '../../utils/messaging';
import { checkAdapterHealth, readLinkedNumber, watchPage } from '../../utils/whatsapp';
import { isOwnNode } from '../../components/overlay/own-nodes';
import { linkToBackground } from './background-link';
import { FloatingLayer } from './floating-layer';
import { startInboundCapture } from './inbound-capture';
import { OpenChatTracker } from './open-chat';
import { startOpenChatRequests } from './open-chat-request';
import { overlayLinks } from './overlay';
import { overlays } from './overlays';
import { ReplyLease } from './reply-lease';
import { SendGestures } from './send-gestures';
import { startShortcuts } from './shortcuts';
import { TabStore } from './tab-store';

const HEALTH_EVERY_MS = 60_000;

/** Wiring: one store fed by the background, and the overlays that read it. */
export function startInbox(ctx: ContentScriptContext) {
  const store = new TabStore();
  const page = watchPage(document, { ignore: isOwnNode });
  ctx.onInvalidated(() => page.stop());
  const lease = new ReplyLease();
  const tracker = new OpenChatTracker(ctx, store, lease, new SendGestures(ctx));
  const link = linkToBackground(ctx, store, page);
  // Registered before the overlays' own listeners: they redraw for the chat this finds open.
  page.onAppChange(() => tracker.check());
  const layer = new FloatingLayer(ctx, store, tracker);
  const links = overlayLinks();
  for (const overlay of overlays) overlay.start({ ctx, store, page, tracker, lease, layer, links });
  startInboundCapture(ctx, store, page, link);
  startShortcuts(ctx, store, tracker, links);
  startOpenChatRequests(ctx);
  tracker.check();

  // The channel is the number this tab is linked to; WhatsApp writes it only once logged in.
  let channelKnown = false;
  const learnChannel = async () => {
    if (channelKnown || !store.signedIn) return;
    const wid = readLinkedNumber(localStorage);
    if (!wid) return;
    const r = await sendMessage('linkedAccount', { wid });
    if (r.ok) {
      channelKnown = true;
      store.setChannel(r.value.channelId);
      tracker.reset();
    }
  };
  store.subscribe(() => void learnChannel());
  ctx.setInterval(() => void learnChannel(), 3_000);

  // The path the last unexplained send left through stays in the report until the tab reloads.
  let uncovered: string | null = null;
  const reportHealth = () => void sendMessage('adapterHealth', checkAdapterHealth(document, new Date(), uncovered));
  tracker.onUncovered = (path) => {
    uncovered = path;
    reportHealth();
  };
  ctx.setTimeout(reportHealth, 3_000);
  ctx.setInterval(reportHealth, HEALTH_EVERY_MS);
}
