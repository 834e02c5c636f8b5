import { normaliseTitle } from '../schemas/chat-key';
// Text helpers for strings read from WhatsApp's DOM. Pure: no DOM globals, no locale assumptions.

// Bidi controls WhatsApp wraps around names and phone numbers (U+202A..U+202E, U+200E/F, isolates U+2066..U+2069).
const DIRECTION_MARKS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const DECIMAL_DIGIT = /\p{Nd}/u;
const DIGIT_RUN = /\p{Nd}+/u;

/** Removes direction marks and trims. */
export function cleanTitle(raw: string): string {
  return raw.replace(DIRECTION_MARKS, '').trim();
}

/** The same key the server stores for the chat, so a row and its conversation always match. */
export function titleKey(raw: string): string {
  return normaliseTitle(cleanTitle(raw));
}

// Any script's decimal digit: Unicode keeps each set 0..9 contiguous, so its value is its offset from the run start.
function digitValue(char: string): number {
  let codePoint = char.codePointAt(0) ?? 0;
  let offset = 0;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(codePoint - 1))) {
    codePoint -= 1;
    offset += 1;
  }
  return offset % 10;
}

/** The first integer in a string, in any script ("3 messaggi non letti", "٣ رسائل"), or null. */
export function firstInteger(text: string | null | undefined): number | null {
  const run = DIGIT_RUN.exec(text ?? '');
  if (!run) return null;
  return [...run[0]].reduce((total, char) => total * 10 + digitValue(char), 0);
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** Visible text of a subtree: text nodes plus emoji <img alt>, <br> as a newline; icon <svg> titles are skipped. */
export function plainText(node: Node): string {
  let out = '';
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === TEXT_NODE) out += child.nodeValue ?? '';
    if (child.nodeType !== ELEMENT_NODE) continue;
    const element = child as Element;
    const tag = element.localName;
    if (tag === 'img') out += element.getAttribute('alt') ?? '';
    else if (tag === 'br') out += '\n';
    else if (tag !== 'svg') out += plainText(element);
  }
  return out;
}
