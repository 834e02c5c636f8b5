/**
 * No lead gets lost: chats nobody opened reach the server from the chat list, leads join their chat by the number
 * it shows, merged records leave every cache, two numbers never cross, and the traffic cop only counts real news.
 */
import { expect, test, type Page } from '@playwright/test';
import { fakeWhatsApp, launchRep, type Rep } from './support/extension';
import { startInboxServer, type InboxClient, type InboxServer } from './support/server';
import { startDelayProxy, type DelayProxy } from './support/delay-proxy';
import { automationWebhook } from './support/webhook';
import { badgeFor, editorOf, guardDialog, headerBar, openChat, rowFor, signIn } from './support/inbox-helpers';

const WID = '34600000001';
const WID2 = '34600000002';
const PHONE_CHAT = '\u202A+39 333 123 4567\u202C';
const MARKS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

let server: InboxServer;
let proxy: DelayProxy;
let admin: InboxClient;
let repA: Rep;
let repB: Rep;
let repC: Rep;
let pageA: Page;
let pageB: Page;
let ids: { ana: string; bo: string; cy: string };

const conversations = () => admin.conversations.list.query({ limit: 5000 });
const byTitle = async (title: string, channelId?: string) =>
  (await conversations()).filter((c) => c.title === title.replace(MARKS, '').trim() && (!channelId || c.channelId === channelId));
const timeline = async (conversationId: string) => (await admin.conversations.context.query({ conversationId })).timeline;
const channelOf = async (wid: string) => (await admin.conversations.resolveChannel.mutate({ wid })).id;
/** Waits until the member's browser reports a WhatsApp tab of this number (or none, with null). */
async function tabReported(memberId: string, channelId: string | null) {
  await expect
    .poll(
      async () => {
        const m = (await admin.metrics.coverage.query()).members.find((x) => x.id === memberId);
        return m?.connections.some((c) => c.channelId === channelId) ?? false;
      },
      { timeout: 15_000 },
    )
    .toBe(true);
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  server = await startInboxServer();
  admin = server.client(await server.adminToken());
  // Rep C's reports of messages it sees in a chat reach the server 1.5 s late, as on a slow server.
  proxy = await startDelayProxy(server.url, 1_500, (path) => path.includes('observations.message'));
  [repA, repB, repC] = await Promise.all([launchRep(), launchRep(), launchRep()]);
  ids = {
    ana: await signIn(repA, server, 'Ana Pérez'),
    bo: await signIn(repB, server, 'Bo Chen'),
    cy: await signIn(repC, server, 'Cy Silva', 'agent', proxy.url),
  };
  await admin.sla.setPolicy.mutate({ queue: 'support', policy: { firstResponseMs: 30 * 60_000, warnAtFraction: 0.8, mode: { kind: 'wall' } } });
  await admin.routing.setQueue.mutate({ queue: 'support', mode: 'round-robin' });
  [pageA, pageB] = await Promise.all([repA.openWhatsApp({ chats: 300 }), repB.openWhatsApp({ chats: 300 })]);
  const channel = await channelOf(WID);
  await Promise.all([tabReported(ids.ana, channel), tabReported(ids.bo, channel)]);
});

test.afterAll(async () => {
  await Promise.allSettled([repA?.close(), repB?.close(), repC?.close()]);
  await proxy?.close();
  await server?.dispose();
});

test('a customer writes to a chat nobody opened: the server has it once, waiting, with its SLA clock, routed', async () => {
  const name = (await fakeWhatsApp(pageA).chat(150)).name;
  expect(await byTitle(name)).toEqual([]);
  for (const page of [pageA, pageB]) await fakeWhatsApp(page).incoming(150, 'Buongiorno, avete ancora il modello blu?', { id: '3A00000000000000E150' });
  await expect
    .poll(
      async () => {
        const [c] = await byTitle(name);
        return !!c && c.waitingSince !== null && c.ownerId !== null && c.sla.some((s) => s.target === 'firstResponse');
      },
      { timeout: 10_000 },
    )
    .toBe(true);
  const found = await byTitle(name);
  expect(found).toHaveLength(1);
  expect([ids.ana, ids.bo]).toContain(found[0].ownerId);
  const events = await timeline(found[0].id);
  expect(events.filter((e) => e.type === 'conversation.created')).toHaveLength(1);
  expect(events.filter((e) => e.type === 'message.observed')).toEqual([
    expect.objectContaining({ data: expect.objectContaining({ direction: 'in', source: 'list' }) }),
  ]);
  // The owner's badge shows on both reps' rows, with the unattended dot.
  const owner = found[0].ownerId === ids.ana ? 'Ana Pérez' : 'Bo Chen';
  await expect(badgeFor(pageB, name)).toHaveAttribute('data-owner', owner);
  await pageB.screenshot({ path: 'test-results/e2e/inbound-captured.png' });
});

