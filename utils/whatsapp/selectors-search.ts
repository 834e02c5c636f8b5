// Hooks for opening a chat the way a person does: its row, or WhatsApp's own chat search (whatsapp-web-dom.md 1-2).
import { defineSelectors } from './query';

export const searchSelectors = defineSelectors({
  searchBox: {
    alternatives: [
      // The left column's search field: role textbox with data-tab 3, an <input> in 2026, a contenteditable before.
      { css: '#side [role="textbox"][data-tab="3"]' },
      // 2026 without the tab order: the only text input in the left column.
      { css: '#side input[type="text"]' },
      // 2023-24 without the tab order: a contenteditable textbox in the left column (the composer lives in #main).
      { css: '#side [contenteditable="true"][role="textbox"]' },
    ],
    fixtures: { 'chat-list-2024': 1, 'chat-list-2026': 1, 'open-chat-2024': 1, 'open-chat-2026': 1, 'composer-empty-2026': 0 },
  },
  rowOpenTarget: {
    within: 'chatRow',
    alternatives: [
      // A chat opens on mousedown on a gridcell (choreograph: the row itself did nothing; WAWebChatlistItem mouseDownAsClick).
      { css: '[role="gridcell"]' },
      // The cell frame (2022 test id, back in 2026).
      { css: '[data-testid="cell-frame-container"]' },
      // 2.24xx: the inner div[tabindex=-1][aria-selected] that the positioned listitem wraps.
      { css: '[tabindex="-1"][aria-selected]' },
    ],
    // The 2026 list's section-header row has no cell: it is never a target.
    fixtures: { 'chat-list-2024': 5, 'chat-list-2026': 13, 'open-chat-2024': 4, 'open-chat-2026': 4 },
  },
});
