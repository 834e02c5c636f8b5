// Reads one message node of the open chat. Direction never comes from English text or obfuscated classes.
import { parseDataId, type DataId } from './parse-data-id';
import { queryFirst, type SelectorEntry } from './query';
import { selectors } from './selectors';
import { plainText } from './text';

export type MessageDirection = 'in' | 'out' | 'unknown';

export interface OpenChatMessage {
  /** The node carrying data-id (or data-testid="conv-msg-<id>"). */
  readonly element: Element;
  /** Message id when known (bare or from the prefixed data-id). */
  readonly id: string | null;
  /** Chat JID from a prefixed data-id; null for bare ids. */
  readonly chatJid: string | null;
  /** Group author JID from a prefixed data-id. */
  readonly participant: string | null;
  readonly direction: MessageDirection;
  /** "[time, date] sender: " in the UI locale; text messages only. */
  readonly prePlainText: string | null;
  readonly text: string;
}

const TESTID_PREFIX = 'conv-msg-';

function readDataId(element: Element): DataId | null {
  const parsed = parseDataId(element.getAttribute('data-id'));
  if (parsed) return parsed;
  const testId = element.getAttribute('data-testid') ?? '';
  return testId.startsWith(TESTID_PREFIX) ? parseDataId(testId.slice(TESTID_PREFIX.length)) : null;
}

/** The message id alone (bare or from the prefixed data-id), without reading the rest. */
export function messageId(element: Element): string | null {
  return readDataId(element)?.msgId ?? null;
}

function has(element: Element, entry: SelectorEntry): boolean {
  return queryFirst(element, entry).element !== null;
}

/** Strongest signal first: data-id prefix, 2018-25 classes, bubble tails, then ticks (own messages only). */
export function messageDirection(element: Element, dataId: DataId | null = readDataId(element)): MessageDirection {
  if (typeof dataId?.fromMe === 'boolean') return dataId.fromMe ? 'out' : 'in';
  if (has(element, selectors.messageOutClass)) return 'out';
  if (has(element, selectors.messageInClass)) return 'in';
  if (has(element, selectors.messageTailOut)) return 'out';
  if (has(element, selectors.messageTailIn)) return 'in';
  if (has(element, selectors.messageTick)) return 'out';
  return 'unknown';
}

export function readMessage(element: Element): OpenChatMessage {
  const dataId = readDataId(element);
  const textElement = queryFirst(element, selectors.messageText).element;
  const prePlain = queryFirst(element, selectors.messagePrePlainText).element;
  return {
    element,
    id: dataId?.msgId ?? null,
    chatJid: dataId?.chatJid ?? null,
    participant: dataId?.participant ?? null,
    direction: messageDirection(element, dataId),
    prePlainText: prePlain?.getAttribute('data-pre-plain-text') ?? null,
    text: textElement ? plainText(textElement).trim() : '',
  };
}
