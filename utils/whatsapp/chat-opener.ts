// Opening a chat as a person would: mousedown on its row, or typing into WhatsApp's chat search and picking the result.
import { queryFirst } from './query';
import { listRowElements, readRowIdentity } from './read-chat-list';
import { readOpenChat } from './read-open-chat';
import { selectors } from './selectors';
import { titleKey } from './text';

/** What identifies the chat to open: its JID when known, else its normalised title. */
export interface ChatToOpen {
  jid: string | null;
  titleKey: string;
}

const sameChat = (row: { jid: string | null; titleKey: string }, chat: ChatToOpen) =>
  (chat.jid !== null && row.jid === chat.jid) || row.titleKey === chat.titleKey;

/** The rendered row showing this chat (off screen included: WhatsApp renders ±30 rows), or null. */
export function findChatRow(root: ParentNode, chat: ChatToOpen): Element | null {
  for (const row of listRowElements(root)) {
    const identity = readRowIdentity(row);
    if (identity && sameChat(identity, chat)) return row;
  }
  return null;
}

/** A chat opens on mousedown (not click) on one of its cells; the click follows for builds that wait for it. */
export function openChatRow(row: Element): void {
  const target = queryFirst(row, selectors.rowOpenTarget).element ?? row;
  const view = target.ownerDocument.defaultView;
  for (const type of ['mousedown', 'mouseup', 'click']) {
    target.dispatchEvent(new (view?.MouseEvent ?? MouseEvent)(type, { bubbles: true, cancelable: true, button: 0, view }));
  }
}

/** Whether the open conversation (#main) is this chat. */
export function isChatOpen(doc: ParentNode, chat: ChatToOpen): boolean {
  const open = readOpenChat(doc);
  if (!open?.title) return false;
  return sameChat({ jid: open.chatJid, titleKey: titleKey(open.title) }, chat);
}

export function findSearchBox(root: ParentNode): HTMLElement | null {
  return queryFirst(root, selectors.searchBox).element as HTMLElement | null;
}

const searchText = (box: HTMLElement) => (box instanceof box.ownerDocument.defaultView!.HTMLInputElement ? box.value : (box.textContent ?? ''));

/**
 * Replaces the search text the way typing does: the editing command fires the input events WhatsApp listens to (an
 * <input> in 2026, a Lexical contenteditable before); a plain value write plus an input event when it is refused.
 */
export function setSearchText(box: HTMLElement, text: string): void {
  const doc = box.ownerDocument;
  box.focus();
  if (box instanceof doc.defaultView!.HTMLInputElement) box.select();
  else doc.getSelection()?.selectAllChildren(box);
  // execCommand is deprecated and may one day be gone: then the plain write below is all there is.
  const exec = typeof doc.execCommand === 'function' ? (cmd: string, value?: string) => doc.execCommand(cmd, false, value) : () => false;
  const done = text ? exec('insertText', text) : exec('delete');
  if (done && searchText(box) === text) return;
  if (box instanceof doc.defaultView!.HTMLInputElement) box.value = text;
  else box.textContent = text;
  box.dispatchEvent(new doc.defaultView!.InputEvent('input', { bubbles: true, inputType: text ? 'insertText' : 'deleteContentBackward', data: text || null }));
}

/** What to type into the search to find a chat: a phone-number title as its digits, which WhatsApp matches either way. */
export function searchQueryFor(title: string): string {
  const bare = title.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return /^\+?[\d\s().-]{6,}$/.test(bare) ? bare.replace(/\D/g, '') : bare;
}

/** WhatsApp Web's own link that opens (or starts) the chat with a number: digits only, country code first. */
export function sendLinkFor(phone: string): string | null {
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 5 ? `https://web.whatsapp.com/send?phone=${digits}` : null;
}
