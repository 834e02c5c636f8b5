import { chatListReady } from '../../utils/whatsapp';
import type { PageWatch } from '../../utils/whatsapp/page-watch';

/**
 * Calls `changed` when this tab starts or stops being able to answer: its chat list appears (WhatsApp finished
 * loading) or goes (logged out). Routing counts a rep only while a healthy tab is open, so the background hears it
 * at once rather than at the next periodic beat.
 */
export function onTabHealthChange(page: PageWatch, doc: Document, changed: (healthy: boolean) => void): () => void {
  let healthy = chatListReady(doc);
  return page.onChatList({
    pane() {
      const now = chatListReady(doc);
      if (now === healthy) return;
      healthy = now;
      changed(now);
    },
    records() {},
  });
}
