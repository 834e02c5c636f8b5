import { describe, expect, it } from 'vitest';
import { findChatRow, findSearchBox, isChatOpen, openChatRow, searchQueryFor, sendLinkFor, setSearchText } from '../../../utils/whatsapp/chat-opener';
import { readRowIdentity } from '../../../utils/whatsapp/read-chat-list';
import { titleKey } from '../../../utils/whatsapp/text';
import { loadFixture } from './fixtures';

const byTitle = (title: string) => ({ jid: null, titleKey: titleKey(title) });

describe('finding and opening a chat row', () => {
  it.each(['chat-list-2024', 'chat-list-2026'])('finds a rendered row by title, never a section header (%s)', (fixture) => {
    const doc = loadFixture(fixture);
    const titles = [...doc.querySelectorAll('#pane-side [role="row"], #pane-side [role="listitem"]')].flatMap((r) => readRowIdentity(r)?.title ?? []);
    expect(titles.length).toBeGreaterThan(2);
    const wanted = titles[2];
    const row = findChatRow(doc, byTitle(wanted))!;
    expect(readRowIdentity(row)?.title).toBe(wanted);
    expect(findChatRow(doc, byTitle('Nobody By This Name'))).toBeNull();
  });

  it.each(['chat-list-2024', 'chat-list-2026'])('opens a row with a mousedown on one of its cells (%s)', (fixture) => {
    const doc = loadFixture(fixture);
    const titled = [...doc.querySelectorAll('#pane-side [role="row"], #pane-side [role="listitem"]')].flatMap((r) => readRowIdentity(r)?.title ?? []);
    const row = findChatRow(doc, byTitle(titled[1]))!;
    const seen: string[] = [];
    for (const type of ['mousedown', 'click']) doc.addEventListener(type, (e) => seen.push(`${type}:${row.contains(e.target as Node) && e.target !== row}`));
    openChatRow(row);
    // WhatsApp opens on mousedown, inside the row (a cell), not on the positioned row itself.
    expect(seen).toEqual(['mousedown:true', 'click:true']);
  });

  it('knows which chat #main shows, by JID when the page gives one, else by title', () => {
    const doc = loadFixture('open-chat-2024');
    const title = doc.querySelector('#main header span[title]')!.getAttribute('title')!;
    expect(isChatOpen(doc, byTitle(title))).toBe(true);
    expect(isChatOpen(doc, byTitle('Someone Else'))).toBe(false);
    expect(isChatOpen(loadFixture('chat-list-2026'), byTitle(title))).toBe(false);
  });
});

describe('the chat search', () => {
  it.each([
    ['chat-list-2024', 'DIV'],
    ['chat-list-2026', 'INPUT'],
    ['open-chat-2026', 'INPUT'],
  ])('finds the search box in the left column, not the composer (%s)', (fixture, tag) => {
    const box = findSearchBox(loadFixture(fixture))!;
    expect(box.tagName).toBe(tag);
    expect(box.closest('#side')).not.toBeNull();
  });

  it('types into the 2026 <input> so that input listeners hear it, and clears it again', () => {
    const doc = loadFixture('chat-list-2026');
    const box = findSearchBox(doc) as HTMLInputElement;
    const heard: string[] = [];
    box.addEventListener('input', () => heard.push(box.value));
    setSearchText(box, 'Cliente 0450');
    expect(box.value).toBe('Cliente 0450');
    setSearchText(box, '');
    expect(box.value).toBe('');
    expect(heard).toEqual(['Cliente 0450', '']);
  });

  it('types into the 2024 contenteditable search box', () => {
    const doc = loadFixture('chat-list-2024');
    const box = findSearchBox(doc)!;
    let heard = 0;
    box.addEventListener('input', () => heard++);
    setSearchText(box, 'Marco');
    expect(box.textContent).toBe('Marco');
    expect(heard).toBe(1);
  });

  it('searches a phone-number title by its digits and a name without direction marks', () => {
    expect(searchQueryFor('\u202A+39 333 123 4567\u202C')).toBe('393331234567');
    expect(searchQueryFor('  Ana Pérez ')).toBe('Ana Pérez');
    expect(searchQueryFor('Gruppo 0017')).toBe('Gruppo 0017');
  });
});

describe("the number's send link", () => {
  it("is WhatsApp Web's click-to-chat address with the digits only; nothing for a non-number", () => {
    expect(sendLinkFor('+39 347 000-1111')).toBe('https://web.whatsapp.com/send?phone=393470001111');
    expect(sendLinkFor('12')).toBeNull();
    expect(sendLinkFor('')).toBeNull();
  });
});
