/**
 * Smoke tests of the end-to-end infrastructure itself: the built extension loads in Debian's Chromium, the fake
 * WhatsApp Web behaves like the 2026 site (virtualised keyed rows, mousedown to open, a fresh #main, a Lexical-like
 * composer whose send button exists only with text), reps and the real server start. Nothing here depends on what the
 * extension does on the page.
 */
import { expect, test, type Page } from '@playwright/test';
import { fakeWhatsApp, launchRep, mirrorSentMessages, type Rep } from './support/extension';
import { startInboxServer } from './support/server';

const ROWS = '#pane-side > div[data-tab][tabindex] > div[role="grid"] > div[role="row"]';
const TITLE = '[role="gridcell"][aria-colindex="2"] span[dir="auto"][title]';
const rowFor = (page: Page, name: string) => page.locator(ROWS).filter({ has: page.locator(`${TITLE}[title="${name}"]`) });
const editorOf = (page: Page) => page.locator('#main footer div[contenteditable="true"][role="textbox"][data-tab="10"][data-lexical-editor="true"]');
const sendButtonOf = (page: Page) => page.locator('#main footer button[data-testid="send"]:has(span[data-icon="wds-ic-send-filled"])');
const micOf = (page: Page) => page.locator('#main footer button:has(span[data-icon="mic-outlined"])');
const rowTitles = (page: Page) => page.locator(`${ROWS} ${TITLE}`).evaluateAll((els) => els.map((e) => e.getAttribute('title')));

let rep: Rep;
test.beforeAll(async () => {
  rep = await launchRep({ extensionPath: '.output/chrome-mv3' });
});
test.afterAll(async () => {
  await rep?.close();
});

test('the built extension loads and its service worker runs', async () => {
  expect(rep.extensionId).toMatch(/^[a-p]{32}$/);
  const worker = await rep.serviceWorker();
  expect(worker.url()).toBe(rep.extensionUrl('background.js'));
});

test('the chat list is a localised, virtualised grid of keyed rows', async () => {
  const page = await rep.openWhatsApp('?chats=1000');
  const wa = fakeWhatsApp(page);
  await expect(page.locator('body.web > #app #side > #pane-side')).toBeVisible();
  const grid = page.locator('#pane-side div[role="grid"]');
  await expect(grid).toHaveAttribute('aria-rowcount', '1000');
  await expect(grid).toHaveAttribute('aria-label', 'Lista delle chat');
  expect(await page.evaluate(() => localStorage.getItem('last-wid-md'))).toBe('"34600000001:12@c.us"');

  const count = await page.locator(ROWS).count();
  expect(count).toBeGreaterThanOrEqual(60);
  expect(count).toBeLessThanOrEqual(130);
  const first = page.locator(ROWS).first();
  await expect(first).toHaveAttribute('style', /height: 72px; transform: translateY\(0px\)/);
  await expect(first.locator('[data-testid="cell-frame-container"]')).toHaveCount(1);
  const before = await rowTitles(page);
  expect(before[0]).toBe('Cliente 0000');
  expect(await page.locator(`${ROWS} [data-testid="last-msg-status"]`).allTextContents()).not.toContainEqual(expect.stringContaining('null'));

  // Keyed rows: a chat keeps its node while it stays in the window, and loses it once scrolled out.
  const node20 = await rowFor(page, 'Cliente 0020').elementHandle();
  await wa.scrollTo(40);
  expect(await node20!.evaluate((n) => n.isConnected && n.querySelector('[aria-colindex="2"] span[title]')?.getAttribute('title'))).toBe('Cliente 0020');
  await wa.scrollTo(500);
  expect(await node20!.evaluate((n) => n.isConnected)).toBe(false);
  const after = await rowTitles(page);
  expect(after).toContain('Cliente 0500');
  expect(after.filter((t) => before.includes(t))).toHaveLength(0);
  expect(await page.locator(ROWS).count()).toBeGreaterThanOrEqual(60);

  // A real wheel scroll of #pane-side renders new rows too.
  await wa.scrollTo(0);
  await page.locator('#pane-side').hover();
  await page.mouse.wheel(0, 72 * 200);
  await expect.poll(async () => (await rowTitles(page)).includes('Cliente 0200')).toBe(true);
  await page.close();
});