test('a reply from the phone (the row turns outgoing, nobody sent through the guard) stops the wait, unattributed', async () => {
  const name = (await fakeWhatsApp(pageA).chat(150)).name;
  for (const page of [pageA, pageB]) await fakeWhatsApp(page).outgoingFromPhone(150, 'Sì, è disponibile', { id: 'A5000000000000000000000000000150' });
  await expect.poll(async () => (await byTitle(name))[0].waitingSince, { timeout: 10_000 }).toBeNull();
  const replies = (await timeline((await byTitle(name))[0].id)).filter((e) => e.type === 'message.observed' && e.data.direction === 'out');
  expect(replies).toEqual([expect.objectContaining({ data: expect.objectContaining({ attributedTo: null, byBot: false, source: 'list' }) })]);
});

test('a reload with 30 unread chats announces nothing old; a real new message is announced once', async () => {
  // Manual routing: what this test counts is activity, not who gets the chats.
  await admin.routing.setQueue.mutate({ queue: 'support', mode: 'manual' });
  await pageA.close();
  pageA = await repA.openWhatsApp({ chats: 300, unread: 30 });
  const unread = (await fakeWhatsApp(pageA).chats()).filter((c) => c.unread > 0).map((c) => c.name.replace(MARKS, '').trim());
  expect(unread).toHaveLength(30);
  // First load: thirty chats the server had never heard of are backfilled as waiting.
  await expect
    .poll(async () => (await conversations()).filter((c) => unread.includes(c.title) && c.waitingSince !== null).length, { timeout: 15_000 })
    .toBe(30);
  const convs = (await conversations()).filter((c) => unread.includes(c.title));
  // Their SLA clocks started at the old messages' times, so breaches may follow: those are not new activity.
  const ACTIVITY = ['conversation.created', 'message.observed', 'status.changed'];
  const activity = async (id: string) => (await timeline(id)).filter((e) => ACTIVITY.includes(e.type)).map((e) => `${e.id}:${e.type}`);
  const before = await Promise.all(convs.map((c) => activity(c.id)));
  await pageA.reload();
  await pageA.waitForFunction(() => (window as unknown as { __wa?: { ready: boolean } }).__wa?.ready === true);
  const fresh = (await fakeWhatsApp(pageA).chat(40)).name;
  await fakeWhatsApp(pageA).incoming(40, 'Posso passare domani?');
  await expect.poll(async () => (await byTitle(fresh))[0]?.waitingSince ?? null, { timeout: 10_000 }).not.toBeNull();
  expect((await timeline((await byTitle(fresh))[0].id)).filter((e) => e.type === 'message.observed')).toHaveLength(1);
  const after = await Promise.all(convs.map((c) => activity(c.id)));
  expect(after).toEqual(before);
});

