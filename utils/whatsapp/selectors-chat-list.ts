// Chat-list hooks (whatsapp-web-dom.md sections 1-2). Semantic hooks first; data-testid / data-icon only accelerate.
import { defineSelectors } from './query';

/** Delivery-tick icon names as <svg><title> (2026 drops data-icon; the WA modules register status-dblcheck too). */
export const TICK_ICON_TITLE = /^(wds-ic-(read|delivered|sent|pending)|(status|msg)-(dblcheck|check|time))\b/;

export const chatListSelectors = defineSelectors({
  app: {
    alternatives: [
      // The React root; stable 2019-2026 in every source.
      { css: '#app' },
    ],
    fixtures: { 'chat-list-2024': 1, 'chat-list-2026': 1, 'open-chat-2024': 1, 'open-chat-2026': 1, 'composer-empty-2024': 1, 'composer-empty-2026': 1 },
  },
  chatList: {
    alternatives: [
      // The chat list's scroll container; stable 2019-2026 (incognito, privacy-ext, wap, IT catalogue).
      { css: '#pane-side' },
      // ARIA grid in the left column, should the id ever go.
      { css: '#side [role="grid"]' },
      // FlatList wrapper test id (2022, back in 2026).
      { css: '[data-testid="chat-list"]' },
    ],
    fixtures: { 'chat-list-2024': 1, 'chat-list-2026': 1, 'open-chat-2024': 1, 'open-chat-2026': 1, 'composer-empty-2024': 0, 'composer-empty-2026': 0 },
  },
  chatRow: {
    alternatives: [
      // 2.24xx-2.3000 (2024-25): the positioned row is a listitem (its inner [role=row] must not count twice).
      { css: '#pane-side [role="listitem"]' },
      // Late 2025-2026: the positioned row is [role=row] (wap 2025-12, IT catalogue 2026-07, WA modules).
      { css: '#pane-side [role="row"]' },
    ],
    fixtures: { 'chat-list-2024': 5, 'chat-list-2026': 8, 'open-chat-2024': 2, 'open-chat-2026': 2, 'composer-empty-2024': 0 },
  },
  specialRow: {
    within: 'chatRow',
    alternatives: [
      // "Message yourself" (2026, IT catalogue); such rows are also skipped for having no title cell.
      { css: '[data-testid="message-yourself-row"]' },
    ],
    fixtures: { 'chat-list-2024': 0, 'chat-list-2026': 1 },
  },
  rowTitle: {
    within: 'chatRow',
    alternatives: [
      // 2.3000-2026 title gridcell; scoped because the preview span has a title too (ZapLite: 139 for 69 rows).
      { css: '[role="gridcell"][aria-colindex="2"] span[title]' },
      // cell-frame-title test id (2022, 2026).
      { css: '[data-testid="cell-frame-title"] span[title]' },
      // 2.24xx rows without gridcells: the name is the row's first span[dir=auto][title] (Kraya, wap).
      { css: 'span[dir="auto"][title]' },
    ],
    fixtures: { 'chat-list-2024': 5, 'chat-list-2026': 6, 'open-chat-2024': 2, 'open-chat-2026': 2 },
  },
  rowTime: {
    within: 'chatRow',
    alternatives: [
      // 2.3000-2026: the title gridcell holds the title block, then the time block (WAWebCellFrame).
      { css: '[role="gridcell"][aria-colindex="2"] > :nth-child(2)' },
      // cell-frame-primary-detail test id (2022, 2026).
      { css: '[data-testid="cell-frame-primary-detail"]' },
      // 2.24xx: the block right after the one holding the name.
      { css: ':has(> span[dir="auto"][title]) + *' },
    ],
    fixtures: { 'chat-list-2024': 5, 'chat-list-2026': 6, 'open-chat-2024': 2, 'open-chat-2026': 2 },
  },
  rowUnreadBadge: {
    within: 'chatRow',
    alternatives: [
      // Any build: a labelled span whose text is the count, wherever it sits (2026-09: inside the title container).
      { css: 'span[aria-label]:not([title])', text: /^\p{Nd}+$/u },
      // icon-unread-count test id (2022, 2026); also carries the number-less "marked as unread" dot.
      { css: '[data-testid="icon-unread-count"]' },
      // Number-less dot in the badge gridcell without a test id (unconfirmed shape).
      { css: '[role="gridcell"][aria-colindex="1"] span[aria-label]:empty' },
    ],
    fixtures: { 'chat-list-2024': 2, 'chat-list-2026': 4, 'open-chat-2024': 1, 'open-chat-2026': 1 },
  },
  rowOwnTick: {
    within: 'chatRow',
    alternatives: [
      // 2022-24 row ticks (comet_web); exact families, since photo previews use data-icon="status-image".
      { css: '[data-icon^="status-dblcheck"], [data-icon^="status-check"], [data-icon^="status-time"]' },
      // Message tick names, in case a preview reuses them.
      { css: '[data-icon^="msg-dblcheck"], [data-icon^="msg-check"], [data-icon^="msg-time"]' },
      // 2026: no data-icon, the tick only as <svg><title>wds-ic-read|delivered</title> (IT catalogue).
      { css: 'svg > title', text: TICK_ICON_TITLE },
    ],
    fixtures: { 'chat-list-2024': 1, 'chat-list-2026': 2, 'open-chat-2024': 1, 'open-chat-2026': 1 },
  },
  rowGroupMarker: {
    within: 'chatRow',
    alternatives: [
      // Placeholder group avatar, 2022-24 (comet_web, Kraya).
      { css: '[data-icon^="default-group"]' },
      // 2025-26 placeholder avatar as <svg><title>default-group-refreshed</title>.
      { css: 'svg > title', text: /^default-group/ },
      // Group preview: an author block inside the preview span (WAWebCellFrame, Kraya "2.3").
      { css: 'span[title] div > span[dir="auto"]' },
    ],
    fixtures: { 'chat-list-2024': 1, 'chat-list-2026': 1, 'open-chat-2024': 0, 'open-chat-2026': 1 },
  },
  rowSelected: {
    within: 'chatRow',
    alternatives: [
      // The open chat's row: aria-selected on the row or its inner div[tabindex=-1] (Kraya, ZapLite).
      { css: '[aria-selected="true"]' },
    ],
    fixtures: { 'chat-list-2024': 1, 'chat-list-2026': 1, 'open-chat-2024': 1, 'open-chat-2026': 1 },
  },
  rowJid: {
    within: 'chatRow',
    alternatives: [
      // No known build puts the JID on rows (ZapLite reads the React key); read it if a data-id ever appears.
      { css: '[data-id]' },
    ],
    fixtures: { 'chat-list-2024': 0, 'chat-list-2026': 0 },
  },
});
