// Reads the open conversation (#main). #main may be replaced on every chat switch: call this again, keep nothing.
import { isGroupJid } from './parse-data-id';
import { queryAll, queryFirst } from './query';
import { messageDirection, messageId, readMessage, type OpenChatMessage } from './read-message';
import { selectors } from './selectors';
import { cleanTitle, plainText, titleKey } from './text';

export interface OpenChat {
  readonly main: Element;
  /** The conversation header (#main's first header child), never a drawer's. */
  readonly header: Element | null;
  /** Display name: the title attribute when present, else the text. Display only: names collide. */
  readonly title: string | null;
  readonly titleKey: string | null;
  /** Group JID, a participant suffix in a data-id, or the placeholder group avatar. */
  readonly isGroup: boolean;
  /** The first prefixed data-id's chat JID; null when every id is bare (2026). */
  readonly chatJid: string | null;
  /** Rendered messages in DOM order (the list is virtualised: not the whole history). */
  readonly messages: OpenChatMessage[];
}

function readHeaderTitle(header: Element | null): string | null {
  const element = header ? queryFirst(header, selectors.chatHeaderTitle).element : null;
  if (!element) return null;
  const title = cleanTitle(element.getAttribute('title') ?? plainText(element));
  return title === '' ? null : title;
}

/** The open chat, or null when no chat is open. */
export function readOpenChat(doc: ParentNode): OpenChat | null {
  const main = queryFirst(doc, selectors.openChat).element;
  if (!main) return null;
  const header = queryFirst(doc, selectors.chatHeader).element;
  const title = readHeaderTitle(header);
  const messages = inheritBlockDirection(queryAll(doc, selectors.message).elements.map(readMessage));
  const chatJid = messages.find((message) => message.chatJid !== null)?.chatJid ?? null;
  const groupAvatar = header !== null && queryFirst(header, selectors.chatHeaderGroupMarker).element !== null;
  return {
    main,
    header,
    title,
    titleKey: title === null ? null : titleKey(title),
    isGroup: isGroupJid(chatJid) || messages.some((message) => message.participant !== null) || groupAvatar,
    chatJid,
    messages,
  };
}

/**
 * The rendered messages whose id `known` does not know, read as readOpenChat would read them. The others are
 * only identified, which is much cheaper: what a chat that keeps growing needs after each change.
 */
export function readUnknownMessages(doc: ParentNode, known: (id: string) => boolean): OpenChatMessage[] {
  const elements = queryAll(doc, selectors.message).elements;
  const out: OpenChatMessage[] = [];
  elements.forEach((element, i) => {
    const id = messageId(element);
    if (id === null || known(id)) return;
    let message = readMessage(element);
    // As inheritBlockDirection: the nearest earlier bubble that shows a side.
    for (let j = i - 1; message.direction === 'unknown' && j >= 0; j--) {
      const direction = messageDirection(elements[j]);
      if (direction !== 'unknown') message = { ...message, direction };
    }
    out.push(message);
  });
  return out;
}

/** Only a block's first bubble has a tail; the bubbles after it come from the same side, so they inherit it. */
function inheritBlockDirection(messages: OpenChatMessage[]): OpenChatMessage[] {
  let previous: OpenChatMessage['direction'] = 'unknown';
  return messages.map((message) => {
    if (message.direction !== 'unknown') {
      previous = message.direction;
      return message;
    }
    return previous === 'unknown' ? message : { ...message, direction: previous };
  });
}
