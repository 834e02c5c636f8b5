// Where the open conversation's parts are on screen, so injected UI can dock beside them without covering them.
import { queryFirst } from './query';
import { selectors } from './selectors';

export interface Box {
  top: number;
  left: number;
  width: number;
  height: number;
}

export interface ConversationLayout {
  main: Box;
  header: Box | null;
  footer: Box | null;
  /** Width of WhatsApp's own right drawer when one is open, else null (the width rule applies). */
  drawerWidth: number | null;
}

type RectOf = (el: Element) => Box;
const domRect: RectOf = (el) => {
  const r = el.getBoundingClientRect();
  return { top: r.top, left: r.left, width: r.width, height: r.height };
};
const shown = (b: Box | null) => (b && b.width > 0 && b.height > 0 ? b : null);

/** Reads #main, its header and footer and an open drawer; null when no chat is open or #main has no size. */
export function readConversationLayout(doc: Document, rectOf: RectOf = domRect): ConversationLayout | null {
  const main = queryFirst(doc, selectors.openChat).element;
  const mainBox = main ? shown(rectOf(main)) : null;
  if (!mainBox) return null;
  const box = (name: 'chatHeader' | 'chatFooter' | 'rightDrawer') => {
    const el = queryFirst(doc, selectors[name]).element;
    return el ? shown(rectOf(el)) : null;
  };
  return { main: mainBox, header: box('chatHeader'), footer: box('chatFooter'), drawerWidth: box('rightDrawer')?.width ?? null };
}

/**
 * WhatsApp's right drawer takes about 30 % of a wide window and 40 % of a narrower one (its three-column layout);
 * an open drawer's measured width wins. Clamped so a readable part of the conversation stays beside it.
 */
export function drawerWidth(layout: ConversationLayout, viewportWidth: number): number {
  const rule = viewportWidth >= 1300 ? viewportWidth * 0.3 : viewportWidth * 0.4;
  const wanted = layout.drawerWidth ?? Math.min(Math.max(rule, 300), 480);
  return Math.round(Math.max(240, Math.min(wanted, layout.main.width - 200)));
}

/**
 * The context panel's box: the right edge of the conversation, from below the header (and whatever sits under it,
 * `topAtLeast`) down to above the composer's footer, so the header icons, the composer and send stay uncovered.
 */
export function dockedPanelBox(layout: ConversationLayout, viewport: { width: number; height: number }, topAtLeast = 0): Box {
  const { main, header, footer } = layout;
  const top = Math.max(main.top, header ? header.top + header.height : main.top, topAtLeast);
  const bottom = footer ? footer.top : main.top + main.height;
  const width = drawerWidth(layout, viewport.width);
  const right = Math.min(main.left + main.width, viewport.width);
  return { top: Math.round(top), left: Math.round(right - width), width, height: Math.max(0, Math.round(bottom - top)) };
}
