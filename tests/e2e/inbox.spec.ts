/**
 * The extension as reps use it: two browser contexts on one WhatsApp number (the fake app served as
 * https://web.whatsapp.com), the real server, clicks and keystrokes.
 */
import { expect, test, type Page } from '@playwright/test';
import { fakeWhatsApp, launchRep, type Rep } from './support/extension';
import { startInboxServer, type InboxServer } from './support/server';
import { automationWebhook } from './support/webhook';
import { badgeFor, badgesRight, editorOf, guardDialog, headerBar, openChat, renderedBadges, rowFor, signIn } from './support/inbox-helpers';

const WID = '34600000001';
let server: InboxServer;
let repA: Rep;
let repB: Rep;
let pageA: Page;
let pageB: Page;

/** A third member working through the API, as a teammate on another machine would. */
async function teammate(name: string) {
  const { code } = await server.invite(name, 'agent');
  const api = server.client(await server.redeem(code));
  const channel = await api.conversations.resolveChannel.mutate({ wid: WID });
  const claim = async (title: string) => {
    const r = await api.conversations.resolve.mutate({ channelId: channel.id, title });
    if (r.ambiguous) throw new Error('ambiguous');
    return api.assignment.claim.mutate({ conversationId: r.conversation.id });
  };
  return { api, claim };
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  server = await startInboxServer();
  [repA, repB] = await Promise.all([launchRep(), launchRep()]);
  await signIn(repA, server, 'Ana Pérez');
  await signIn(repB, server, 'Bo Chen');
  [pageA, pageB] = await Promise.all([repA.openWhatsApp({ chats: 1000 }), repB.openWhatsApp({ chats: 1000 })]);
  await expect(badgeFor(pageA, 'Cliente 0000')).toContainText('Unassigned');
  await expect(badgeFor(pageB, 'Cliente 0000')).toContainText('Unassigned');
});

test.afterAll(async () => {
  await Promise.allSettled([repA?.close(), repB?.close()]);
  await server?.dispose();
});

test('signing in through the options page shows who is signed in', async () => {
  const options = await repA.openOptions();
  await expect(options.getByTestId('signed-in-as')).toContainText('Ana Pérez');
  await expect(options.getByTestId('adapter-health-summary')).toContainText('Every hook was found', { timeout: 15_000 });
  await options.screenshot({ path: 'test-results/e2e/options.png' });
  await options.close();
});

test('rep A claims; rep B sees the badge change within a second', async () => {
  await openChat(pageA, 'Cliente 0002');
  await headerBar(pageA).getByRole('button', { name: 'Claim' }).click();
  await expect(headerBar(pageA).locator('[data-inbox="owner"]')).toContainText('You');
  await expect(badgeFor(pageB, 'Cliente 0002')).toHaveAttribute('data-owner', 'Ana Pérez', { timeout: 1_000 });
  await expect(badgeFor(pageB, 'Cliente 0002')).toContainText('AP');
  await pageB.screenshot({ path: 'test-results/e2e/rep-b-sees-claim.png' });
});

test("rep B's send in A's chat is held on Enter and on the send button, naming A", async () => {
  await openChat(pageB, 'Cliente 0002');
  await editorOf(pageB).click();
  await pageB.keyboard.type('Hola, te ayudo yo');
  await pageB.keyboard.press('Enter');
  await expect(guardDialog(pageB)).toBeVisible();
  await expect(guardDialog(pageB)).toHaveAttribute('role', 'alertdialog');
  await expect(guardDialog(pageB)).toContainText('Ana Pérez');
  await pageB.screenshot({ path: 'test-results/e2e/guard-held.png' });
  await guardDialog(pageB).getByRole('button', { name: 'Cancel' }).click();
  await pageB.locator('#main footer button[data-testid="send"]').click();
  await expect(guardDialog(pageB)).toBeVisible();
  // Escape closes it like any dialog: the text stays and the rep types on in the composer.
  await expect(guardDialog(pageB).getByRole('button', { name: 'Request handoff' })).toBeFocused();
  await pageB.keyboard.press('Escape');
  await expect(guardDialog(pageB)).toHaveCount(0);
  expect(await fakeWhatsApp(pageB).draft()).toBe('Hola, te ayudo yo');
  await expect(editorOf(pageB)).toBeFocused();
  await pageB.keyboard.type('!');
  expect(await fakeWhatsApp(pageB).draft()).toBe('Hola, te ayudo yo!');
  expect(await fakeWhatsApp(pageB).sentMessages()).toHaveLength(0);
  await expect.poll(async () => (await server.client(await server.adminToken()).conversations.list.query({})).length).toBeGreaterThan(0);
});