test('with observation calls 1.5 s late, opening an old chat and typing never holds; a real new message does', async () => {
  // The same list rep A sees (thirty unread), so this tab has nothing of its own to report first.
  const pageC = await repC.openWhatsApp({ chats: 300, unread: 30 });
  await tabReported(ids.cy, await channelOf(WID));
  const wa = fakeWhatsApp(pageC);
  const old = (await wa.chat(44)).name;
  await openChat(pageC, old, { known: false });
  await editorOf(pageC).click();
  await pageC.keyboard.type('Buongiorno, la richiamo io');
  // The late report of the message already on screen has landed, and Cy's worker has applied it (and passed it to
  // the tab) — checked by its last applied event id, not by waiting a while...
  let reported = 0;
  await expect
    .poll(
      async () => {
        const [c] = await byTitle(old);
        reported = c ? ((await timeline(c.id)).find((e) => e.type === 'message.observed' && e.data.backfill === true)?.id ?? 0) : 0;
        return reported > 0;
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  const worker = await repC.serviceWorker();
  const appliedUpTo = () =>
    worker.evaluate(async () => {
      const ext = (globalThis as unknown as { chrome: { storage: { session: { get(key: string): Promise<Record<string, unknown>> } } } }).chrome;
      return Number((await ext.storage.session.get('lastEventId')).lastEventId ?? 0);
    });
  await expect.poll(appliedUpTo, { timeout: 10_000 }).toBeGreaterThanOrEqual(reported);
  // ...and it is history, not news: the send goes through.
  await pageC.keyboard.press('Enter');
  await expect.poll(async () => (await wa.sentMessages()).length).toBe(1);
  await expect(guardDialog(pageC)).toHaveCount(0);

  const other = (await wa.chat(46)).name;
  await openChat(pageC, other, { known: false });
  await editorOf(pageC).click();
  await pageC.keyboard.type('Salve');
  await wa.incoming(46, 'Aspetti, ho cambiato idea');
  await pageC.keyboard.press('Enter');
  await expect(guardDialog(pageC)).toBeVisible();
  await expect(guardDialog(pageC)).toContainText('new message');
  await pageC.screenshot({ path: 'test-results/e2e/traffic-cop-real-message.png' });
  await guardDialog(pageC).getByRole('button', { name: 'Cancel' }).click();
  expect(await wa.sentMessages()).toHaveLength(1);
  await pageC.close();
});

test("a webhook lead with a phone number is the rep's chat the first time it is opened, without and with JIDs in the DOM", async () => {
  const webhook = await automationWebhook(server);
  expect(
    (await webhook({ type: 'qualification.answers', eventId: 'e2e-lead-nojid-1', channelWid: WID, phone: '+393331234567', answers: { budget: '5000' } }))
      .status,
  ).toBe(200);
  await rowFor(pageB, PHONE_CHAT).scrollIntoViewIfNeeded();
  await openChat(pageB, PHONE_CHAT);
  await headerBar(pageB).getByRole('button', { name: 'Context' }).click();
  const panel = pageB.locator('[data-inbox="context-panel"]');
  await expect(panel).toContainText('budget');
  await expect(panel).toContainText('5000');
  await pageB.screenshot({ path: 'test-results/e2e/lead-joined-no-jid.png' });
  await panel.getByRole('button', { name: 'Close context' }).click();

  // The other markup generation (data-ids carry the chat JID), on a second number of the workspace.
  expect(
    (await webhook({ type: 'qualification.answers', eventId: 'e2e-lead-jid-1', channelWid: WID2, phone: '393331234567', answers: { budget: '9000' } })).status,
  ).toBe(200);
  const pageC = await repC.openWhatsApp({ chats: 300, jids: 1, wid: WID2 });
  await rowFor(pageC, PHONE_CHAT).scrollIntoViewIfNeeded();
  await openChat(pageC, PHONE_CHAT);
  await headerBar(pageC).getByRole('button', { name: 'Context' }).click();
  const panelC = pageC.locator('[data-inbox="context-panel"]');
  await expect(panelC).toContainText('9000');
  await panelC.getByRole('button', { name: 'Close context' }).click();
  // One record per number, each the automation's lead and the rep's chat at once.
  const leads = await byTitle('+39 333 123 4567');
  expect(leads).toHaveLength(2);
  expect(new Set(leads.map((c) => c.channelId)).size).toBe(2);
});

test('two numbers in one workspace: the same chat names, no cross-talk in badges, header or guard', async () => {
  const pageC = repC.context.pages().find((p) => p.url().includes(`wid=${WID2}`))!;
  const name = (await fakeWhatsApp(pageA).chat(48)).name;
  await rowFor(pageA, name).scrollIntoViewIfNeeded();
  await openChat(pageA, name, { known: false });
  await headerBar(pageA).getByRole('button', { name: 'Claim' }).click();
  await expect(headerBar(pageA).locator('[data-inbox="owner"]')).toContainText('You');
  await rowFor(pageC, name).scrollIntoViewIfNeeded();
  await expect(badgeFor(pageC, name)).toHaveAttribute('data-owner', '');
  await openChat(pageC, name, { known: false });
  await expect(headerBar(pageC).getByRole('button', { name: 'Claim' })).toBeVisible();
  await expect(headerBar(pageC)).not.toContainText('Ana');
  // Cy's send on number 2 is not held by Ana's claim on number 1.
  await editorOf(pageC).click();
  await pageC.keyboard.type('Ciao dal numero due');
  await pageC.keyboard.press('Enter');
  await expect.poll(async () => (await fakeWhatsApp(pageC).sentMessages()).length).toBe(1);
  await expect(guardDialog(pageC)).toHaveCount(0);
  await expect(badgeFor(pageA, name)).toHaveAttribute('data-owner', 'Ana Pérez');
  const both = await byTitle(name);
  expect(both.map((c) => c.ownerId).sort()).toEqual([ids.ana, ids.cy].sort());
  await pageC.close();
});

test('linking a lead merges it: no stale or duplicated record in any cache, badge or popup; the owner stays', async () => {
  const webhook = await automationWebhook(server);
  const name = (await fakeWhatsApp(pageA).chat(50)).name;
  expect(
    (await webhook({ type: 'qualification.answers', eventId: 'e2e-link-1', channelWid: WID, phone: '34699900001', name, answers: { city: 'Bari' } })).status,
  ).toBe(200);
  await rowFor(pageA, name).scrollIntoViewIfNeeded();
  await openChat(pageA, name);
  // The lead (named like the chat) and the rep's own record share a name until they are linked.
  await rowFor(pageB, name).scrollIntoViewIfNeeded();
  await expect(badgeFor(pageB, name)).toContainText('same name as another chat');
  await headerBar(pageA).getByRole('button', { name: 'Claim' }).click();
  await headerBar(pageA).getByRole('button', { name: 'Context' }).click();
  const panel = pageA.locator('[data-inbox="context-panel"]');
  await panel.getByLabel('Lead phone').fill('34699900001');
  await panel.getByRole('button', { name: 'Link' }).click();
  await expect(panel).toContainText('Bari');
  await panel.getByRole('button', { name: 'Close context' }).click();
  for (const page of [pageA, pageB]) await expect(badgeFor(page, name)).toHaveAttribute('data-owner', 'Ana Pérez');
  for (const page of [pageA, pageB]) await expect(badgeFor(page, name)).not.toContainText('same name');
  const live = await byTitle(name);
  expect(live).toHaveLength(1);
  expect(live[0].ownerId).toBe(ids.ana);
  // Every cache: the worker's copy (what the popup lists) holds the chat once and the lead not at all.
  const popup = await repA.openPopup();
  await expect(popup.getByText(name, { exact: true })).toHaveCount(1);
  await popup.close();
  const workerTitles = await (
    await repB.serviceWorker()
  ).evaluate(async () => {
    const open = indexedDB.open('team-inbox');
    const db = await new Promise<IDBDatabase>((resolve, reject) => ((open.onsuccess = () => resolve(open.result)), (open.onerror = () => reject(open.error))));
    const all = db.transaction('conversations').objectStore('conversations').getAll();
    return new Promise<string[]>((resolve) => (all.onsuccess = () => resolve((all.result as Array<{ title: string }>).map((c) => c.title))));
  });
  expect(workerTitles.filter((t) => t === name)).toHaveLength(1);
});

test('routing picks only reps with a WhatsApp tab of the number open, not merely the extension running', async () => {
  const channel = await channelOf(WID);
  for (const m of [ids.ana, ids.bo]) await admin.members.update.mutate({ memberId: m, queues: ['support'] });
  await admin.members.update.mutate({ memberId: ids.cy, queues: ['escalation'] });
  await admin.routing.setQueue.mutate({ queue: 'escalation', mode: 'round-robin' });
  // Cy's browser runs the extension, with no WhatsApp tab open now.
  for (const p of repC.context.pages()) if (p.url().startsWith('https://web.whatsapp.com')) await p.close();
  await tabReported(ids.cy, null);
  const r = await admin.conversations.resolve.mutate({ channelId: channel, title: 'Escalated customer' });
  if (r.ambiguous) throw new Error('ambiguous');
  await admin.status.setQueue.mutate({ conversationId: r.conversation.id, queue: 'escalation' });
  await admin.observations.message.mutate({ conversationId: r.conversation.id, direction: 'in', at: Date.now(), messageId: '3A0000000000000ESC01' });
  await admin.routing.drain.mutate();
  expect((await admin.conversations.get.query({ conversationId: r.conversation.id })).ownerId).toBeNull();
  await repC.openWhatsApp({ chats: 50 });
  await tabReported(ids.cy, channel);
  await admin.routing.drain.mutate();
  await expect.poll(async () => (await admin.conversations.get.query({ conversationId: r.conversation.id })).ownerId).toBe(ids.cy);
});
