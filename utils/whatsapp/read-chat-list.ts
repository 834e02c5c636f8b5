// Reads chat-list rows. Rows re-render constantly and may show another chat: re-read every time, cache nothing.
import { isGroupJid, isJid, parseDataId } from './parse-data-id';
import { closestMatch, queryAll, queryFirst } from './query';
import { selectors } from './selectors';
import { cleanTitle, firstInteger, plainText, titleKey } from './text';

export interface ChatRow {
  /** The positioned row element (listitem in 2024, row in 2026). */
  readonly element: Element;
  /** Full chat name from the title attribute, direction marks stripped. Display only: names collide. */
  readonly title: string;
  /** Normalised title for matching; digits only for phone-number titles. */
  readonly titleKey: string;
  /** Unread count from the badge; null when there is no number. */
  readonly unreadCount: number | null;
  /** "Marked as unread" dot without a number. */
  readonly markedUnread: boolean;
  /** Localised time label ("16:35", "ieri", "07/08/2026"); there is no machine-readable time in the row. */
  readonly timeLabel: string | null;
  /** A delivery tick precedes the preview: the last message is ours. */
  readonly lastMessageOurs: boolean;
  /** Placeholder group avatar, group author in the preview, or a group JID. */
  readonly isGroup: boolean;
  /** aria-selected: the chat open in #main. */
  readonly selected: boolean;
  /** Chat JID when a DOM attribute exposes it; null otherwise (the usual case). */
  readonly jid: string | null;
}

/** The positioned row holding `node` (any descendant), or null outside the chat list. */
export function findRowElement(node: Node): Element | null {
  const element = node.nodeType === 1 ? (node as Element) : node.parentElement;
  return element ? closestMatch(element, selectors.chatRow).element : null;
}

function readJid(row: Element): string | null {
  for (const element of queryAll(row, selectors.rowJid).elements) {
    const value = element.getAttribute('data-id') ?? '';
    const jid = isJid(value) ? value : parseDataId(value)?.chatJid;
    if (jid) return jid;
  }
  return null;
}

function readUnread(row: Element): { unreadCount: number | null; markedUnread: boolean } {
  const badge = queryFirst(row, selectors.rowUnreadBadge).element;
  if (!badge) return { unreadCount: null, markedUnread: false };
  const count = firstInteger(badge.getAttribute('aria-label')) ?? firstInteger(badge.textContent);
  return count === null ? { unreadCount: null, markedUnread: true } : { unreadCount: count, markedUnread: false };
}

/** Reads one row; null for section headers and special rows (no title cell). */
export function readRow(row: Element): ChatRow | null {
  if (queryFirst(row, selectors.specialRow).element) return null;
  const titleElement = queryFirst(row, selectors.rowTitle).element;
  const title = cleanTitle(titleElement?.getAttribute('title') ?? '');
  if (title === '') return null;
  const timeElement = queryFirst(row, selectors.rowTime).element;
  const timeLabel = timeElement ? cleanTitle(plainText(timeElement)) || null : null;
  const jid = readJid(row);
  return {
    element: row,
    title,
    titleKey: titleKey(title),
    ...readUnread(row),
    timeLabel,
    lastMessageOurs: queryFirst(row, selectors.rowOwnTick).element !== null,
    isGroup: isGroupJid(jid) || queryFirst(row, selectors.rowGroupMarker).element !== null,
    selected: queryFirst(row, selectors.rowSelected).element !== null,
    jid,
  };
}

/** What a badge needs of a row, and no more: the chat it shows now. Cheaper than readRow on every repaint. */
export interface RowIdentity {
  readonly title: string;
  readonly titleKey: string;
  readonly jid: string | null;
}

export function readRowIdentity(row: Element): RowIdentity | null {
  if (queryFirst(row, selectors.specialRow).element) return null;
  const title = cleanTitle(queryFirst(row, selectors.rowTitle).element?.getAttribute('title') ?? '');
  return title === '' ? null : { title, titleKey: titleKey(title), jid: readJid(row) };
}

/**
 * Whether a row can say anything about activity: an unread count (a customer wrote) or a delivery tick (the newest
 * message is ours). Two lookups instead of a full read, for the many rows that show neither.
 */
export function rowHasActivitySignal(row: Element): boolean {
  return queryFirst(row, selectors.rowUnreadBadge).element !== null || queryFirst(row, selectors.rowOwnTick).element !== null;
}

/**
 * The rows under `root` that rowHasActivitySignal would pick, found with one query per alternative over the whole
 * list instead of several per row: a list jump renders dozens of rows, and most of them show no signal.
 */
export function rowsWithActivitySignal(root: ParentNode): Set<Element> {
  const rows = new Set<Element>();
  for (const entry of [selectors.rowUnreadBadge, selectors.rowOwnTick]) {
    for (const alternative of entry.alternatives) {
      for (const element of root.querySelectorAll(alternative.css)) {
        if (alternative.text && !alternative.text.test((element.textContent ?? '').trim())) continue;
        const row = closestMatch(element, selectors.chatRow).element;
        if (row) rows.add(row);
      }
    }
  }
  return rows;
}

/** Past this many rows the list-wide query is used: its cost is fixed, the per-row checks' grows (a guessed crossover). */
const MANY_ROWS = 8;

/**
 * Of `rows`, the connected ones rowHasActivitySignal would pick: checked one by one when they are few (a chat moved to
 * the top), with rowsWithActivitySignal over `list` when they are many (a list jump renders dozens at once).
 */
export function withActivitySignal(rows: Iterable<Element>, list: ParentNode | null, many = MANY_ROWS): Element[] {
  const candidates = [...rows].filter((el) => el.isConnected);
  if (candidates.length <= many || !list) return candidates.filter(rowHasActivitySignal);
  const signalled = rowsWithActivitySignal(list);
  return candidates.filter((el) => signalled.has(el));
}

/** The chat list is on the page: WhatsApp is signed in and rendering, so a rep here can answer. */
export function chatListReady(root: ParentNode): boolean {
  return queryFirst(root, selectors.chatList).element !== null;
}

/** The rows an inserted node brings into the list: the node itself when it is a row, else the rows inside it. */
export function rowsIn(node: Node): Element[] {
  if (node.nodeType !== 1) return [];
  const row = closestMatch(node as Element, selectors.chatRow).element;
  return row ? [row] : listRowElements(node as Element);
}

/** The positioned row elements under `root`, without reading them. */
export function listRowElements(root: ParentNode): Element[] {
  return queryAll(root, selectors.chatRow).elements;
}

/** Every chat row rendered under `root` (the document or #pane-side), in DOM order. */
export function readChatRows(root: ParentNode): ChatRow[] {
  return queryAll(root, selectors.chatRow).elements.flatMap((row) => readRow(row) ?? []);
}
