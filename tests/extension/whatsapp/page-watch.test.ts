import { afterEach, describe, expect, it } from 'vitest';
import { isInComposerFooter, isInOpenChat, openChatElement, watchPage, type PageWatch } from '../../../utils/whatsapp/page-watch';
import { fixtureHtml } from './fixtures';

/** MutationObserver callbacks run as microtasks after the change; a macrotask later they have all run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const show = (fixture: string) => {
  document.body.innerHTML = new DOMParser().parseFromString(fixtureHtml(fixture), 'text/html').body.innerHTML;
};

describe('watchPage: one observer of the app and one of the chat list, shared by every overlay', () => {
  let page: PageWatch | null = null;
  afterEach(() => page?.stop());

  it.each(['chat-list-2024', 'chat-list-2026'])('%s: the pane now and when replaced, and every change inside it, to each subscriber', async (fixture) => {
    show(fixture);
    page = watchPage(document);
    const panes: Array<Element | null> = [];
    const changed: Node[][] = [[], []];
    let appChanges = 0;
    page.onAppChange(() => appChanges++);
    for (const i of [0, 1]) page.onChatList({ pane: (p) => i === 0 && panes.push(p), records: (rs) => changed[i].push(...rs.map((r) => r.target)) });
    const pane = document.getElementById('pane-side')!;
    expect(panes).toEqual([pane]);

    const title = pane.querySelector('span[title]')!;
    title.setAttribute('title', 'Renamed');
    await settle();
    expect(changed[0]).toEqual([title]);
    expect(changed[1]).toEqual([title]);
    // An attribute change is not a node change: the app's listeners are not called for it.
    expect(appChanges).toBe(0);

    const next = pane.cloneNode(true) as Element;
    pane.replaceWith(next);
    await settle();
    expect(panes).toEqual([pane, next]);
    expect(appChanges).toBe(1);
    next.querySelector('span[title]')!.append(' (2)');
    await settle();
    expect(changed[0].at(-1)).toBe(next.querySelector('span[title]'));

    next.remove();
    await settle();
    expect(panes.at(-1)).toBeNull();
  });

  it('stop() ends every subscription', async () => {
    show('chat-list-2026');
    page = watchPage(document);
    let calls = 0;
    page.onAppChange(() => calls++);
    page.onChatList({ pane: () => undefined, records: () => calls++ });
    page.stop();
    document.getElementById('pane-side')!.append(document.createElement('div'));
    await settle();
    expect(calls).toBe(0);
  });
});

describe('where a node sits in the open chat', () => {
  it.each(['open-chat-2024', 'open-chat-2026'])('%s: the conversation column, and its composer footer', (fixture) => {
    show(fixture);
    const main = openChatElement(document)!;
    expect(main).not.toBeNull();
    const footer = main.querySelector('footer')!;
    const footerChild = footer.querySelector('*') ?? footer;
    expect(isInComposerFooter(footerChild)).toBe(true);
    expect(isInOpenChat(footerChild)).toBe(true);
    const header = main.querySelector('header')!;
    expect(isInComposerFooter(header)).toBe(false);
    expect(isInOpenChat(header)).toBe(true);
    expect(isInOpenChat(document.body)).toBe(false);
  });

  it('no chat open: no column', () => {
    show('chat-list-2026');
    expect(openChatElement(document)).toBeNull();
  });
});

describe('watchPage: the extension adding its own nodes is not a change of the page', () => {
  let page: PageWatch | null = null;
  afterEach(() => page?.stop());
  const ours = (n: Node) => n instanceof Element && n.hasAttribute('data-ours');

  it('an added own node reaches no subscriber; a page change in the same batch does, and so does the page removing ours', async () => {
    show('chat-list-2026');
    page = watchPage(document, { ignore: ours });
    const seen: MutationRecord[][] = [];
    let appChanges = 0;
    page.onAppChange(() => appChanges++);
    page.onChatList({ pane: () => undefined, records: (rs) => seen.push(rs) });
    const row = document.querySelector('#pane-side [role="row"], #pane-side [role="listitem"]')!;
    const host = document.createElement('span');
    host.setAttribute('data-ours', '');
    row.append(host);
    await settle();
    expect(seen).toEqual([]);
    expect(appChanges).toBe(0);

    const pageNode = document.createElement('div');
    row.append(host.cloneNode());
    row.append(pageNode);
    await settle();
    expect(seen.flat().map((r) => [...r.addedNodes])).toEqual([[pageNode]]);
    expect(appChanges).toBe(1);

    host.remove();
    await settle();
    expect(seen.flat().at(-1)!.removedNodes[0]).toBe(host);
    expect(appChanges).toBe(2);
  });
});
