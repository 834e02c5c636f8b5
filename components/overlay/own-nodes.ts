/** Marks the element a row badge's shadow root hangs from, inside a WhatsApp chat row. */
export const ROW_BADGE_HOST_ATTR = 'data-inbox-host';

/** Whether `node` is one of the extension's own hosts (row badges, header bar, floating overlays), not WhatsApp's. */
export function isOwnNode(node: Node): boolean {
  return node instanceof Element && (node.tagName.startsWith('INBOX-') || node.hasAttribute(ROW_BADGE_HOST_ATTR));
}
