/**
 * Find my work: the popup lists my chats and the team's unowned waiting ones, the nearest SLA due first, and clicking
 * one opens it in WhatsApp Web: by its row when rendered, by WhatsApp's chat search when not, and by the number's
 * send link when the page has no such chat.
 */
import { expect, test, type Page } from '@playwright/test';
import { fakeWhatsApp, launchRep, type Rep } from './support/extension';
import { startInboxServer, type InboxClient, type InboxServer } from './support/server';
import { signIn } from './support/inbox-helpers';

const WID = '34600000001';
const MIN = 60_000;

let server: InboxServer;
let admin: InboxClient;
let rep: Rep;
let page: Page;
let anaId: string;
let channelId: string;

/** A conversation for a chat, a customer message `agoMs` ago (its SLA clock starts then), optionally someone's. */
async function chat(identity: { jid?: string; title: string; phone?: string }, agoMs: number, ownerId?: string, queue?: string) {
  const r = await admin.conversations.resolve.mutate({ channelId, ...identity });
  if (r.ambiguous) throw new Error('ambiguous');
  const id = r.conversation.id;
  if (queue) await admin.status.setQueue.mutate({ conversationId: id, queue });
  if (ownerId) await admin.assignment.assign.mutate({ conversationId: id, memberId: ownerId });
  await admin.observations.message.mutate({
    conversationId: id,
    direction: 'in',
    at: Date.now() - agoMs,
    messageId: `3A${id.replace(/\W/g, '').slice(-18).padStart(18, '0')}`,
  });
  return id;
}

const fromFake = async (index: number) => {
  const c = await fakeWhatsApp(page).chat(index);
  return { jid: c.jid, title: c.name };
};

async function openPopup() {
  const popup = await rep.openPopup();
  await popup.setViewportSize({ width: 460, height: 640 });
  await expect(popup.getByTestId('my-work')).toBeVisible({ timeout: 15_000 });
  return popup;
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  server = await startInboxServer();
  admin = server.client(await server.adminToken());
  rep = await launchRep();
  anaId = await signIn(rep, server, 'Ana Pérez');
  // No unread chats on the page: the list's own backfill adds no waiting chats to the popup.
  page = await rep.openWhatsApp({ chats: 600, unread: 0 });
  channelId = (await admin.conversations.resolveChannel.mutate({ wid: WID })).id;
  await admin.sla.setPolicy.mutate({ queue: 'support', policy: { firstResponseMs: 60 * MIN, warnAtFraction: 0.8, mode: { kind: 'wall' } } });
});

test.afterAll(async () => {
  await rep?.close();
  await server?.dispose();
});

test('the popup lists my chats and the unowned waiting ones, the nearest SLA due first, with their clocks', async () => {
  const { code } = await server.invite('Bo Chen');
  const bo = await server.client(await server.redeem(code)).auth.me.query();
  // Due in 60 - 55 = 5 min (warning), 60 - 30 = 30 min, 60 - 10 = 50 min; one without an SLA (pre-sales has none).
  await chat(await fromFake(30), 30 * MIN, anaId);
  await chat(await fromFake(31), 55 * MIN);
  await chat(await fromFake(32), 10 * MIN, anaId);
  await chat(await fromFake(33), 20 * MIN, anaId, 'pre-sales');
  // Not mine and not unowned: Bo's. Unowned but answered: nothing to do.
  await chat(await fromFake(34), 40 * MIN, bo.member.id);
  const answered = await chat(await fromFake(35), 45 * MIN);
  await admin.observations.message.mutate({ conversationId: answered, direction: 'out', at: Date.now(), messageId: 'A5000000000000000000000000000035' });

  const popup = await openPopup();
  const items = popup.getByTestId('work-item');
  const names = await Promise.all([31, 30, 32, 33].map(async (i) => (await fromFake(i)).title));
  await expect(items.locator('.work-title')).toHaveText(names);
  await expect(items.nth(0)).toContainText('unowned');
  await expect(items.nth(0).getByTestId('work-sla')).toHaveAttribute('data-state', 'warning');
  await expect(items.nth(1)).toContainText('mine');
  await expect(items.nth(1).getByTestId('work-sla')).toHaveAttribute('data-state', 'ok');
  await expect(items.nth(3)).toContainText('no SLA');
  await expect(popup.getByRole('heading', { name: 'Find my work (4)' })).toBeVisible();
  await popup.screenshot({ path: 'test-results/e2e/popup-my-work.png', fullPage: true });
  await popup.close();
});

test('clicking a chat whose row is rendered opens it in the WhatsApp tab', async () => {
  const target = await fromFake(30);
  expect((await fakeWhatsApp(page).renderedRows()).some((r) => r.jid === target.jid)).toBe(true);
  expect(await fakeWhatsApp(page).openJid()).toBeNull();
  const popup = await openPopup();
  const closed = popup.waitForEvent('close');
  await popup.getByRole('button', { name: `Open ${target.title} in WhatsApp Web` }).click();
  await expect.poll(() => fakeWhatsApp(page).openJid(), { timeout: 15_000 }).toBe(target.jid);
  // Opened, so the popup got out of the way.
  await closed;
});

test("clicking a chat whose row is not rendered finds it with WhatsApp's search, then restores the list", async () => {
  const far = await fromFake(450);
  await chat(far, 59 * MIN);
  expect((await fakeWhatsApp(page).renderedRows()).some((r) => r.jid === far.jid)).toBe(false);
  const popup = await openPopup();
  await expect(popup.getByTestId('work-item').first()).toContainText(far.title);
  await popup.getByRole('button', { name: `Open ${far.title} in WhatsApp Web` }).click();
  await expect.poll(() => fakeWhatsApp(page).openJid(), { timeout: 15_000 }).toBe(far.jid);
  await expect(page.locator('#main header').getByText(far.title)).toBeVisible();
  // The search was cleared: the full list (and its badges) is back, and the rep can type the reply.
  await expect.poll(() => fakeWhatsApp(page).searchQuery()).toBe('');
  await expect(page.locator('#pane-side [role="grid"]')).toHaveAttribute('aria-label', 'Lista delle chat');
  await expect(page.locator('#main footer [contenteditable="true"]')).toBeFocused();
});

/** The chat open in this browser's WhatsApp tab, whichever tab that is now (null while none is ready). */
async function openInWhatsApp(): Promise<string | null> {
  const p = rep.context.pages().find((x) => x.url().startsWith('https://web.whatsapp.com'));
  if (!p) return null;
  return p
    .evaluate(() => {
      const wa = (window as unknown as { __wa?: { ready: boolean; openJid(): string | null } }).__wa;
      return wa?.ready ? wa.openJid() : null;
    })
    .catch(() => null);
}

test("a chat the page has no row for, with a phone number, opens through the number's send link", async () => {
  await chat({ title: '+39 347 000 1111', phone: '393470001111' }, 58 * MIN);
  const popup = await openPopup();
  await popup.getByRole('button', { name: 'Open +39 347 000 1111 in WhatsApp Web' }).click();
  await expect.poll(openInWhatsApp, { timeout: 20_000 }).toBe('393470001111@c.us');
});

test('with no WhatsApp tab open, one is opened and the chat opens in it', async () => {
  const target = await fromFake(36);
  await chat(target, 5 * MIN, anaId);
  for (const p of rep.context.pages()) if (p.url().startsWith('https://web.whatsapp.com')) await p.close();
  const popup = await openPopup();
  await popup.getByRole('button', { name: `Open ${target.title} in WhatsApp Web` }).click();
  await expect.poll(openInWhatsApp, { timeout: 30_000 }).toBe(target.jid);
});