test('a chat opens on mousedown, with a fresh #main per chat', async () => {
  const page = await rep.openWhatsApp({ chats: 1000 });
  const cell = rowFor(page, 'Cliente 0001').locator('[role="gridcell"][aria-colindex="2"]');
  await cell.evaluate((el) => (el as HTMLElement).click());
  await expect(page.locator('#main')).toHaveCount(0);

  await cell.click();
  const title = page.locator('#main > header[data-testid="conversation-header"] [data-testid="conversation-info-header-chat-title"]');
  await expect(title).toHaveText('Cliente 0001');
  await expect(title).not.toHaveAttribute('title', /.*/);
  await expect(rowFor(page, 'Cliente 0001').locator('div[tabindex="-1"][aria-selected="true"]')).toHaveCount(1);
  const messages = page.locator(
    '#main div[data-scrolltracepolicy="wa.web.conversation.messages"][tabindex="0"] > div[role="application"] > div[role="row"] [data-id]',
  );
  await expect(messages.first()).toHaveAttribute('data-id', /^(3A[0-9A-F]{18}|A5[0-9A-F]{30}|3EB0[0-9A-F]{28})$/);
  await expect(messages.first()).toHaveAttribute('data-testid', /^conv-msg-/);
  await expect(page.locator('#main .message-in, #main .message-out')).toHaveCount(0);
  await expect(page.locator('#main .copyable-text[data-pre-plain-text]').first()).toHaveAttribute(
    'data-pre-plain-text',
    /^\[\d{2}:\d{2}, \d{1,2}\/\d{1,2}\/\d{4}\] .+: $/,
  );

  const oldMain = await page.locator('#main').elementHandle();
  await rowFor(page, 'Gruppo 0007').locator('[role="gridcell"][aria-colindex="2"]').click();
  await expect(title).toHaveText('Gruppo 0007');
  expect(await oldMain!.evaluate((n) => n.isConnected)).toBe(false);
  await expect(page.locator('#main [data-icon="tail-in"]').first()).toBeAttached();
  await page.close();
});

test('the composer sends on Enter and on the send button, which exists only with text', async () => {
  const page = await rep.openWhatsApp('chats=1000');
  const wa = fakeWhatsApp(page);
  await rowFor(page, 'Cliente 0001').locator('[role="gridcell"][aria-colindex="2"]').click();
  const editor = editorOf(page);
  await expect(editor).toHaveAttribute('aria-placeholder', 'Scrivi un messaggio');
  await expect(editor).toBeFocused();
  await expect(sendButtonOf(page)).toHaveCount(0);
  await expect(micOf(page)).toHaveCount(1);

  await page.keyboard.type('Ciao dal test');
  await expect(sendButtonOf(page)).toBeVisible();
  await expect(editor.locator('p > span[data-lexical-text="true"]')).toHaveText('Ciao dal test');
  await page.keyboard.press('Enter');

  const last = page.locator('#main div[role="application"] > div[role="row"]').last();
  await expect(last).toContainText('Ciao dal test');
  await expect(last.locator('[data-id]')).toHaveAttribute('data-id', /^3EB0[0-9A-F]{28}$/);
  await expect(last.locator('span[aria-label=" Consegnato "] svg title')).toHaveText('wds-ic-delivered');
  const sent = await wa.sentMessages();
  expect(sent).toEqual([expect.objectContaining({ jid: '34600010001@c.us', text: 'Ciao dal test' })]);
  await expect(last.locator('[data-id]')).toHaveAttribute('data-id', sent[0].id);
  await expect(editor).toHaveText('');
  await expect(sendButtonOf(page)).toHaveCount(0);
  const top = page.locator(ROWS).first();
  await expect(top.locator(TITLE)).toHaveAttribute('title', 'Cliente 0001');
  await expect(top.locator('[data-testid="last-msg-status"]')).toHaveAttribute('title', 'Ciao dal test');
  await expect(top.locator('svg title')).toContainText(['wds-ic-delivered']);

  // The send button is a new node every time text appears.
  await page.keyboard.type('b');
  const button1 = await sendButtonOf(page).elementHandle();
  await page.keyboard.press('Backspace');
  await expect(sendButtonOf(page)).toHaveCount(0);
  await page.keyboard.type('b');
  await expect(sendButtonOf(page)).toBeVisible();
  expect(await button1!.evaluate((n) => n.isConnected)).toBe(false);

  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('riga due');
  expect(await wa.draft()).toBe('b\nriga due');
  await expect(editor.locator('p')).toHaveCount(2);
  await sendButtonOf(page).click();
  expect((await wa.sentMessages()).map((s) => s.text)).toEqual(['Ciao dal test', 'b\nriga due']);

  // fill() goes through Input.insertText; clearing it brings the mic back.
  await editor.fill('Testo con fill');
  expect(await wa.draft()).toBe('Testo con fill');
  await expect(sendButtonOf(page)).toBeVisible();
  await editor.fill('');
  expect(await wa.draft()).toBe('');
  await expect(micOf(page)).toHaveCount(1);
  expect(await wa.sentMessages()).toHaveLength(2);
  await page.close();
});

