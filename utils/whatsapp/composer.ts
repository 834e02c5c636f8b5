// The composer (a Lexical editor in #main footer) and its send button, which exists only while there is text.
import { closestMatch, queryFirst, type Hit } from './query';
import { selectors } from './selectors';
import { plainText } from './text';

const BUTTON = 'button, [role="button"]';
/** `via` reported when the send button was found by position only. */
export const SEND_BUTTON_STRUCTURAL = 'structural: last button in #main footer while the editor has text';

/** The composer editor (listen to it in the capture phase; Lexical ignores innerHTML writes). */
export function findComposer(root: ParentNode): Hit {
  return queryFirst(root, selectors.composer);
}

/** The composer editor that contains `node` (an event target), found by walking up rather than searching the page. */
export function composerContaining(node: Node | null): Element | null {
  const element = node?.nodeType === 1 ? (node as Element) : node?.parentElement;
  return element ? closestMatch(element, selectors.composer).element : null;
}

/** The editor's text, one line per Lexical paragraph. */
export function composerText(editor: Element): string {
  const paragraphs = Array.from(editor.querySelectorAll('p'));
  if (paragraphs.length === 0) return plainText(editor);
  // Lexical ends an empty (or line-break-terminated) paragraph with a caret placeholder <br>.
  return paragraphs.map((paragraph) => plainText(paragraph).replace(/\n$/, '')).join('\n');
}

/** Whether the editor holds no text. It runs on every keystroke: one textContent read when there is text. */
export function composerIsBlank(editor: Element): boolean {
  // An svg's own text (an icon's title) is not message text: only then is the full read needed to say "not blank".
  if (/\S/.test(editor.textContent ?? '') && !editor.querySelector('svg')) return false;
  return composerText(editor).trim() === '';
}

export function composerHasText(root: ParentNode): boolean {
  const editor = findComposer(root).element;
  return editor !== null && !composerIsBlank(editor);
}

// The footer's last button is send while there is text (mic otherwise): a fallback when every icon hook is gone.
function lastFooterButton(editor: Element): Element | null {
  const footer = editor.closest('footer');
  const buttons = footer ? Array.from(footer.querySelectorAll(BUTTON)) : [];
  return buttons.at(-1) ?? null;
}

/** The send button, re-found on every call (it is re-created whenever text appears). */
export function findSendButton(root: ParentNode): Hit {
  const hit = queryFirst(root, selectors.sendButton);
  const button = hit.element?.closest(BUTTON) ?? null;
  if (button) return { element: button, via: hit.via };
  const editor = findComposer(root).element;
  if (!editor || composerText(editor).trim() === '') return { element: null, via: null };
  const fallback = lastFooterButton(editor);
  return fallback ? { element: fallback, via: SEND_BUTTON_STRUCTURAL } : { element: null, via: null };
}

/** True when a click target (the button, its icon, an svg path…) is inside the send button. */
export function isSendButton(target: Element): boolean {
  const button = target.closest(BUTTON);
  return button !== null && findSendButton(target.ownerDocument).element === button;
}
