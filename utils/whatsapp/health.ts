// Which WhatsApp hooks the adapter can find right now: shown on the options page and sent to the server.
import { composerText, findComposer, findSendButton } from './composer';
import { queryAll, queryFirst, type Hit } from './query';
import { selectors } from './selectors';

export type HookName =
  | 'app'
  | 'chatList'
  | 'chatRows'
  | 'rowTitle'
  | 'openChat'
  | 'chatHeader'
  | 'messages'
  | 'composer'
  | 'sendButton';

/** not-applicable: nothing to find in this state (no chat open, no rows, empty composer). */
export type HookStatus = 'found' | 'missing' | 'not-applicable';

export interface HookReport {
  readonly name: HookName;
  readonly found: boolean;
  readonly status: HookStatus;
  /** The alternative that matched, or null. */
  readonly via: string | null;
}

export interface AdapterHealth {
  /** ISO 8601. */
  readonly checkedAt: string;
  readonly hooks: HookReport[];
}

function report(name: HookName, hit: Hit, applicable = true): HookReport {
  const found = hit.element !== null;
  const status: HookStatus = found ? 'found' : applicable ? 'missing' : 'not-applicable';
  return { name, found, status, via: hit.via };
}

function firstRowTitle(rows: Element[]): Hit {
  for (const row of rows) {
    const hit = queryFirst(row, selectors.rowTitle);
    if (hit.element) return hit;
  }
  return { element: null, via: null };
}

export function checkAdapterHealth(doc: ParentNode, now: Date = new Date()): AdapterHealth {
  const rows = queryAll(doc, selectors.chatRow);
  const main = queryFirst(doc, selectors.openChat);
  const chatOpen = main.element !== null;
  const messages = queryAll(doc, selectors.message);
  const composer = findComposer(doc);
  const hasText = composer.element !== null && composerText(composer.element).trim() !== '';
  return {
    checkedAt: now.toISOString(),
    hooks: [
      report('app', queryFirst(doc, selectors.app)),
      report('chatList', queryFirst(doc, selectors.chatList)),
      report('chatRows', { element: rows.elements[0] ?? null, via: rows.via }),
      report('rowTitle', firstRowTitle(rows.elements), rows.elements.length > 0),
      report('openChat', main, false),
      report('chatHeader', queryFirst(doc, selectors.chatHeader), chatOpen),
      report('messages', { element: messages.elements[0] ?? null, via: messages.via }, chatOpen),
      report('composer', composer, chatOpen),
      report('sendButton', findSendButton(doc), hasText),
    ],
  };
}