test('a capture-phase guard can hold both send paths; a bubbling preventDefault cannot', async () => {
  const page = await rep.openWhatsApp('chats=100');
  const errors: Error[] = [];
  page.on('pageerror', (e) => errors.push(e));
  const wa = fakeWhatsApp(page);
  await wa.openChat(4);
  await page.evaluate(() => {
    const w = window as unknown as { __held: string[] };
    w.__held = [];
    const hold = (e: Event) => {
      w.__held.push(e.type);
      e.preventDefault();
      e.stopImmediatePropagation();
    };
    window.addEventListener('keydown', (e) => e.key === 'Enter' && !e.shiftKey && hold(e), true);
    window.addEventListener('click', (e) => (e.target as Element).closest('#main footer button[data-testid="send"]') && hold(e), true);
  });
  await editorOf(page).click();
  await page.keyboard.type('Trattenuto');
  await page.keyboard.press('Enter');
  await sendButtonOf(page).click();
  expect(await page.evaluate(() => (window as unknown as { __held: string[] }).__held)).toEqual(['keydown', 'click']);
  expect(await wa.sentMessages()).toHaveLength(0);
  expect(await wa.draft()).toBe('Trattenuto');

  // WhatsApp's handler ignores defaultPrevented: preventDefault without stopping propagation lets the send through.
  await page.reload();
  await page.waitForFunction(() => (window as unknown as { __wa?: { ready: boolean } }).__wa?.ready === true);
  await wa.openChat(4);
  await page.evaluate(() => document.addEventListener('keydown', (e) => e.key === 'Enter' && e.preventDefault(), true));
  await editorOf(page).click();
  await page.keyboard.type('Passa');
  await page.keyboard.press('Enter');
  expect((await wa.sentMessages()).map((m) => m.text)).toEqual(['Passa']);

  // Whitespace alone never sends; select-all then typing replaces; typing mid-text keeps the caret.
  await page.keyboard.type('   ');
  await page.keyboard.press('Enter');
  expect(await wa.sentMessages()).toHaveLength(1);
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Ciao mondo');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.type('bel ');
  expect(await wa.draft()).toBe('Ciao bel mondo');
  expect(errors).toEqual([]);
  await page.close();
});

