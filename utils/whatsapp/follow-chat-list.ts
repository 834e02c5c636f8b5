import { queryFirst } from './query';
import { selectors } from './selectors';

/**
 * Calls `attach` with the chat list's scroll container now and again whenever WhatsApp replaces it (logout, a
 * reload of the side pane), with null while there is none. Returns the function that stops following.
 */
export function followChatList(doc: Document, attach: (pane: Element | null) => void): () => void {
  let current: Element | null | undefined;
  const check = () => {
    const pane = queryFirst(doc, selectors.chatList).element;
    if (pane === current) return;
    current = pane;
    attach(pane);
  };
  check();
  const observer = new MutationObserver(check);
  observer.observe(queryFirst(doc, selectors.app).element ?? doc.body, { childList: true, subtree: true });
  return () => observer.disconnect();
}
