import { browser } from '#imports';
import { sendMessage, type OpenedVia } from '../../utils/messaging';
import type { ConversationView, Result } from '../../utils/inbox/types';
import { sendLinkFor } from '../../utils/whatsapp/chat-opener';

const WHATSAPP_URL = 'https://web.whatsapp.com/';
const TAB_CONNECT_MS = 30_000;
/** A content script connects within a second of its page loading; one silent this long is not there. */
const RELOAD_SILENT_TAB_MS = 8_000;

/** A WhatsApp tab whose content script is connected: its tab id and the number it is linked to, once known. */
export interface LinkedTab {
  tabId: number;
  channelId: string | null;
}

const notInWhatsApp = { ok: false as const, error: { code: 'NOT_FOUND', message: 'WhatsApp Web shows no such chat', details: { reason: 'not-in-whatsapp' } } };
const noTab = { ok: false as const, error: { code: 'TIMEOUT', message: 'WhatsApp Web did not open in time', details: { reason: 'no-whatsapp-tab' } } };

/**
 * Opens a chat for the rep: focuses (or opens) a WhatsApp Web tab, preferably one linked to the chat's number, and
 * asks its content script to open the chat (its row, else WhatsApp's search); failing that, the number's send link.
 */
export class ChatOpener {
  constructor(
    private linkedTabs: () => LinkedTab[],
    private conversation: (id: string) => Promise<ConversationView | null>,
  ) {}

  async open(conversationId: string): Promise<Result<{ via: OpenedVia }>> {
    const c = await this.conversation(conversationId);
    if (!c) return { ok: false, error: { code: 'NOT_FOUND', message: 'no such conversation' } };
    const { tabId, created } = await this.whatsAppTab(c.channelId);
    await focus(tabId);
    if (!(await this.connected(tabId, !created))) return noTab;
    const r = await sendMessage('openChatInTab', { jid: c.jid, title: c.title, titleKey: c.titleKey }, tabId).catch(() => ({ via: null }));
    if (r.via) return { ok: true, value: { via: r.via } };
    const link = c.phone ? sendLinkFor(c.phone) : null;
    if (!link) return notInWhatsApp;
    await browser.tabs.update(tabId, { url: link, active: true });
    return { ok: true, value: { via: 'link' } };
  }

  /** The tab on the chat's number first, then any WhatsApp tab, else a new one. */
  private async whatsAppTab(channelId: string): Promise<{ tabId: number; created: boolean }> {
    const linked = this.linkedTabs();
    const same = linked.find((t) => t.channelId === channelId) ?? linked[0];
    if (same) return { tabId: same.tabId, created: false };
    const [open] = await browser.tabs.query({ url: `${WHATSAPP_URL}*` });
    if (open?.id !== undefined) return { tabId: open.id, created: false };
    const tab = await browser.tabs.create({ url: WHATSAPP_URL, active: true });
    return { tabId: tab.id!, created: true };
  }

  /**
   * A tab just opened (or reloaded) has no content script yet: wait for its port. A WhatsApp tab opened before the
   * extension was installed or updated never gets one until it reloads, so it is reloaded once if it stays silent.
   */
  private async connected(tabId: number, mayReload: boolean): Promise<boolean> {
    const start = Date.now();
    let reloaded = !mayReload;
    while (!this.linkedTabs().some((t) => t.tabId === tabId)) {
      if (Date.now() - start > TAB_CONNECT_MS) return false;
      if (!reloaded && Date.now() - start > RELOAD_SILENT_TAB_MS) {
        reloaded = true;
        await browser.tabs.reload(tabId);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    return true;
  }
}

async function focus(tabId: number) {
  const tab = await browser.tabs.update(tabId, { active: true });
  if (tab?.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true });
}
