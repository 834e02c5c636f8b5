// Composer hooks (whatsapp-web-dom.md section 5). The send button exists only while the editor has text.
import { defineSelectors } from './query';

export const composerSelectors = defineSelectors({
  composer: {
    alternatives: [
      // The Lexical editor in #main's footer (2023-26); the scope skips the 2024 contenteditable search box.
      { css: '#main footer [contenteditable="true"][role="textbox"]' },
      // Lexical's own marker (2023-26, IT catalogue).
      { css: '#main footer [data-lexical-editor]' },
      // Compose-box tab order, observed 2023-26 (demiwarm).
      { css: '#main footer [data-tab="10"]' },
    ],
    fixtures: {
      'open-chat-2024': 1,
      'open-chat-2026': 1,
      'composer-empty-2024': 1,
      'composer-empty-2026': 1,
      'chat-list-2024': 0,
      'media-and-stickers-2024': 1,
      'media-and-stickers-2026': 1,
      'forward-and-voice-2026': 0,
    },
  },
  sendButton: {
    alternatives: [
      // Send icon up to 2024; the reader takes its closest button. No aria-label: it is localised.
      { css: '#main footer [data-icon="send"]' },
      // Send icon, 2025+ name.
      { css: '#main footer [data-icon="wds-ic-send-filled"]' },
      // 2026 icon without data-icon.
      { css: '#main footer svg > title', text: /^wds-ic-send/ },
      // 2026 test ids (2026-09 tests). Structural fallback in composer.ts: the footer's last button while text exists.
      { css: '#main footer [data-testid="send"], #main footer [data-testid="compose-btn-send"]' },
    ],
    fixtures: {
      'open-chat-2024': 1,
      'open-chat-2026': 1,
      'composer-empty-2024': 0,
      'composer-empty-2026': 0,
      'media-and-stickers-2026': 0,
      'forward-and-voice-2024': 1,
      'forward-and-voice-2026': 1,
    },
  },
});