test('both reps press Enter together in one unassigned chat: exactly one message is sent', async () => {
  await Promise.all([openChat(pageA, 'Cliente 0004'), openChat(pageB, 'Cliente 0004')]);
  await editorOf(pageA).click();
  await editorOf(pageB).click();
  await Promise.all([pageA.keyboard.type('Buenos días'), pageB.keyboard.type('Buenas tardes')]);
  await Promise.all([pageA.keyboard.press('Enter'), pageB.keyboard.press('Enter')]);
  const sent = async () => (await fakeWhatsApp(pageA).sentMessages()).length + (await fakeWhatsApp(pageB).sentMessages()).length;
  await expect.poll(sent, { timeout: 10_000 }).toBe(1);
  const heldOnA = await guardDialog(pageA).isVisible();
  const heldOnB = await guardDialog(pageB).isVisible();
  expect(heldOnA !== heldOnB).toBe(true);
  // Still exactly one after the dust settles: the held rep's text stays in the composer.
  await pageA.waitForTimeout(1_000);
  expect(await sent()).toBe(1);
  const held = heldOnA ? pageA : pageB;
  await guardDialog(held).getByRole('button', { name: 'Cancel' }).click();
});

test('badges stay right while the list scrolls and new messages re-order it', async () => {
  const mia = await teammate('Mia Rossi');
  const owned = ['Cliente 0012', 'Cliente 0040', 'Cliente 0130', 'Cliente 0480', 'Cliente 0903'];
  for (const t of owned) await mia.claim(t);
  // The server is the source of truth: every rendered badge must name the owner it has now.
  const admin = server.client(await server.adminToken());
  const members = new Map((await admin.members.list.query()).map((m) => [m.id, m.name]));
  const owners = new Map((await admin.conversations.list.query({})).map((c) => [c.title, c.ownerId ? members.get(c.ownerId)! : null]));
  expect(owners.get('Cliente 0002')).toBe('Ana Pérez');
  expect(owned.every((t) => owners.get(t) === 'Mia Rossi')).toBe(true);
  const expected = (title: string) => owners.get(title) ?? null;
  const wa = fakeWhatsApp(pageB);
  for (const position of [0, 120, 470, 890, 30]) {
    await wa.scrollTo(position);
    await expect
      .poll(
        async () => {
          const rows = await renderedBadges(pageB);
          return rows.length > 50 && badgesRight(rows, expected);
        },
        { timeout: 5_000 },
      )
      .toBe(true);
  }
  await wa.scrollTo(0);
  await wa.incoming(903, 'Hola, ¿seguís ahí?');
  await wa.incoming(480, 'Necesito ayuda');
  await expect
    .poll(
      async () => {
        const rows = await renderedBadges(pageB);
        return rows[0]?.title === 'Cliente 0480' && badgesRight(rows, expected);
      },
      { timeout: 5_000 },
    )
    .toBe(true);
});

test('the service worker stopped while a rep works: the feed resumes and nothing is missed', async () => {
  const lia = await teammate('Lia Costa');
  await repB.stopServiceWorker();
  const titles = ['Cliente 0014', 'Cliente 0015', 'Cliente 0016'];
  for (const t of titles) await lia.claim(t);
  await fakeWhatsApp(pageB).scrollTo(0);
  for (const t of titles) {
    // Rows far off screen carry no badge: look at each the way a rep would, on screen.
    await rowFor(pageB, t).scrollIntoViewIfNeeded();
    await expect(badgeFor(pageB, t)).toHaveAttribute('data-owner', 'Lia Costa', { timeout: 15_000 });
  }
});

test('the server stopped: a rep still sends in an owned chat, claiming waits, and the outbox replays once', async () => {
  await openChat(pageA, 'Cliente 0002');
  const before = (await fakeWhatsApp(pageA).sentMessages()).length;
  await server.stop();
  await editorOf(pageA).click();
  await pageA.keyboard.type('Le escribo aunque el servidor no responda');
  await pageA.keyboard.press('Enter');
  await expect.poll(async () => (await fakeWhatsApp(pageA).sentMessages()).length, { timeout: 5_000 }).toBe(before + 1);
  // Never opened before, so the cache cannot vouch for it: claiming it must wait for the server.
  await openChat(pageA, 'Cliente 0006', { known: false });
  await editorOf(pageA).click();
  await pageA.keyboard.type('Esto debe esperar');
  await pageA.keyboard.press('Enter');
  await expect(guardDialog(pageA)).toBeVisible({ timeout: 10_000 });
  await expect(guardDialog(pageA)).toHaveAttribute('data-reason', 'offline');
  await expect(headerBar(pageA)).toContainText('Offline');
  await pageA.screenshot({ path: 'test-results/e2e/offline.png' });
  await guardDialog(pageA).getByRole('button', { name: 'Cancel' }).click();
  expect(await fakeWhatsApp(pageA).sentMessages()).toHaveLength(before + 1);
  await server.restart();
  const admin = server.client(await server.adminToken());
  const sendsIn0002 = async () => {
    const list = await admin.conversations.list.query({});
    const conv = list.find((c) => c.title === 'Cliente 0002')!;
    const ctx = await admin.conversations.context.query({ conversationId: conv.id });
    return ctx.timeline.filter((e) => e.type === 'send.reported' || e.type === 'send.override').length;
  };
  await expect.poll(sendsIn0002, { timeout: 45_000 }).toBe(1);
  await pageA.waitForTimeout(2_000);
  expect(await sendsIn0002()).toBe(1);
});

