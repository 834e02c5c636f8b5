import { describe, expect, it } from 'vitest';
import {
  findRowElement,
  readChatRows,
  listRowElements,
  readRow,
  rowHasActivitySignal,
  rowsIn,
  rowsWithActivitySignal,
  withActivitySignal,
  type ChatRow,
} from '../../../utils/whatsapp/read-chat-list';
import { loadFixture } from './fixtures';

const XSS_IMG = '<img src=x onerror=alert(1)>';
const XSS_SCRIPT = '"><script>alert(1)</script>';

function summary(row: ChatRow) {
  const { element: _element, ...rest } = row;
  return rest;
}

function rowByTitle(doc: Document, title: string): ChatRow {
  const row = readChatRows(doc).find((candidate) => candidate.title === title);
  if (!row) throw new Error(`no row titled ${title}`);
  return row;
}

describe('readChatRows, 2024 rows (div[role=listitem] > div[role=row], data-icon, English)', () => {
  const doc = loadFixture('chat-list-2024');
  const rows = readChatRows(doc);

  it('reads every positioned row once, not its inner [role=row]', () => {
    expect(rows.map((row) => row.element.getAttribute('role'))).toEqual(Array(5).fill('listitem'));
  });

  it('reads each field', () => {
    expect(rows.map(summary)).toEqual([
      {
        title: 'Anna Neri',
        titleKey: 'anna neri',
        unreadCount: 2,
        markedUnread: false,
        timeLabel: '16:35',
        lastMessageOurs: false,
        isGroup: false,
        selected: false,
        jid: null,
      },
      {
        title: 'Weekend Hikers',
        titleKey: 'weekend hikers',
        unreadCount: 5,
        markedUnread: false,
        timeLabel: 'Yesterday',
        lastMessageOurs: false,
        isGroup: true,
        selected: false,
        jid: null,
      },
      {
        title: XSS_IMG,
        titleKey: XSS_IMG,
        unreadCount: null,
        markedUnread: false,
        timeLabel: '16:02',
        lastMessageOurs: true,
        isGroup: false,
        selected: true,
        jid: null,
      },
      {
        title: '+1 (555) 010-9999',
        titleKey: '15550109999',
        unreadCount: null,
        markedUnread: false,
        timeLabel: 'Monday',
        lastMessageOurs: false,
        isGroup: false,
        selected: false,
        jid: null,
      },
      {
        title: 'Bruno Costa',
        titleKey: 'bruno costa',
        unreadCount: null,
        markedUnread: false,
        timeLabel: '07/08/2024',
        lastMessageOurs: false,
        isGroup: false,
        selected: false,
        jid: null,
      },
    ]);
  });

  it('does not take a photo preview icon (status-image) for a delivery tick', () => {
    expect(rowByTitle(doc, 'Bruno Costa').lastMessageOurs).toBe(false);
  });
});

describe('readChatRows, 2026 rows (role=row, gridcells, svg titles, Italian)', () => {
  const doc = loadFixture('chat-list-2026');
  const rows = readChatRows(doc);

  it('skips the search section header and the "message yourself" row', () => {
    expect(doc.querySelectorAll('#pane-side [role="row"]')).toHaveLength(8);
    expect(rows.map((row) => row.title)).toEqual(['Giulia Bianchi', 'Squadra Vendite \u{1F680}', XSS_IMG, 'Luca Verdi', '+39 333 123 4567', XSS_SCRIPT]);
  });

  it('reads the title attribute, not the title container whose text includes the badge (2026-09 trap)', () => {
    const row = rowByTitle(doc, 'Giulia Bianchi');
    expect(row.element.querySelector('[data-testid="cell-frame-title"]')?.textContent).toMatch(/Giulia Bianchi\s*3/);
    expect(row).toMatchObject({ unreadCount: 3, timeLabel: '16:35', lastMessageOurs: false, isGroup: false });
  });

  it('reads localised badges by their number and a number-less dot as marked unread', () => {
    expect(rowByTitle(doc, 'Squadra Vendite \u{1F680}')).toMatchObject({ unreadCount: 12, markedUnread: false, isGroup: true });
    expect(rowByTitle(doc, '+39 333 123 4567')).toMatchObject({ unreadCount: 1, titleKey: '393331234567', timeLabel: 'lunedì' });
    expect(rowByTitle(doc, 'Luca Verdi')).toMatchObject({ unreadCount: null, markedUnread: true, timeLabel: 'ieri' });
  });

  it('strips direction marks from phone-number titles', () => {
    const span = rowByTitle(doc, '+39 333 123 4567').element.querySelector('span[title]');
    expect(span?.getAttribute('title')).toBe('\u202A+39 333 123 4567\u202C');
  });

  it('detects our last message from wds-ic svg titles and the selected row from aria-selected', () => {
    expect(rows.filter((row) => row.lastMessageOurs).map((row) => row.title)).toEqual([XSS_IMG, XSS_SCRIPT]);
    expect(rows.filter((row) => row.selected).map((row) => row.title)).toEqual([XSS_IMG]);
  });

  it('reads names with HTML payloads as plain text and creates no elements from them', () => {
    expect(doc.querySelectorAll('img[onerror], script')).toHaveLength(0);
    expect(rowByTitle(doc, XSS_SCRIPT).titleKey).toBe(XSS_SCRIPT);
  });

  it('accepts #pane-side as the root', () => {
    expect(readChatRows(doc.querySelector('#pane-side')!)).toHaveLength(6);
  });
});