test('query flags: selfRow, open, delay, nowid, csp', async () => {
  const page = await rep.openWhatsApp({ chats: 50, selfRow: 1, open: 5, delay: 300, nowid: 1, csp: 1 });
  const errors: Error[] = [];
  page.on('pageerror', (e) => errors.push(e));
  expect(await page.evaluate(() => localStorage.getItem('last-wid-md'))).toBeNull();
  await expect(page.locator('#pane-side div[role="grid"]')).toHaveAttribute('aria-rowcount', '51');
  const self = page.locator(ROWS).first();
  await expect(self.locator('[data-testid="message-yourself-row"]')).toHaveCount(1);
  await expect(self.locator('[data-testid="cell-frame-container"], span[title]')).toHaveCount(0);
  await expect(page.locator('[data-testid="conversation-info-header-chat-title"]')).toHaveText('"><script>window.__xss=1</script>');
  expect((await fakeWhatsApp(page).chats())[0].position).toBe(1);
  await self.locator('[role="gridcell"]').click();
  expect(await fakeWhatsApp(page).openJid()).toBe('34600010005@c.us');
  expect(errors).toEqual([]);
  await page.close();
});

test('incoming messages move the chat to the top and badge it; messages from the phone do not count as sent', async () => {
  const page = await rep.openWhatsApp('chats=1000');
  const wa = fakeWhatsApp(page);
  const node30 = await rowFor(page, 'Cliente 0030').elementHandle();
  const id = await wa.incoming(30, 'Buongiorno, è disponibile?');
  expect(id).toMatch(/^3A[0-9A-F]{18}$/);
  const top = page.locator(ROWS).first();
  await expect(top.locator(TITLE)).toHaveAttribute('title', 'Cliente 0030');
  await expect(top.locator('[aria-label="1 messaggio non letto"]')).toHaveText('1');
  // Keyed: the same node moved to the top (translateY 0), it was not re-created.
  expect(await node30!.evaluate((n) => n.isConnected && (n as HTMLElement).style.transform)).toBe('translateY(0px)');
  await wa.incoming(30, 'Ci siete?');
  await expect(top.locator('[aria-label="2 messaggi non letti"]')).toHaveText('2');
  expect((await wa.chats())[0]).toMatchObject({ index: 30, unread: 2, position: 0 });

  await wa.openChat(30);
  await expect(top.locator('[data-testid="icon-unread-count"]')).toHaveCount(0);
  await wa.incoming(30, 'Grazie!');
  await expect(page.locator('#main div[role="application"] > div[role="row"]').last()).toContainText('Grazie!');
  await expect(top.locator('[data-testid="icon-unread-count"]')).toHaveCount(0);

  const phoneId = await wa.outgoingFromPhone(7, 'Risposta dal telefono');
  expect(phoneId).toMatch(/^A5[0-9A-F]{30}$/);
  await expect(top.locator(TITLE)).toHaveAttribute('title', 'Gruppo 0007');
  expect(await wa.sentMessages()).toHaveLength(0);
  await page.close();
});

test('recycle=1 reuses row nodes for other chats, and badges follow the content', async () => {
  const page = await rep.openWhatsApp('chats=1000&recycle=1');
  const wa = fakeWhatsApp(page);
  const topNode = await page.locator(ROWS).first().elementHandle();
  const titleOf = (n: typeof topNode) => n!.evaluate((el) => el.querySelector('[aria-colindex="2"] span[title]')?.getAttribute('title'));
  expect(await titleOf(topNode)).toBe('Cliente 0000');
  await wa.incoming(30, 'Nuovo');
  expect(await titleOf(topNode)).toBe('Cliente 0030');
  expect(await topNode!.evaluate((n) => n.querySelector('[aria-label="1 messaggio non letto"]') !== null)).toBe(true);
  const second = page.locator(ROWS).nth(1);
  await expect(second.locator(TITLE)).toHaveAttribute('title', 'Cliente 0000');
  await expect(second.locator('[data-testid="icon-unread-count"]')).toHaveCount(0);
  // Scrolling far hands the same nodes to other chats.
  await wa.scrollTo(600);
  expect(await topNode!.evaluate((n) => n.isConnected)).toBe(true);
  expect(await titleOf(topNode)).not.toBe('Cliente 0030');
  await page.close();
});

