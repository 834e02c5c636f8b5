import { describe, expect, it } from 'vitest';
import { dockedPanelBox, drawerWidth, readConversationLayout, type Box } from '../../../utils/whatsapp/conversation-layout';
import { loadFixture } from './fixtures';

/** Boxes by element, as a browser would measure them; the fixtures have no layout of their own. */
function measuring(boxes: Array<[string, Box]>) {
  return (doc: Document) => {
    const byEl = new Map(boxes.map(([css, b]) => [doc.querySelector(css), b] as const));
    return (el: Element): Box => byEl.get(el) ?? { top: 0, left: 0, width: 0, height: 0 };
  };
}

const MAIN: Box = { top: 0, left: 448, width: 832, height: 800 };
const HEADER: Box = { top: 0, left: 448, width: 832, height: 59 };
const FOOTER: Box = { top: 738, left: 448, width: 832, height: 62 };

describe('where the context panel docks', () => {
  it('reads #main, its header and footer from both builds, and an open drawer in 2026', () => {
    for (const fixture of ['open-chat-2024', 'open-chat-2026']) {
      const doc = loadFixture(fixture);
      const rect = measuring([
        ['#main', MAIN],
        ['#main > header', HEADER],
        ['#main > footer', FOOTER],
        ['[data-testid="drawer-right"]', { top: 59, left: 900, width: 380, height: 679 }],
      ])(doc);
      const layout = readConversationLayout(doc, rect)!;
      expect(layout.main).toEqual(MAIN);
      expect(layout.header).toEqual(HEADER);
      expect(layout.footer).toEqual(FOOTER);
      expect(layout.drawerWidth).toBe(fixture === 'open-chat-2026' ? 380 : null);
    }
  });

  it('is null with no chat open', () => {
    expect(readConversationLayout(loadFixture('chat-list-2026'), () => MAIN)).toBeNull();
  });

  it('sits at the right edge between the bar and the footer, at the drawer width rule', () => {
    const layout = { main: MAIN, header: HEADER, footer: FOOTER, drawerWidth: null };
    const box = dockedPanelBox(layout, { width: 1280, height: 800 }, 95);
    expect(box).toEqual({ top: 95, left: 1280 - 480, width: 480, height: 738 - 95 });
    // Below WhatsApp's header even when nothing sits under it.
    expect(dockedPanelBox(layout, { width: 1280, height: 800 }).top).toBe(59);
  });

  it('takes 30 % of a wide window, 40 % of a narrow one, a measured drawer first, and leaves the conversation room', () => {
    const layout = (width: number, drawer: number | null = null) => ({ main: { ...MAIN, width }, header: null, footer: null, drawerWidth: drawer });
    expect(drawerWidth(layout(1000), 1400)).toBe(420);
    expect(drawerWidth(layout(620), 1024)).toBe(410);
    expect(drawerWidth(layout(620, 350), 1024)).toBe(350);
    expect(drawerWidth(layout(400), 1024)).toBe(240);
  });
});
