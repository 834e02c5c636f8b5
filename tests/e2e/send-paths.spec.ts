/**
 * Every way a message leaves WhatsApp Web, guarded like the composer (product spec section 3; issue 13): the media
 * editor (its send button and Enter in its caption), the voice note's send, stickers and GIFs, the forward dialog;
 * the attach, mic and sticker doors closed in a teammate's chat; and a send path nobody knows, caught as it slips.
 * Two reps on one number, on both markup generations of the fake app (Italian UI).
 */
import { expect, test, type Page } from '@playwright/test';
import { fakeWhatsApp, launchRep, type Rep } from './support/extension';
import { startInboxServer, type InboxServer } from './support/server';
import { badgeFor, editorOf, guardDialog, headerBar, openChat, signIn } from './support/inbox-helpers';
import { GESTURE_WINDOW_MS } from '../../entrypoints/whatsapp.content/send-gestures';

const dialogButton = (page: Page, label: string) => page.locator(`#app [role="dialog"] [role="button"][aria-label="${label}"]`);
const caption = (page: Page) => page.locator('#app [role="dialog"] [contenteditable="true"]');
const shield = (page: Page, entry: string) => page.locator(`[data-inbox="entry-shield"][data-entry="${entry}"]`);
const sentBy = async (page: Page) => fakeWhatsApp(page).sentMessages();

/** A file dropped on the conversation, or pasted into the composer, as a page event carrying a File. */
function dropOrPasteFile(page: Page, how: 'drop' | 'paste', name: string) {
  return page.evaluate(
    ({ how, name }) => {
      const data = new DataTransfer();
      data.items.add(new File(['%PDF-1.4'], name, { type: 'application/pdf' }));
      const target =
        how === 'drop' ? document.querySelector('#main [data-scrolltracepolicy]')! : document.querySelector('#main footer [contenteditable="true"]')!;
      const event =
        how === 'drop'
          ? new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true })
          : new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
      target.dispatchEvent(event);
    },
    { how, name },
  );
}

