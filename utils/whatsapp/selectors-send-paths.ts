// Send paths other than the composer (whatsapp-web-dom.md section 5b): the media editor, the recording bar, the
// expression panel and the forward dialog. Icons are matched by name, never by their localised labels.
import { defineSelectors } from './query';

const MEDIA = { 'media-and-stickers-2024': 1, 'media-and-stickers-2026': 1, 'forward-and-voice-2024': 0, 'forward-and-voice-2026': 0, 'open-chat-2026': 0 };
const FORWARD_ROWS = { 'forward-and-voice-2024': 3, 'forward-and-voice-2026': 3 };

export const sendPathSelectors = defineSelectors({
  attachButton: {
    alternatives: [
      // Attach icon names: plus / clip (to 2024), plus-rounded and wds-ic-plus* (2025+).
      {
        css: '#main footer [data-icon="plus"], #main footer [data-icon="clip"], #main footer [data-icon="plus-rounded"], #main footer [data-icon^="wds-ic-plus"]',
      },
      // 2026 icon without data-icon: the svg's own title.
      { css: '#main footer svg > title', text: /^(wds-ic-plus|plus|clip)/ },
    ],
    fixtures: {
      'media-and-stickers-2024': 1,
      'media-and-stickers-2026': 1,
      'composer-empty-2026': 1,
      'open-chat-2024': 1,
      'open-chat-2026': 1,
      'forward-and-voice-2026': 0,
    },
  },
  micButton: {
    alternatives: [
      // Voice-message icon names: ptt (to 2024), mic-outlined, wds-ic-mic* (2025+).
      { css: '#main footer [data-icon="ptt"], #main footer [data-icon="mic-outlined"], #main footer [data-icon^="wds-ic-mic"]' },
      // 2026 icon without data-icon.
      { css: '#main footer svg > title', text: /^(wds-ic-mic|mic|ptt)/ },
    ],
    fixtures: { 'composer-empty-2024': 1, 'composer-empty-2026': 1, 'media-and-stickers-2024': 1, 'media-and-stickers-2026': 1, 'forward-and-voice-2026': 0 },
  },
  expressionButton: {
    alternatives: [
      // Emoji-panel icon names: smiley (to 2024), emoji, wds-ic-emoji* (2025+).
      { css: '#main footer [data-icon="smiley"], #main footer [data-icon="emoji"], #main footer [data-icon^="wds-ic-emoji"]' },
      // 2026 icon without data-icon.
      { css: '#main footer svg > title', text: /^(wds-ic-emoji|emoji|smiley)/ },
    ],
    fixtures: {
      'composer-empty-2024': 1,
      'media-and-stickers-2024': 1,
      'media-and-stickers-2026': 1,
      'open-chat-2024': 1,
      'open-chat-2026': 1,
      'forward-and-voice-2026': 0,
    },
  },
  expressionPanel: {
    alternatives: [
      // The panel above the composer: a tab panel (emoji, GIF, stickers) in the conversation, outside its footer.
      { css: '#main [role="tabpanel"]' },
      // 2026 test id.
      { css: '#main [data-testid="expressions-panel"]' },
    ],
    fixtures: { 'media-and-stickers-2024': 1, 'media-and-stickers-2026': 1, 'forward-and-voice-2026': 0, 'open-chat-2026': 0 },
  },
  expressionSelectedTab: {
    alternatives: [
      // Which tab is open decides whether a click sends (GIF, sticker, avatar) or only types (emoji).
      { css: '#main [role="tablist"] [role="tab"][aria-selected="true"]' },
    ],
    fixtures: { 'media-and-stickers-2024': 1, 'media-and-stickers-2026': 1, 'open-chat-2026': 0 },
  },
  expressionItem: {
    within: 'expressionPanel',
    alternatives: [
      // Each sticker or GIF is a button in a grid cell.
      { css: '[role="gridcell"] [role="button"]' },
      // Without the grid: any button in the panel.
      { css: '[role="button"]' },
    ],
    fixtures: { 'media-and-stickers-2024': 3, 'media-and-stickers-2026': 2 },
  },
  captionEditor: {
    alternatives: [
      // The media editor's Lexical caption (2025-26): a textbox in a dialog, never in #main footer.
      { css: '#app [role="dialog"] [contenteditable="true"][role="textbox"]' },
      // Lexical's marker, in a dialog.
      { css: '#app [role="dialog"] [data-lexical-editor]' },
      // 2024: a contenteditable without role in the dialog.
      { css: '#app [role="dialog"] [contenteditable="true"]' },
    ],
    fixtures: MEDIA,
  },
  dialogSendButton: {
    alternatives: [
      // Send icon up to 2024, in a dialog (media editor, forward).
      { css: '#app [role="dialog"] [data-icon="send"]' },
      // 2025+ icon name.
      { css: '#app [role="dialog"] [data-icon="wds-ic-send-filled"]' },
      // 2026 icon without data-icon.
      { css: '#app [role="dialog"] svg > title', text: /^wds-ic-send/ },
      // 2026 test id.
      { css: '#app [role="dialog"] [data-testid="send"]' },
    ],
    fixtures: { 'media-and-stickers-2024': 1, 'media-and-stickers-2026': 1, 'forward-and-voice-2024': 1, 'forward-and-voice-2026': 1, 'open-chat-2026': 0 },
  },
  recordingBar: {
    alternatives: [
      // The running time of a voice note being recorded (2026).
      { css: '#main footer [role="timer"]' },
      // The recording bar's delete icon, by name.
      { css: '#main footer [data-icon="delete"], #main footer [data-icon^="wds-ic-delete"]' },
      // 2026 icon without data-icon.
      { css: '#main footer svg > title', text: /^(wds-ic-delete|delete)/ },
    ],
    fixtures: { 'forward-and-voice-2024': 1, 'forward-and-voice-2026': 1, 'media-and-stickers-2024': 0, 'media-and-stickers-2026': 0, 'open-chat-2026': 0 },
  },
  forwardRow: {
    alternatives: [
      // 2024: chat rows of the forward dialog as list items.
      { css: '#app [role="dialog"] [role="listitem"]' },
      // 2026: grid rows, as in the chat list.
      { css: '#app [role="dialog"] [role="row"]' },
    ],
    fixtures: { 'forward-and-voice-2024': 3, 'forward-and-voice-2026': 3, 'media-and-stickers-2024': 0, 'media-and-stickers-2026': 0 },
  },
  forwardPick: {
    within: 'forwardRow',
    alternatives: [
      // 2026: an ARIA checkbox whose aria-checked says whether the chat is picked.
      { css: '[role="checkbox"]' },
      // 2024: a native checkbox.
      { css: 'input[type="checkbox"]' },
    ],
    fixtures: FORWARD_ROWS,
  },
  forwardRowTitle: {
    within: 'forwardRow',
    alternatives: [
      // The chat's name, as in the chat list (span[dir=auto][title]).
      { css: 'span[dir="auto"][title]' },
      // Any titled span.
      { css: 'span[title]' },
    ],
    fixtures: FORWARD_ROWS,
  },
});
