import type { PageWatch } from '../../utils/whatsapp/page-watch';

/**
 * Calls `changed` when this tab starts or stops being able to answer: its chat list appears (WhatsApp finished
 * loading) or goes (logged out). Routing counts a rep only while a healthy tab is open, so the background hears it
 * at once rather than at the next periodic beat.
 */
export function onTabHealthChange(page: PageWatch, changed: (healthy: boolean) => void): () => void {
  // The watcher hands over the pane at once (what the tab already said), then each time it changes.
  let healthy: boolean | null = null;
  return page.onChatList({
    pane(pane) {
      const now = pane !== null;
      if (healthy !== null && now !== healthy) changed(now);
      healthy = now;
    },
    records() {},
  });
}