test('HTML payloads in names and messages render as text; screenshot of the layout', async () => {
  const page = await rep.openWhatsApp('chats=1000');
  const wa = fakeWhatsApp(page);
  const titles = await rowTitles(page);
  expect(titles).toContain('<img src=x onerror=window.__xss=1>');
  expect(titles).toContain('"><script>window.__xss=1</script>');
  await expect(page.locator('#pane-side img, #pane-side script, #pane-side b')).toHaveCount(0);
  await wa.openChat(13);
  await wa.openChat(17);
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();

  await wa.incoming(17, 'Ci vediamo alle 15 in ufficio?');
  await editorOf(page).click();
  await page.keyboard.type('Perfetto, a dopo');
  await page.screenshot({ path: 'test-results/fake-whatsapp.png' });
  await page.close();
});

test('5000 chats stay fast', async () => {
  const started = Date.now();
  const page = await rep.openWhatsApp('chats=5000');
  const loadMs = Date.now() - started;
  const wa = fakeWhatsApp(page);
  // Each jump replaces the whole row window (about 70 rows); layout dominates on a 2-core machine.
  const jumpMs = await page.evaluate(() => {
    const api = (window as unknown as { __wa: { scrollTo(p: number): void } }).__wa;
    const t = performance.now();
    for (const p of [1000, 2500, 4000, 0, 4990]) api.scrollTo(p);
    return (performance.now() - t) / 5;
  });
  expect(await rowTitles(page)).toContain('Cliente 4990');
  await wa.incoming(4999, 'Dal fondo della lista');
  expect((await wa.chats())[0].index).toBe(4999);
  test.info().annotations.push({ type: 'timing', description: `load ${loadMs} ms, ${Math.round(jumpMs)} ms per far jump` });
  expect(loadMs).toBeLessThan(5_000);
  expect(jumpMs).toBeLessThan(500);
  await page.close();
});

test('two reps are two browsers, and sends can be mirrored between them', async () => {
  const rep2 = await launchRep();
  try {
    expect(rep2.extensionId).toBe(rep.extensionId);
    const [p1, p2] = [await rep.openWhatsApp('chats=200'), await rep2.openWhatsApp('chats=200')];
    await fakeWhatsApp(p1).openChat(2);
    await editorOf(p1).click();
    await p1.keyboard.type('Risposta di A');
    await p1.keyboard.press('Enter');
    expect(await mirrorSentMessages(p1, p2)).toBe(1);
    const [sentByA] = await fakeWhatsApp(p1).sentMessages();
    expect((await fakeWhatsApp(p2).messages(2)).at(-1)).toMatchObject({ id: sentByA.id, fromMe: true, origin: 'phone' });
    expect(await fakeWhatsApp(p2).sentMessages()).toHaveLength(0);
  } finally {
    await rep2.close();
  }
});

test('stopServiceWorker stops the MV3 worker, and it can start again', async () => {
  const worker = await rep.serviceWorker();
  expect(await rep.serviceWorkerStatus()).toBe('running');
  // stopServiceWorker() itself waits until Chromium reports it stopped; the extension may wake it again at once.
  await rep.stopServiceWorker();
  await rep.startServiceWorker();
  expect(await rep.serviceWorkerStatus()).toBe('running');
  expect(await worker.evaluate(() => self.location.pathname)).toBe('/background.js');
});

test('the real server starts on loopback and invites members over tRPC', async () => {
  const server = await startInboxServer();
  try {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.adminInvite.length).toBeGreaterThanOrEqual(6);
    const { code } = await server.invite('Rita Rep', 'agent');
    const token = await server.redeem(code);
    const me = await server.client(token).auth.me.query();
    expect(me.member).toMatchObject({ name: 'Rita Rep', role: 'agent' });
    await server.restart();
    expect((await server.client(token).auth.me.query()).member.name).toBe('Rita Rep');
  } finally {
    await server.dispose();
  }
});