test('a contact named with HTML and script payloads renders as text', async () => {
  await fakeWhatsApp(pageA).scrollTo(0);
  const name = '<img src=x onerror=window.__xss=1>';
  await openChat(pageA, name);
  await headerBar(pageA).getByRole('button', { name: 'Context' }).click();
  const panel = pageA.locator('[data-inbox="context-panel"]');
  await expect(panel).toContainText(name);
  expect(await panel.locator('img').count()).toBe(0);
  expect(await pageA.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  await pageA.screenshot({ path: 'test-results/e2e/context-panel.png' });
  await panel.getByRole('button', { name: 'Close context' }).click();
  await expect(panel).toHaveCount(0);
});

test('keyboard shortcuts claim, open the context panel and release', async () => {
  await openChat(pageA, 'Cliente 0008');
  await pageA.keyboard.press('Alt+Shift+KeyC');
  await expect(headerBar(pageA).locator('[data-inbox="owner"]')).toContainText('You');
  await rowFor(pageB, 'Cliente 0008').scrollIntoViewIfNeeded();
  await expect(badgeFor(pageB, 'Cliente 0008')).toHaveAttribute('data-owner', 'Ana Pérez');
  await pageA.keyboard.press('Alt+Shift+KeyI');
  await expect(pageA.locator('[data-inbox="context-panel"]')).toContainText('claimed the chat');
  await pageA.keyboard.press('Alt+Shift+KeyI');
  await pageA.keyboard.press('Alt+Shift+KeyR');
  await expect(headerBar(pageA).locator('[data-inbox="owner"]')).toContainText('Unassigned');
});

test("the automation's answers and flow reach the context panel once a rep links the chat to the lead", async () => {
  const webhook = await automationWebhook(server);
  const post = async (body: Record<string, unknown>) => expect((await webhook({ channelWid: WID, phone: '34600010010', ...body })).status).toBe(200);
  await post({ type: 'flow.step', eventId: 'e2e-flow-0001', flow: 'welcome', step: 'ask-budget', at: Date.now() });
  await post({ type: 'qualification.answers', eventId: 'e2e-answers-0001', answers: { budget: 'high', city: 'Valencia' } });
  await post({ type: 'handoff', eventId: 'e2e-handoff-0001', queue: 'pre-sales', summary: 'Wants a demo on Friday', reason: 'asked for a human' });
  await openChat(pageA, 'Cliente 0010');
  await headerBar(pageA).getByRole('button', { name: 'Context' }).click();
  const panel = pageA.locator('[data-inbox="context-panel"]');
  await expect(panel).toContainText('The automation has not run in this chat');
  await panel.getByLabel('Lead phone').fill('34600010010');
  await panel.getByRole('button', { name: 'Link' }).click();
  await expect(panel.locator('[data-inbox="flow-summary"]')).toContainText('Wants a demo on Friday');
  await expect(panel).toContainText('budget');
  await expect(panel).toContainText('Valencia');
  await expect(panel).toContainText('welcome › ask-budget');
  await pageA.screenshot({ path: 'test-results/e2e/automation-context.png' });
  await panel.getByRole('button', { name: 'Close context' }).click();
});

test('badges follow the content when WhatsApp reuses row nodes for other chats', async () => {
  const recycled = await repB.openWhatsApp({ chats: 1000, recycle: 1 });
  const admin = server.client(await server.adminToken());
  const members = new Map((await admin.members.list.query()).map((m) => [m.id, m.name]));
  const owners = new Map((await admin.conversations.list.query({})).map((c) => [c.title, c.ownerId ? members.get(c.ownerId)! : null]));
  const wa = fakeWhatsApp(recycled);
  for (const position of [0, 300, 12, 880, 0]) {
    await wa.scrollTo(position);
    await expect
      .poll(
        async () => {
          const rows = await renderedBadges(recycled);
          return rows.length > 50 && badgesRight(rows, (t) => owners.get(t) ?? null);
        },
        { timeout: 5_000 },
      )
      .toBe(true);
  }
  await recycled.close();
});
