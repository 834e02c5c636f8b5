// Every way a message leaves besides the composer (whatsapp-web-dom.md section 5b), read from the DOM.
import { isSendButton } from './composer';
import { closestMatch, queryAll, queryFirst } from './query';
import { selectors } from './selectors';

const BUTTON = 'button, [role="button"]';

/** How a send leaves: the composer, the media editor, the recording bar, the expression panel, the forward dialog. */
export type SendPath = 'composer' | 'media' | 'voice' | 'expression' | 'forward';

export interface SendTarget {
  readonly path: SendPath;
  /** The button that sends (click it again to replay the send). */
  readonly element: Element;
}

/** The entry points that open a send path the guard cannot always see through: attach, mic, expression panel. */
export interface EntryPoints {
  readonly attach: Element | null;
  readonly mic: Element | null;
  readonly expression: Element | null;
}

/** An icon's name: its data-icon, else the title of its svg (2026 icons carry no data-icon). */
export function iconName(element: Element): string | null {
  const own = element.getAttribute('data-icon') ?? element.querySelector('[data-icon]')?.getAttribute('data-icon');
  return own ?? element.querySelector('svg > title')?.textContent?.trim() ?? null;
}

const isEmojiTab = (tab: Element) => /emoji|smiley/.test(iconName(tab) ?? '');

function dialogSendButtons(doc: ParentNode): Element[] {
  return queryAll(doc, selectors.dialogSendButton)
    .elements.map((hit) => hit.closest(BUTTON))
    .filter((b): b is Element => b !== null);
}

// Dialog selectors are anchored at #app, so they are matched from the document and kept to the one dialog.
const rowsOf = (dialog: Element) => queryAll(dialog.ownerDocument, selectors.forwardRow).elements.filter((row) => dialog.contains(row));

/** Whether a dialog is the forward dialog (chat rows with pick boxes) rather than the media editor. */
function isForwardDialog(dialog: Element): boolean {
  return rowsOf(dialog).length > 0;
}

/** The send path a click on `target` takes, or null when the click sends nothing. Runs on every click: cheap first. */
export function sendPathOfClick(target: Element): SendTarget | null {
  const button = target.closest(BUTTON);
  if (!button) return null;
  const doc = target.ownerDocument;
  if (button.closest('#main footer') && isSendButton(target)) {
    return { path: queryFirst(doc, selectors.recordingBar).element ? 'voice' : 'composer', element: button };
  }
  const dialog = button.closest('[role="dialog"]');
  if (dialog && dialogSendButtons(doc).includes(button)) return { path: isForwardDialog(dialog) ? 'forward' : 'media', element: button };
  const panel = closestMatch(button, selectors.expressionPanel).element;
  if (panel && queryAll(panel, selectors.expressionItem).elements.includes(button)) {
    const tab = queryFirst(doc, selectors.expressionSelectedTab).element;
    // An emoji only goes into the composer; stickers, GIFs and avatars send on this one click.
    if (!tab || !isEmojiTab(tab)) return { path: 'expression', element: button };
  }
  return null;
}

/** The media editor's caption editor that contains `node` (Enter there sends the media). */
export function captionEditorContaining(node: Node | null): Element | null {
  const element = node?.nodeType === 1 ? (node as Element) : node?.parentElement;
  return element ? closestMatch(element, selectors.captionEditor).element : null;
}

/** The media editor's send button, for replaying a send held on Enter in the caption. */
export function findMediaSendButton(doc: ParentNode): Element | null {
  return dialogSendButtons(doc).find((b) => !isForwardDialog(b.closest('[role="dialog"]')!)) ?? null;
}

/** The chats picked in the forward dialog that contains `element` (their names; WhatsApp shows no JID there). */
export function readForwardPicks(element: Element): string[] {
  const dialog = element.closest('[role="dialog"]');
  if (!dialog) return [];
  return rowsOf(dialog).flatMap((row) => {
    const box = queryFirst(row, selectors.forwardPick).element;
    const picked = box?.getAttribute('aria-checked') === 'true' || (box instanceof HTMLInputElement && box.checked);
    const title = queryFirst(row, selectors.forwardRowTitle).element?.getAttribute('title');
    return picked && title ? [title] : [];
  });
}

export function findEntryPoints(doc: ParentNode): EntryPoints {
  const button = (hit: Element | null) => hit?.closest(BUTTON) ?? null;
  return {
    attach: button(queryFirst(doc, selectors.attachButton).element),
    mic: button(queryFirst(doc, selectors.micButton).element),
    expression: button(queryFirst(doc, selectors.expressionButton).element),
  };
}

/** Which entry point `target` is inside, if any. */
export function entryPointOf(target: Element): keyof EntryPoints | null {
  const button = target.closest(BUTTON);
  if (!button || !button.closest('#main footer')) return null;
  const points = findEntryPoints(target.ownerDocument);
  return (Object.keys(points) as Array<keyof EntryPoints>).find((k) => points[k] === button) ?? null;
}

/**
 * Names an element a send may have left through, for the health report when no known path explains a send:
 * where it is, its role or tag, and its icon's name (never its localised label).
 */
export function describeSendOrigin(element: Element): string {
  const button = element.closest(BUTTON) ?? element;
  const where = button.closest('[role="dialog"]') ? 'dialog' : button.closest('#main footer') ? '#main footer' : button.closest('#main') ? '#main' : 'page';
  const what = button.getAttribute('role') ?? button.tagName.toLowerCase();
  const icon = iconName(button);
  return `${where} ${what}${icon ? ` icon ${icon}` : ''}`.slice(0, 200);
}
