// Which WhatsApp hooks the adapter can find right now: shown on the options page and sent to the server.
import { composerText, findComposer, findSendButton } from './composer';
import { findMediaSendButton } from './send-paths';
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
  | 'sendButton'
  | 'attachButton'
  | 'micButton'
  | 'expressionButton'
  | 'expressionItems'
  | 'mediaCaption'
  | 'mediaSendButton'
  | 'voiceSendButton'
  | 'forwardRows'
  | 'forwardSendButton'
  /** The chat search, which opening a chat whose row is not rendered relies on. */
  | 'searchBox'
  /** A send that left through a path no hook explains; `via` names where it came from. */
  | 'uncoveredSend';

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

const hitOf = (element: Element | null, via: string | null): Hit => ({ element, via: element ? via : null });

/** `uncovered`: how the last send no guarded path explained left (describeSendOrigin), if one did. */
export function checkAdapterHealth(doc: ParentNode, now: Date = new Date(), uncovered: string | null = null): AdapterHealth {
  const rows = queryAll(doc, selectors.chatRow);
  const main = queryFirst(doc, selectors.openChat);
  const chatOpen = main.element !== null;
  const messages = queryAll(doc, selectors.message);
  const composer = findComposer(doc);
  const hasText = composer.element !== null && composerText(composer.element).trim() !== '';
  const recording = queryFirst(doc, selectors.recordingBar);
  const usual = chatOpen && !recording.element;
  const panel = queryFirst(doc, selectors.expressionPanel);
  const caption = queryFirst(doc, selectors.captionEditor);
  const mediaSend = findMediaSendButton(doc);
  const forwardRows = queryAll(doc, selectors.forwardRow);
  const forwardDialog = forwardRows.elements[0]?.closest('[role="dialog"]') ?? null;
  const forwardSend = forwardDialog ? (queryAll(doc, selectors.dialogSendButton).elements.find((b) => forwardDialog.contains(b)) ?? null) : null;
  const voiceSend = recording.element ? findSendButton(doc) : { element: null, via: null };
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
      report('attachButton', queryFirst(doc, selectors.attachButton), usual),
      report('micButton', queryFirst(doc, selectors.micButton), usual && !hasText),
      report('expressionButton', queryFirst(doc, selectors.expressionButton), usual),
      report('expressionItems', panel.element ? queryFirst(panel.element, selectors.expressionItem) : panel, panel.element !== null),
      report('mediaCaption', caption, mediaSend !== null),
      report('mediaSendButton', hitOf(mediaSend, 'dialogSendButton'), caption.element !== null),
      report('voiceSendButton', voiceSend, recording.element !== null),
      report('forwardRows', { element: forwardRows.elements[0] ?? null, via: forwardRows.via }, false),
      report('forwardSendButton', hitOf(forwardSend, 'dialogSendButton'), forwardRows.elements.length > 0),
      report('searchBox', queryFirst(doc, selectors.searchBox), queryFirst(doc, selectors.chatList).element !== null),
      report('uncoveredSend', { element: null, via: uncovered }, uncovered !== null),
    ],
  };
}
