// Open-conversation hooks (whatsapp-web-dom.md sections 3-4). Labels are localised: only structure and icon names.
import { defineSelectors } from './query';
import { TICK_ICON_TITLE } from './selectors-chat-list';

const OPEN = { 'open-chat-2024': 1, 'open-chat-2026': 1, 'composer-empty-2024': 1, 'composer-empty-2026': 1 };

export const openChatSelectors = defineSelectors({
  openChat: {
    alternatives: [
      // The conversation column; exists only while a chat is open and may be replaced on every switch.
      { css: '#main' },
    ],
    fixtures: { ...OPEN, 'chat-list-2024': 0, 'chat-list-2026': 0 },
  },
  chatHeader: {
    alternatives: [
      // The conversation header is #main's first header child; drawers add their own headers deeper (2026-09 tests).
      { css: '#main > header' },
      // 2026 test id, should the header get wrapped.
      { css: '#main header[data-testid="conversation-header"]' },
    ],
    fixtures: { ...OPEN, 'chat-list-2024': 0 },
  },
  chatFooter: {
    alternatives: [
      // The composer's footer, #main's last child (2019-2026, every source).
      { css: '#main > footer' },
      // Should it get wrapped.
      { css: '#main footer' },
    ],
    fixtures: { ...OPEN, 'chat-list-2024': 0, 'chat-list-2026': 0 },
  },
  rightDrawer: {
    alternatives: [
      // Contact / group info drawer, 2026 test id (IT catalogue); older builds: no stable hook, the width rule applies.
      { css: '[data-testid="drawer-right"]' },
    ],
    fixtures: { 'open-chat-2026': 1, 'open-chat-2024': 0, 'chat-list-2026': 0 },
  },
  chatHeaderTitle: {
    within: 'chatHeader',
    alternatives: [
      // 2024-26: the name is the header's first span[dir=auto]; the title attribute is optional in 2026 (whatsapp2pipe).
      { css: 'span[dir="auto"]' },
      // 2026 test id.
      { css: '[data-testid="conversation-info-header-chat-title"]' },
    ],
    fixtures: OPEN,
  },
  chatHeaderGroupMarker: {
    within: 'chatHeader',
    alternatives: [
      // Placeholder group avatar, 2022-24.
      { css: '[data-icon^="default-group"]' },
      // 2025-26 placeholder avatar as an svg title.
      { css: 'svg > title', text: /^default-group/ },
    ],
    fixtures: { 'open-chat-2024': 0, 'open-chat-2026': 1, 'composer-empty-2026': 0 },
  },
  messageList: {
    alternatives: [
      // The conversation scroller, 2024-26 (many extensions).
      { css: '[data-scrolltracepolicy="wa.web.conversation.messages"]' },
      // The message list's HotKeys div (data-tab 8 observed).
      { css: '#main [role="application"]' },
      // Test id (2022, 2026 WA modules).
      { css: '[data-testid="conversation-panel-messages"]' },
    ],
    fixtures: { ...OPEN, 'chat-list-2024': 0 },
  },
  message: {
    alternatives: [
      // Each message is a [role=row] holding one [data-id] node (2.3000-2026); date separators have none.
      { css: '#main [role="row"] [data-id]' },
      // 2026 test id on the same node; msg-container is nested inside and must not be added (IT catalogue).
      { css: '#main [data-testid^="conv-msg-"]' },
      // data-id moved up to the row itself (incognito 2026-04 reads it from an ancestor).
      { css: '#main [data-id]' },
    ],
    fixtures: { 'open-chat-2024': 4, 'open-chat-2026': 5, 'composer-empty-2024': 1, 'composer-empty-2026': 1, 'chat-list-2026': 0 },
  },
  messageOutClass: {
    within: 'message',
    alternatives: [
      // Own-message class, 2018-2025; gone in 2026 (incognito 2026-06, IT catalogue).
      { css: '.message-out' },
    ],
    fixtures: { 'open-chat-2024': 2, 'open-chat-2026': 0 },
  },
  messageInClass: {
    within: 'message',
    alternatives: [
      // Incoming-message class, 2018-2025; gone in 2026.
      { css: '.message-in' },
    ],
    fixtures: { 'open-chat-2024': 2, 'open-chat-2026': 0, 'composer-empty-2024': 1 },
  },
  messageTailOut: {
    within: 'message',
    alternatives: [
      // Bubble tail of the first own message in a block (2022-26).
      { css: '[data-icon^="tail-out"]' },
      // The same icon without data-icon.
      { css: 'svg > title', text: /^tail-out/ },
    ],
    fixtures: { 'open-chat-2024': 1, 'open-chat-2026': 1 },
  },
  messageTailIn: {
    within: 'message',
    alternatives: [
      // Bubble tail of the first incoming message in a block (2022-26).
      { css: '[data-icon^="tail-in"]' },
      // The same icon without data-icon.
      { css: 'svg > title', text: /^tail-in/ },
    ],
    fixtures: { 'open-chat-2024': 1, 'open-chat-2026': 1, 'composer-empty-2024': 1, 'composer-empty-2026': 0 },
  },
  messageTick: {
    within: 'message',
    alternatives: [
      // Delivery ticks, which only own messages have (2022-25: msg-time / msg-check / msg-dblcheck).
      { css: '[data-icon^="msg-dblcheck"], [data-icon^="msg-check"], [data-icon^="msg-time"]' },
      // 2026: no data-icon; the tick name survives as an svg title (its aria-label is localised).
      { css: 'svg > title', text: TICK_ICON_TITLE },
    ],
    fixtures: { 'open-chat-2024': 2, 'open-chat-2026': 3, 'composer-empty-2024': 0, 'composer-empty-2026': 0 },
  },
  messagePrePlainText: {
    within: 'message',
    alternatives: [
      // "[time, date] sender: " in the UI locale; text messages only (DOM guide 2024, IT catalogue 17/35).
      { css: '[data-pre-plain-text]' },
    ],
    fixtures: { 'open-chat-2024': 3, 'open-chat-2026': 5, 'composer-empty-2024': 1, 'composer-empty-2026': 1 },
  },
  messageText: {
    within: 'message',
    alternatives: [
      // The message body's text span, skipping quoted replies (2.3000-2026).
      { css: '[data-pre-plain-text] .selectable-text' },
      // Any selectable text span in the bubble (captions).
      { css: '.selectable-text' },
    ],
    fixtures: { 'open-chat-2024': 3, 'open-chat-2026': 5, 'composer-empty-2024': 1, 'composer-empty-2026': 1 },
  },
});