describe('findRowElement and readRow', () => {
  it('goes from a deep descendant (text node, svg title) up to the positioned row, in both generations', () => {
    const old = loadFixture('chat-list-2024');
    const previewText = old.querySelector('span[title="Can you send me the invoice?"] span')!.firstChild!;
    expect(findRowElement(previewText)?.getAttribute('role')).toBe('listitem');
    const modern = loadFixture('chat-list-2026');
    const tick = modern.querySelector('[title="Perfetto, grazie"] svg > title')!;
    expect(findRowElement(tick)?.getAttribute('data-testid')).toBe('list-item-4');
    expect(findRowElement(modern.querySelector('#pane-side')!)).toBeNull();
  });

  it('ignores message rows in #main', () => {
    const doc = loadFixture('open-chat-2026');
    expect(findRowElement(doc.querySelector('#main [data-id]')!)).toBeNull();
  });

  it('re-reads a row node whose content was swapped to another chat (nothing cached on the node)', () => {
    const doc = loadFixture('chat-list-2026');
    const [first, second] = doc.querySelectorAll('#pane-side [role="row"]:nth-child(n+3)');
    expect(readRow(first!)?.title).toBe('Giulia Bianchi');
    first!.innerHTML = second!.innerHTML;
    expect(readRow(first!)).toMatchObject({ element: first, title: 'Squadra Vendite \u{1F680}', unreadCount: 12, isGroup: true });
  });

  it('re-reads a badge that changed in place', () => {
    const doc = loadFixture('chat-list-2026');
    const row = findRowElement(doc.querySelector('[title="Giulia Bianchi"]')!)!;
    row.querySelector('[data-testid="icon-unread-count"]')!.remove();
    expect(readRow(row)).toMatchObject({ unreadCount: null, markedUnread: false });
  });

  it('reads a JID when a data-id attribute exposes one', () => {
    const doc = loadFixture('chat-list-2026');
    const row = findRowElement(doc.querySelector('[title="Luca Verdi"]')!)!;
    row.setAttribute('data-id', '393331234567@c.us');
    expect(readRow(row)?.jid).toBe('393331234567@c.us');
    row.setAttribute('data-id', '120363020803854156@g.us');
    expect(readRow(row)).toMatchObject({ jid: '120363020803854156@g.us', isGroup: true });
  });

  it('finds a marked-unread dot without a test id, in the badge gridcell', () => {
    const doc = loadFixture('chat-list-2026');
    doc.querySelectorAll('[data-testid]').forEach((element) => element.removeAttribute('data-testid'));
    expect(rowByTitle(doc, 'Luca Verdi')).toMatchObject({ unreadCount: null, markedUnread: true, timeLabel: 'ieri' });
    expect(rowByTitle(doc, 'Giulia Bianchi')).toMatchObject({ unreadCount: 3, timeLabel: '16:35' });
  });

  it('reads a badge in another script and language', () => {
    const doc = loadFixture('chat-list-2026');
    const badge = doc.querySelector('[aria-label="3 messaggi non letti"]')!;
    badge.setAttribute('aria-label', '٣ رسائل غير مقروءة');
    badge.textContent = '٣';
    expect(rowByTitle(doc, 'Giulia Bianchi').unreadCount).toBe(3);
  });
});

describe('rowHasActivitySignal: the cheap check before a full read', () => {
  it.each(['chat-list-2024', 'chat-list-2026'])('%s: true exactly for rows with an unread count (or dot) or our tick', (fixture) => {
    const rows = readChatRows(loadFixture(fixture));
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) expect(rowHasActivitySignal(row.element)).toBe(row.unreadCount !== null || row.markedUnread || row.lastMessageOurs);
  });

  it("a read row whose newest message is the customer's has none", () => {
    expect(readChatRows(loadFixture('chat-list-2024')).filter((row) => !rowHasActivitySignal(row.element)).length).toBeGreaterThan(0);
  });

  it.each(['chat-list-2024', 'chat-list-2026'])('%s: the list-wide query picks exactly the rows the per-row check picks', (fixture) => {
    const doc = loadFixture(fixture);
    const rows = readChatRows(doc);
    const picked = rowsWithActivitySignal(doc);
    expect(picked.size).toBeGreaterThan(0);
    for (const row of rows) expect(picked.has(row.element)).toBe(rowHasActivitySignal(row.element));
    expect([...picked].every((el) => rows.some((row) => row.element === el))).toBe(true);
  });
});

describe('withActivitySignal: the changed rows worth a full read', () => {
  it.each(['chat-list-2024', 'chat-list-2026'])('%s: row by row for a few, one list-wide query for many, the same rows either way', (fixture) => {
    const doc = loadFixture(fixture);
    const rows = listRowElements(doc);
    const expected = rows.filter(rowHasActivitySignal);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(rows.length);
    const list = doc.querySelector('#pane-side');
    expect(withActivitySignal(rows, list)).toEqual(expected);
    expect(withActivitySignal(rows, list, 0)).toEqual(expected);
    // A row the page took out since it changed is not read, whichever way.
    const gone = expected[0];
    gone.remove();
    expect(withActivitySignal(rows, list)).toEqual(expected.slice(1));
    expect(withActivitySignal(rows, list, 0)).toEqual(expected.slice(1));
  });
});

describe('rowsIn: the rows an inserted node brings into the list', () => {
  it.each(['chat-list-2024', 'chat-list-2026'])('%s: a row is itself, a container gives its rows, a text node none', (fixture) => {
    const doc = loadFixture(fixture);
    const rows = readChatRows(doc).map((row) => row.element);
    expect(rowsIn(rows[1])).toEqual([rows[1]]);
    expect(rowsIn(rows[1].firstElementChild!)).toEqual([rows[1]]);
    const pane = doc.querySelector('#pane-side')!;
    expect(rowsIn(pane).filter((el) => rows.includes(el))).toEqual(rows);
    expect(rowsIn(doc.createTextNode('x'))).toEqual([]);
  });
});
