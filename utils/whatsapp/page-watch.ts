import { closestMatch, queryFirst } from './query';
import { selectors } from './selectors';

/** What changes in the chat list are worth a record: rows and their text, and the attributes rows are read by. */
const CHAT_LIST_OPTIONS: MutationObserverInit = {
  childList: true,
  subtree: true,
  characterData: true,
  attributes: true,
  attributeFilter: ['title', 'aria-label', 'aria-selected'],
};

export interface ChatListWatcher {
  /** The chat list's scroll container, now and whenever WhatsApp replaces it; null while there is none. */
  pane(pane: Element | null): void;
  /** A batch of changes inside the chat list, as the page made them. */
  records(records: MutationRecord[]): void;
}

/**
 * The one place that observes WhatsApp's page. Every overlay subscribes here instead of running its own observers on
 * overlapping subtrees: each observer makes the page pay for a record of every change it makes, inside its own task.
 */
export interface PageWatch {
  /** Called after every batch of node changes anywhere in the app (panes, rows, messages come and go as nodes). */
  onAppChange(listener: () => void): () => void;
  /** Called at once with the current pane, then with every change of the pane and every batch of changes in it. */
  onChatList(watcher: ChatListWatcher): () => void;
  /** The node that holds the whole app: the root to watch for any content change. */
  readonly appRoot: Node;
  stop(): void;
}

export interface WatchOptions {
  /** Nodes the page did not make (the extension's own hosts): adding one is not a change of the page. */
  ignore?: (node: Node) => boolean;
}

export function watchPage(doc: Document, opts: WatchOptions = {}): PageWatch {
  const app = new Set<() => void>();
  const lists = new Set<ChatListWatcher>();
  let pane: Element | null = null;
  const { ignore } = opts;
  // Only additions: a host taken out by the page (a row re-rendered) is a change the overlays must see.
  const onlyIgnored = (r: MutationRecord) =>
    !!ignore && r.type === 'childList' && r.removedNodes.length === 0 && r.addedNodes.length > 0 && [...r.addedNodes].every(ignore);
  const pageMade = (records: MutationRecord[]) => (ignore ? records.filter((r) => !onlyIgnored(r)) : records);
  const paneObserver = new MutationObserver((all) => {
    const records = pageMade(all);
    if (!records.length) return;
    for (const w of lists) w.records(records);
  });
  const followPane = () => {
    const found = queryFirst(doc, selectors.chatList).element;
    if (found === pane) return;
    pane = found;
    paneObserver.disconnect();
    if (pane) paneObserver.observe(pane, CHAT_LIST_OPTIONS);
    for (const w of lists) w.pane(pane);
  };
  const appRoot: Node = queryFirst(doc, selectors.app).element ?? doc.body;
  const appObserver = new MutationObserver((records) => {
    if (!pageMade(records).length) return;
    followPane();
    for (const l of app) l();
  });
  appObserver.observe(appRoot, { childList: true, subtree: true });
  followPane();
  return {
    appRoot,
    onAppChange(listener) {
      app.add(listener);
      return () => app.delete(listener);
    },
    onChatList(watcher) {
      lists.add(watcher);
      watcher.pane(pane);
      return () => lists.delete(watcher);
    },
    stop() {
      appObserver.disconnect();
      paneObserver.disconnect();
      app.clear();
      lists.clear();
    },
  };
}

/** The open conversation's column, or null when no chat is open. */
export function openChatElement(doc: Document): Element | null {
  return queryFirst(doc, selectors.openChat).element;
}

/** Whether a node sits in the open conversation (not the chat list, not a drawer outside it). */
export function isInOpenChat(node: Element): boolean {
  return closestMatch(node, selectors.openChat).element !== null;
}

/** Whether a node sits in the composer's footer: typing changes it, and no message ever appears there. */
export function isInComposerFooter(node: Element): boolean {
  return closestMatch(node, selectors.chatFooter).element !== null;
}
