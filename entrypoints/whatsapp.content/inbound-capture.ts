import type { ContentScriptContext } from '#imports';
import { sendMessage } from '../../utils/messaging';
import { RowActivityTracker, type KnownChat } from '../../utils/inbox/row-activity';
import { findRowElement, followChatList, listRowElements, pageLocale, readRow, resolveTimeLabel, rowHasActivitySignal } from '../../utils/whatsapp';
import type { TabStore } from './tab-store';

/** Row changes are read in one batch this long after the first, outside the page's own task. */
const SCAN_DELAY_MS = 250;
/** Past this many mutation records in one batch (a list jump) the whole list is re-read. */
const MANY_RECORDS = 40;

/**
 * Inbound capture: reads the chat-list rows WhatsApp renders (a chat with a new message moves to the top, so it is
 * rendered) and tells the server about activity in chats nobody may have opened. Metadata only: the row's chat,
 * unread count, the direction of its newest message and its time label as a time; never the message text.
 */
export function startInboundCapture(ctx: ContentScriptContext, store: TabStore) {
  const tracker = new RowActivityTracker(Date.now());
  const locale = pageLocale(document);
  const dirty = new Set<Element>();
  let all = true;
  let timer: number | null = null;
  let channel: string | null = null;
  let pane: Element | null = null;

  const schedule = () => {
    if (timer === null) timer = ctx.setTimeout(scan, SCAN_DELAY_MS);
  };
  const knownChat = (row: { jid: string | null; title: string }, now: number): KnownChat | null => {
    const c = store.lookup(row).conversation;
    return c ? { waiting: c.waitingSince !== null, lockHeld: !!c.lock && c.lock.expiresAt > now } : null;
  };
  const scan = () => {
    timer = null;
    // Nothing can be reported before the tab knows its number: keep the rows for then.
    if (!store.signedIn || !store.channelId) return;
    if (store.channelId !== channel) {
      channel = store.channelId;
      tracker.reset(Date.now());
      all = true;
    }
    const rows = all ? (pane ? listRowElements(pane) : []) : [...dirty];
    all = false;
    dirty.clear();
    const now = Date.now();
    for (const el of rows) {
      // Most rows show neither an unread count nor a tick: nothing to report, and not worth a full read.
      const row = el.isConnected && rowHasActivitySignal(el) ? readRow(el) : null;
      if (!row) continue;
      const sight = {
        key: row.jid ?? `t:${row.titleKey}`,
        title: row.title,
        jid: row.jid,
        isGroup: row.isGroup,
        direction: row.lastMessageOurs ? ('out' as const) : ('in' as const),
        at: resolveTimeLabel(row.timeLabel, now, locale)?.at ?? null,
        unread: row.unreadCount ?? 0,
        selected: row.selected,
      };
      const activity = tracker.see(sight, knownChat(row, now), now);
      if (activity) void sendMessage('report', { kind: 'activity', chatKey: sight.key, channelId: channel, ...activity });
    }
  };

  const observer = new MutationObserver((records) => {
    if (records.length > MANY_RECORDS) all = true;
    else for (const r of records) {
      const row = findRowElement(r.target);
      if (row) dirty.add(row);
      else all = true;
    }
    schedule();
  });
  const stopFollowing = followChatList(document, (found) => {
    pane = found;
    observer.disconnect();
    if (pane) observer.observe(pane, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['aria-label', 'title', 'aria-selected'] });
    all = true;
    schedule();
  });
  // Signing in and learning the channel come from the background: the first full scan waits for both.
  const unsubscribe = store.subscribe((changed) => {
    if (changed === 'all' && store.channelId !== channel) schedule();
  });
  ctx.onInvalidated(() => {
    observer.disconnect();
    stopFollowing();
    unsubscribe();
  });
}
