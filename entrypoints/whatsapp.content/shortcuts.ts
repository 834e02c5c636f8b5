import type { ContentScriptContext } from '#imports';
import { sendMessage } from '../../utils/messaging';
import type { OpenChatTracker } from './open-chat';
import type { OverlayLinks } from './overlay';
import type { TabStore } from './tab-store';

/** Alt+Shift+<key>: a chord WhatsApp Web does not use, matched by physical key so it works in every layout. */
const CHORDS: Record<string, 'claim' | 'release' | 'resolve' | 'snooze' | 'context'> = {
  KeyC: 'claim',
  KeyR: 'release',
  KeyD: 'resolve',
  KeyS: 'snooze',
  KeyI: 'context',
};

export function startShortcuts(ctx: ContentScriptContext, store: TabStore, tracker: OpenChatTracker, links: Pick<OverlayLinks, 'togglePanel'>) {
  const onKeyDown = (e: KeyboardEvent) => {
    if (!e.altKey || !e.shiftKey || e.ctrlKey || e.metaKey || !store.signedIn) return;
    const action = CHORDS[e.code];
    const id = tracker.conversationId;
    if (!action || !id) return;
    e.preventDefault();
    e.stopPropagation();
    if (action === 'context') return links.togglePanel();
    const sent =
      action === 'resolve'
        ? sendMessage('setStatus', { conversationId: id, status: 'resolved' })
        : action === 'snooze'
          ? sendMessage('setStatus', { conversationId: id, status: 'snoozed', snoozedUntil: Date.now() + 3600_000 })
          : sendMessage(action, { conversationId: id });
    void sent.then((r) => r.ok && store.putAndNotify(r.value));
  };
  document.addEventListener('keydown', onKeyDown, true);
  ctx.onInvalidated(() => document.removeEventListener('keydown', onKeyDown, true));
}