/** Cancels the held dialog and checks that nothing left this page. */
async function heldNaming(page: Page, name: string, sentBefore: number) {
  await expect(guardDialog(page)).toBeVisible();
  await expect(guardDialog(page)).toContainText(name);
  await guardDialog(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(guardDialog(page)).toHaveCount(0);
  expect(await sentBy(page)).toHaveLength(sentBefore);
}

for (const gen of ['2026', '2024'] as const) {
  test.describe(`send paths, ${gen} markup`, () => {
    test.describe.configure({ mode: 'serial' });
    let server: InboxServer;
    let repA: Rep;
    let repB: Rep;
    let pageA: Page;
    let pageB: Page;
    let ana: string;

    test.beforeAll(async () => {
      server = await startInboxServer();
      [repA, repB] = await Promise.all([launchRep(), launchRep()]);
      ana = await signIn(repA, server, 'Ana Pérez');
      await signIn(repB, server, 'Bo Chen');
      [pageA, pageB] = await Promise.all([repA.openWhatsApp({ chats: 200, gen }), repB.openWhatsApp({ chats: 200, gen })]);
      await expect(badgeFor(pageA, 'Cliente 0002')).toContainText('Unassigned');
      await openChat(pageA, 'Cliente 0002');
      await headerBar(pageA).getByRole('button', { name: 'Claim' }).click();
      await expect(badgeFor(pageB, 'Cliente 0002')).toHaveAttribute('data-owner', 'Ana Pérez');
      await openChat(pageB, 'Cliente 0002');
    });

    test.afterAll(async () => {
      await Promise.allSettled([repA?.close(), repB?.close()]);
      await server?.dispose();
    });

    test("in Ana's chat the attach, mic and sticker buttons are closed to Bo, naming her", async () => {
      for (const entry of ['attach', 'mic', 'expression']) {
        await expect(shield(pageB, entry)).toBeVisible();
        await expect(shield(pageB, entry)).toHaveAttribute('title', /Ana Pérez.*handoff/);
        await expect(shield(pageB, entry)).toHaveAttribute('aria-disabled', 'true');
      }
      await pageB.screenshot({ path: `test-results/e2e/entry-shields-${gen}.png` });
      // aria-disabled tells assistive technology the button is off; a person can still click it to ask for a handoff.
      await shield(pageB, 'attach').click({ force: true });
      await expect(guardDialog(pageB)).toContainText('Ana Pérez');
      await expect(guardDialog(pageB).getByRole('button', { name: 'Request handoff' })).toBeVisible();
      await pageB.screenshot({ path: `test-results/e2e/entry-shield-dialog-${gen}.png` });
      await pageB.keyboard.press('Escape');
      // The keyboard cannot open the door either: Enter on the focused attach button is refused.
      await pageB.locator('#main footer button[aria-label="Allega"]').focus();
      await pageB.keyboard.press('Enter');
      await heldNaming(pageB, 'Ana Pérez', 0);
      await expect(pageB.locator('[role="menu"]')).toHaveCount(0);
      // Ana's own doors stay open.
      await expect(shield(pageA, 'attach')).toHaveCount(0);
      // A mic that records while held starts on the press: the press itself is refused.
      const pressMic = (page: Page) =>
        page.evaluate(() => {
          const mic = [...document.querySelectorAll('#main footer button')].find((b) =>
            /mic|ptt/.test(b.querySelector('[data-icon]')?.getAttribute('data-icon') ?? ''),
          )!;
          const press = new PointerEvent('pointerdown', { bubbles: true, cancelable: true });
          mic.dispatchEvent(press);
          return press.defaultPrevented;
        });
      expect(await pressMic(pageB)).toBe(true);
      expect(await pressMic(pageA)).toBe(false);
      // A file dropped on her chat is refused too, before WhatsApp opens its editor.
      await dropOrPasteFile(pageB, 'drop', 'listino.pdf');
      await heldNaming(pageB, 'Ana Pérez', 0);
      await expect(pageB.locator('#app [role="dialog"]')).toHaveCount(0);
      // The door's dialog asks Ana for the chat.
      await shield(pageB, 'mic').click({ force: true });
      await guardDialog(pageB).getByRole('button', { name: 'Request handoff' }).click();
      await expect(guardDialog(pageB)).toHaveCount(0);
      const admin = server.client(await server.adminToken());
      const chat = (await admin.conversations.list.query({})).find((c) => c.title === 'Cliente 0002')!;
      // A handoff request on the chat, made to Ana: her header bar shows it with Accept / Decline.
      await expect.poll(async () => (await admin.conversations.get.query({ conversationId: chat.id })).handoffRequests.map((r) => r.ownerId)).toEqual([ana]);
      await expect(headerBar(pageA).locator('[data-inbox="handoff-request"]')).toContainText('Bo Chen');
    });

    test('a reply filled in by a quick reply is still held on Enter', async () => {
      await editorOf(pageB).click();
      // WhatsApp Business's quick replies fill the composer the way insertText does.
      await pageB.evaluate(() => document.execCommand('insertText', false, 'Grazie per averci scritto!'));
      expect(await fakeWhatsApp(pageB).draft()).toBe('Grazie per averci scritto!');
      await pageB.keyboard.press('Enter');
      await heldNaming(pageB, 'Ana Pérez', 0);
      await pageB.keyboard.press('ControlOrMeta+A');
      await pageB.keyboard.press('Delete');
    });

    test("Bo's media, voice and sticker sends in Ana's chat do not leave, and the dialog names her", async () => {
      const wa = fakeWhatsApp(pageB);
      await wa.openMediaEditor(['listino.pdf']);
      await caption(pageB).click();
      await pageB.keyboard.type('Ecco il listino');
      await pageB.keyboard.press('Enter');
      await expect(guardDialog(pageB)).toBeVisible();
      // Escape returns to the caption with the text kept.
      await pageB.keyboard.press('Escape');
      await expect(caption(pageB)).toBeFocused();
      await expect(caption(pageB)).toHaveText('Ecco il listino');
      await dialogButton(pageB, 'Invia').click();
      await heldNaming(pageB, 'Ana Pérez', 0);
      await wa.closeOverlays();

      await wa.startRecording();
      await pageB.locator('#main footer button[aria-label="Invia"]').click();
      await heldNaming(pageB, 'Ana Pérez', 0);
      await wa.closeOverlays();

      for (const tab of ['sticker', 'gif'] as const) {
        await wa.openExpressions(tab);
        await pageB.locator('#main [role="tabpanel"] [role="button"]').first().click();
        await heldNaming(pageB, 'Ana Pérez', 0);
        await wa.closeOverlays();
      }
    });

    test('a send in a chat Ana is typing in names her as replying', async () => {
      await openChat(pageA, 'Cliente 0014');
      await editorOf(pageA).click();
      await pageA.keyboard.type('Sto scrivendo io');
      const admin = server.client(await server.adminToken());
      const lockHolder = async () => (await admin.conversations.list.query({})).find((c) => c.title === 'Cliente 0014')?.lock?.holderId ?? null;
      await expect.poll(lockHolder).toBe(ana);
      await openChat(pageB, 'Cliente 0014');
      await fakeWhatsApp(pageB).openMediaEditor(['listino.pdf']);
      await dialogButton(pageB, 'Invia').click();
      await expect(guardDialog(pageB)).toContainText('Ana Pérez is replying');
      await heldNaming(pageB, 'Ana Pérez', 0);
      await fakeWhatsApp(pageB).closeOverlays();
      await openChat(pageA, 'Cliente 0002');
    });

    test("in an unowned chat Bo's media send claims it, and Ana's badge shows Bo within a second", async () => {
      await openChat(pageB, 'Cliente 0004');
      const wa = fakeWhatsApp(pageB);
      await wa.openMediaEditor(['foto-vetrina.jpg']);
      await dialogButton(pageB, 'Invia').click();
      await expect(badgeFor(pageA, 'Cliente 0004')).toHaveAttribute('data-owner', 'Bo Chen', { timeout: 1_000 });
      await expect.poll(async () => (await sentBy(pageB)).map((s) => [s.path, s.text])).toEqual([['media', 'foto-vetrina.jpg']]);
    });

    test('a file pasted into an unowned chat claims it, and the media send leaves', async () => {
      await openChat(pageB, 'Cliente 0012');
      await dropOrPasteFile(pageB, 'paste', 'preventivo.pdf');
      await expect(caption(pageB)).toBeVisible();
      await expect(badgeFor(pageA, 'Cliente 0012')).toHaveAttribute('data-owner', 'Bo Chen', { timeout: 1_000 });
      await dialogButton(pageB, 'Invia').click();
      await expect
        .poll(async () => (await sentBy(pageB)).at(-1))
        .toMatchObject({ path: 'media', text: 'preventivo.pdf', jid: (await fakeWhatsApp(pageB).chat(12)).jid });
    });

    test('opening the attach menu in an unowned chat claims it first', async () => {
      await openChat(pageB, 'Cliente 0006');
      await pageB.locator('#main footer button[aria-label="Allega"]').click();
      await expect(pageB.locator('[role="menu"]')).toBeVisible();
      await expect(badgeFor(pageA, 'Cliente 0006')).toHaveAttribute('data-owner', 'Bo Chen', { timeout: 1_000 });
      await pageB.locator('[role="menuitem"]').first().click();
      await dialogButton(pageB, 'Invia').click();
      await expect
        .poll(async () => (await sentBy(pageB)).at(-1))
        .toMatchObject({ path: 'media', text: 'catalogo-2026.pdf', jid: (await fakeWhatsApp(pageB).chat(6)).jid });
    });

    test("a forward to free chats and Ana's chat is held naming her; without it, it goes to the rest", async () => {
      const before = (await sentBy(pageB)).length;
      const wa = fakeWhatsApp(pageB);
      await wa.openForward([8, 2, 10]);
      const row = (name: string) => pageB.locator('#app [role="dialog"] [role="listitem"], #app [role="dialog"] [role="row"]').filter({ hasText: name });
      for (const name of ['Cliente 0008', 'Cliente 0002', 'Cliente 0010']) await row(name).click();
      await dialogButton(pageB, 'Invia').click();
      await expect(guardDialog(pageB)).toContainText('Ana Pérez');
      await expect(guardDialog(pageB)).toContainText('Cliente 0002');
      await guardDialog(pageB).getByRole('button', { name: 'Cancel' }).click();
      expect(await sentBy(pageB)).toHaveLength(before);
      await row('Cliente 0002').click();
      await dialogButton(pageB, 'Invia').click();
      await expect
        .poll(async () =>
          (await sentBy(pageB))
            .slice(before)
            .map((s) => [s.path, s.jid])
            .sort(),
        )
        .toEqual([
          ['forward', (await wa.chat(8)).jid],
          ['forward', (await wa.chat(10)).jid],
        ]);
      await expect(badgeFor(pageA, 'Cliente 0008')).toHaveAttribute('data-owner', 'Bo Chen', { timeout: 1_000 });
      await expect(badgeFor(pageA, 'Cliente 0010')).toHaveAttribute('data-owner', 'Bo Chen', { timeout: 1_000 });
      await expect(badgeFor(pageA, 'Cliente 0002')).toHaveAttribute('data-owner', 'Ana Pérez');
    });

    test('a send through a path the guard does not know is a slipped collision: both told, counted, named in the health report', async () => {
      await openChat(pageB, 'Cliente 0002');
      const before = (await sentBy(pageB)).length;
      const wa = fakeWhatsApp(pageB);
      await editorOf(pageB).click();
      await pageB.keyboard.type('Rispondo io');
      await wa.revealHiddenSend();
      await pageB.locator('#main footer button[aria-label="Invio rapido"]').click();
      expect((await sentBy(pageB)).slice(before).map((s) => s.path)).toEqual(['hidden']);
      const noticeB = pageB.locator('[data-inbox="slipped-notice"]');
      const noticeA = pageA.locator('[data-inbox="slipped-notice"]');
      await expect(noticeB).toContainText('Cliente 0002', { timeout: 1_000 });
      await expect(noticeA).toContainText('Bo Chen', { timeout: 1_000 });
      await expect(noticeA).toHaveAttribute('data-path', /rocket/);
      await pageA.screenshot({ path: `test-results/e2e/slipped-${gen}.png` });
      const admin = server.client(await server.adminToken());
      const summary = await admin.metrics.summary.query({ from: Date.now() - 3_600_000, to: Date.now() + 60_000 });
      expect(summary.collisions.slipped).toBe(1);
      expect(summary.collisions.held).toBeGreaterThan(0);
      const options = await repB.openOptions();
      await expect(options.getByTestId('adapter-health-summary')).toContainText('uncoveredSend');
      await expect(options.locator('tr', { hasText: 'uncoveredSend' })).toContainText('rocket');
      await options.close();
    });

    test('a message from the phone, after no action in the tab, stays unattributed', async () => {
      // Past the window in which a new outgoing message is taken for the rep's own click.
      await pageB.waitForTimeout(GESTURE_WINDOW_MS + 500);
      const id = await fakeWhatsApp(pageB).outgoingFromPhone(2, 'Dal telefono');
      const admin = server.client(await server.adminToken());
      const chat = (await admin.conversations.list.query({})).find((c) => c.title === 'Cliente 0002')!;
      const observed = async () =>
        (await admin.conversations.context.query({ conversationId: chat.id })).timeline
          .filter((e) => e.data.messageId === id)
          .map((e) => [e.type, e.data.attributedTo]);
      await expect.poll(observed).toEqual([['message.observed', null]]);
      const summary = await admin.metrics.summary.query({ from: Date.now() - 3_600_000, to: Date.now() + 60_000 });
      expect(summary.collisions.slipped).toBe(1);
    });
  });
}
