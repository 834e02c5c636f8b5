import type { ContentScriptContext } from '#imports';
import { RowActivityTracker, type KnownChat } from '../../utils/inbox/row-activity';
import type { PageWatch } from '../../utils/whatsapp/page-watch';
import { findRowElement, pageLocale, readRow, resolveTimeLabel, rowsIn, rowsWithActivitySignal, withActivitySignal } from '../../utils/whatsapp';
import type { Report } from '../../utils/inbox/types';
import type { TabStore } from './tab-store';
import type { BackgroundLink } from './background-link';

/** Row changes are read in one batch this long after the first, outside the page's own task. */
const SCAN_DELAY_MS = 250;

/**
 * Inbound capture: reads the chat-list rows WhatsApp renders (a chat with a new message moves to the top, so it is
 * rendered) and tells the server about activity in chats nobody may have opened. Metadata only: the row's chat,
 * unread count, the direction of its newest message and its time label as a time; never the message text.
 */
export function startInboundCapture(ctx: ContentScriptContext, store: TabStore, page: PageWatch, link: BackgroundLink) {
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
    // Most rows show neither an unread count nor a tick: nothing to report, and not worth a full read.
    const rows = all ? (pane ? [...rowsWithActivitySignal(pane)] : []) : withActivitySignal(dirty, pane);
    all = false;
    dirty.clear();
    const now = Date.now();
    const reports: Report[] = [];
    for (const el of rows) {
      const row = readRow(el);
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
      if (activity) reports.push({ kind: 'activity', chatKey: sight.key, channelId: channel, ...activity });
    }
    // One message for the whole batch: a busy list changes several rows between two scans.
    link.report(reports);
  };

  // Only the rows a record names are re-read: a chat moving to the top re-inserts its row, a list jump adds new rows.
  const stopWatching = page.onChatList({
    pane(found) {
      pane = found;
      all = true;
      schedule();
    },
    records(records) {
      for (const r of records) {
        const row = findRowElement(r.target);
        if (row) dirty.add(row);
        else for (const node of r.addedNodes) for (const added of rowsIn(node)) dirty.add(added);
      }
      schedule();
    },
  });
  // Signing in and learning the channel come from the background: the first full scan waits for both.
  const unsubscribe = store.subscribe((changed) => {
    if (changed === 'all' && store.channelId !== channel) schedule();
  });
  ctx.onInvalidated(() => {
    stopWatching();
    unsubscribe();
  });
}
