import { browser } from '#imports';
import type { EventView, MemberView } from '../../utils/inbox/types';
import { decideNotification, noticeId, parseNoticeId, waitingForMe } from '../../utils/inbox/notification-rules';
import { decidedUpTo, loadPrefs, setDecidedUpTo } from '../../utils/inbox/notification-prefs';
import { noticeText } from '../../utils/inbox/notification-text';
import type { InboxState } from './inbox-state';

const BADGE_COLOR = '#d1242f';

// MV3 Chrome names it action; Firefox's MV2 build browserAction.
const toolbar = () => browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;

/**
 * What tells the rep that something needs them: desktop notifications decided from the live feed, and the toolbar
 * count of their chats waiting for a reply. The decisions are utils/inbox/notification-rules.ts; this only wires them.
 */
export class Attention {
  private lastBadge: string | null = null;
  /** The stored "decided up to" per member, read once: a busy feed should not read storage for every event. */
  private decided = new Map<string, number>();

  constructor(
    private state: InboxState,
    private me: () => MemberView | null,
    private openChat: (conversationId: string) => Promise<unknown>,
  ) {}

  /** Registered at the worker's start, so a click wakes a stopped worker and still opens the chat. */
  listen() {
    browser.notifications.onClicked.addListener((id) => void this.clicked(id));
  }

  async onEvent(event: EventView) {
    const signedIn = this.me();
    if (!signedIn) return;
    const me = this.state.members.get(signedIn.id) ?? signedIn;
    if (!this.decided.has(me.id)) this.decided.set(me.id, await decidedUpTo(me.id));
    const notice = decideNotification(event, me, { now: Date.now(), decidedUpTo: this.decided.get(me.id)! });
    if (!notice) return;
    // Recorded before showing: a worker stopped between the two never shows it twice.
    this.decided.set(me.id, event.id);
    await setDecidedUpTo(me.id, event.id);
    if (!(await loadPrefs(me.id))[notice.kind]) return;
    const chat = event.conversation ?? this.state.conversations.get(notice.conversationId);
    const name = (id: string | null | undefined) => (id ? (this.state.members.get(id)?.name ?? null) : null);
    const text = noticeText(notice, chat?.title ?? null, { actor: name(notice.actorId), owner: name(notice.detail.ownerId) });
    await browser.notifications.create(noticeId(notice), {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title: text.title,
      message: text.message,
    });
  }

  private async clicked(id: string) {
    const target = parseNoticeId(id);
    if (!target) return;
    await browser.notifications.clear(id);
    await this.openChat(target.conversationId);
  }

  /** The toolbar icon counts my chats waiting for a reply; empty when none (or signed out). */
  async refreshBadge() {
    const me = this.me();
    const n = me ? waitingForMe(this.state.conversations.values(), me.id) : 0;
    const text = n > 0 ? String(n) : '';
    if (text === this.lastBadge) return;
    this.lastBadge = text;
    await toolbar()?.setBadgeBackgroundColor({ color: BADGE_COLOR });
    await toolbar()?.setBadgeText({ text });
  }
}
