/**
 * Attention: each notification kind reaches the right member once and nobody else, a replayed event is never told
 * twice, clicking one focuses WhatsApp Web and opens the chat, and the toolbar icon counts my waiting chats.
 * Notifications are read through a hook the test puts on chrome.notifications.create in each rep's worker.
 */
import { expect, test, type Page, type Worker } from '@playwright/test';
import { fakeWhatsApp, launchRep, type Rep } from './support/extension';
import { startInboxServer, type InboxClient, type InboxServer } from './support/server';
import { signIn } from './support/inbox-helpers';

const WID = '34600000001';

/** The parts of the extension API these tests call inside the worker and pages (no chrome types in tests). */
interface Ext {
  notifications: {
    create(id: string, o: { title?: string; message?: string }): Promise<string>;
    getAll(): Promise<Record<string, boolean>>;
    clear(id: string): Promise<boolean>;
    onClicked: { dispatch(id: string): void };
  };
  storage: Record<'local' | 'session', { get(key: string): Promise<Record<string, unknown>>; set(v: Record<string, unknown>): Promise<void> }>;
  action: { getBadgeText(d: object): Promise<string> };
  tabs: {
    query(q: { url: string }): Promise<Array<{ id: number; windowId: number; active: boolean }>>;
    create(p: { windowId: number; url: string; active: boolean }): Promise<{ id: number }>;
    remove(id: number): Promise<void>;
  };
}

interface Shown {
  id: string;
  title: string;
  message: string;
}

let server: InboxServer;
let admin: InboxClient;
let ana: Rep;
let mia: Rep;
let pageAna: Page;
let ids: { ana: string; mia: string };

/** Records every notification the worker creates (then lets Chrome show it, as it would). */
async function hookNotifications(worker: Worker) {
  await worker.evaluate(() => {
    const g = globalThis as unknown as { __shown?: Shown[]; chrome: Ext };
    if (g.__shown) return;
    g.__shown = [];
    const real = g.chrome.notifications.create.bind(g.chrome.notifications);
    g.chrome.notifications.create = (id, o) => {
      g.__shown!.push({ id, title: o.title ?? '', message: o.message ?? '' });
      return real(id, o);
    };
  });
}
const shown = async (rep: Rep): Promise<Shown[]> => (await rep.serviceWorker()).evaluate(() => (globalThis as unknown as { __shown: Shown[] }).__shown);
const shownFor = async (rep: Rep, conversationId: string) => (await shown(rep)).filter((n) => n.id.endsWith(`:${conversationId}`));
/** The last event id the rep's worker has applied: once it reaches the server's head, nothing is still on its way. */
const applied = async (rep: Rep) =>
  (await rep.serviceWorker()).evaluate(async () =>
    Number((await (globalThis as unknown as { chrome: Ext }).chrome.storage.session.get('lastEventId')).lastEventId ?? 0),
  );
async function settled(...reps: Rep[]) {
  const { lastEventId } = await admin.events.head.query();
  for (const rep of reps) await expect.poll(() => applied(rep), { timeout: 15_000 }).toBeGreaterThanOrEqual(Number(lastEventId));
}
const badge = async (rep: Rep) => (await rep.serviceWorker()).evaluate(() => (globalThis as unknown as { chrome: Ext }).chrome.action.getBadgeText({}));

/** A conversation for one of the fake page's chats, assigned first when an owner is given, then a customer message waiting. */
async function waitingChat(index: number, page: Page, ownerId?: string) {
  const chat = await fakeWhatsApp(page).chat(index);
  const channel = await admin.conversations.resolveChannel.mutate({ wid: WID });
  const r = await admin.conversations.resolve.mutate({ channelId: channel.id, jid: chat.jid, title: chat.name });
  if (r.ambiguous) throw new Error('ambiguous');
  if (ownerId) await admin.assignment.assign.mutate({ conversationId: r.conversation.id, memberId: ownerId });
  await admin.observations.message.mutate({
    conversationId: r.conversation.id,
    direction: 'in',
    at: Date.now(),
    messageId: `3A${String(index).padStart(18, '0')}`,
  });
  return { id: r.conversation.id, jid: chat.jid, name: chat.name };
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  server = await startInboxServer();
  admin = server.client(await server.adminToken());
  [ana, mia] = await Promise.all([launchRep(), launchRep()]);
  ids = { ana: await signIn(ana, server, 'Ana Pérez'), mia: await signIn(mia, server, 'Mia Manager', 'manager') };
  await Promise.all([hookNotifications(await ana.serviceWorker()), hookNotifications(await mia.serviceWorker())]);
  pageAna = await ana.openWhatsApp({ chats: 300 });
});

test.afterAll(async () => {
  await Promise.allSettled([ana?.close(), mia?.close()]);
  await server?.dispose();
});

test('an assignment tells the new owner once, and nobody else', async () => {
  const chat = await waitingChat(20, pageAna, ids.ana);
  await expect.poll(async () => (await shownFor(ana, chat.id)).length, { timeout: 15_000 }).toBe(1);
  await settled(ana, mia);
  const [n] = await shownFor(ana, chat.id);
  expect(n.title).toBe(chat.name);
  expect(n.message).toBe('Ada Admin assigned this chat to you');
  expect(await shownFor(mia, chat.id)).toEqual([]);
  // Ana's one waiting chat is on her toolbar icon.
  await expect.poll(() => badge(ana)).toBe('1');
  expect(await badge(mia)).toBe('');
});

test('an @mention in a note tells the member mentioned, not the others', async () => {
  const chat = await waitingChat(21, pageAna);
  await admin.notes.add.mutate({ conversationId: chat.id, body: '@mia can you look at this one?' });
  await expect.poll(async () => (await shownFor(mia, chat.id)).length, { timeout: 15_000 }).toBe(1);
  await settled(ana, mia);
  expect((await shownFor(mia, chat.id))[0].message).toBe('Ada Admin mentioned you in a note\n“@mia can you look at this one?”');
  expect(await shownFor(ana, chat.id)).toEqual([]);
});

test('a handoff request tells the owner once, and nobody else', async () => {
  const chat = await waitingChat(26, pageAna, ids.ana);
  await expect.poll(async () => (await shownFor(ana, chat.id)).length, { timeout: 15_000 }).toBe(1);
  const { code, memberId: boId } = await server.invite('Bo Chen', 'agent');
  const bo = server.client(await server.redeem(code, 'Bo Chen'));
  await bo.assignment.requestHandoff.mutate({ conversationId: chat.id, note: 'I spoke to her yesterday' });
  await expect
    .poll(async () => (await shownFor(ana, chat.id)).map((n) => n.message), { timeout: 15_000 })
    .toEqual(['Ada Admin assigned this chat to you', 'Bo Chen asks you to hand this chat over\n“I spoke to her yesterday”']);
  await settled(ana, mia);
  expect(await shownFor(mia, chat.id)).toEqual([]);
  // Accepted (by a manager here): the chat is Bo's now; Ana was the one who handed it over, so she hears nothing more.
  await admin.assignment.answerHandoff.mutate({ conversationId: chat.id, requestedBy: boId, accept: true });
  await settled(ana, mia);
  expect(await shownFor(ana, chat.id)).toHaveLength(2);
  expect(await shownFor(mia, chat.id)).toEqual([]);
  expect((await admin.conversations.get.query({ conversationId: chat.id })).ownerId).toBe(boId);
});

test("a short SLA: the owner hears the warning and the breach once each, the queue's manager the breach", async () => {
  // 6 s to the first reply, warning at half time: both fire within seconds, raised by the server's own timer.
  await admin.sla.setPolicy.mutate({ queue: 'support', policy: { firstResponseMs: 6_000, warnAtFraction: 0.5, mode: { kind: 'wall' } } });
  const chat = await waitingChat(22, pageAna, ids.ana);
  const kinds = async (rep: Rep) => (await shownFor(rep, chat.id)).map((n) => n.message);
  await expect
    .poll(() => kinds(ana), { timeout: 30_000 })
    .toEqual(['Ada Admin assigned this chat to you', 'SLA warning: first response is due soon', 'SLA breached: first response']);
  await expect.poll(() => kinds(mia), { timeout: 15_000 }).toEqual(['SLA breached in support: first response (Ana Pérez)']);
  // Everything the server wrote about it (breach, escalation, clocks) has reached both workers: still one each.
  await settled(ana, mia);
  expect(await kinds(ana)).toHaveLength(3);
  expect(await kinds(mia)).toHaveLength(1);
  await admin.sla.setPolicy.mutate({ queue: 'support', policy: { firstResponseMs: null, warnAtFraction: 0.8, mode: { kind: 'wall' } } });
  await expect.poll(() => badge(ana)).toBe('2');
});

test('a switched-off kind is not shown; the toolbar count follows replies', async () => {
  const options = await ana.openOptions();
  const prefs = options.getByTestId('notification-prefs');
  await expect(prefs).toContainText('Ana Pérez');
  // An agent is offered only their own kinds.
  await expect(prefs.locator('input[type="checkbox"]')).toHaveCount(5);
  await prefs.getByLabel('Someone @mentions me in a note').uncheck();
  await options.screenshot({ path: 'test-results/e2e/notification-preferences.png', fullPage: true });
  await options.close();
  // A manager is also offered the kinds of the queues they work.
  const managerOptions = await mia.openOptions();
  await expect(managerOptions.getByTestId('notification-prefs').locator('input[type="checkbox"]')).toHaveCount(7);
  await expect(managerOptions.getByTestId('notification-prefs')).toContainText('support');
  await managerOptions.screenshot({ path: 'test-results/e2e/notification-preferences-manager.png', fullPage: true });
  await managerOptions.close();
  const chat = await waitingChat(23, pageAna);
  await admin.notes.add.mutate({ conversationId: chat.id, body: 'thanks @ana' });
  await admin.notes.add.mutate({ conversationId: chat.id, body: '@mia fyi' });
  await expect.poll(async () => (await shownFor(mia, chat.id)).length, { timeout: 15_000 }).toBe(1);
  await settled(ana, mia);
  expect(await shownFor(ana, chat.id)).toEqual([]);

  // A reply to one of Ana's waiting chats takes it off her count.
  const [first] = (await admin.conversations.list.query({ limit: 100 })).filter((c) => c.ownerId === ids.ana && c.waitingSince !== null);
  await admin.observations.message.mutate({ conversationId: first.id, direction: 'out', at: Date.now(), messageId: 'A5000000000000000000000000000001' });
  await expect.poll(() => badge(ana), { timeout: 15_000 }).toBe('1');
});

test('an event replayed after the worker restarts (it resumes from an earlier id) is not told again', async () => {
  const chat = await waitingChat(24, pageAna);
  const before = Number((await admin.events.head.query()).lastEventId);
  await admin.assignment.assign.mutate({ conversationId: chat.id, memberId: ids.ana });
  await expect.poll(async () => (await shownFor(ana, chat.id)).length, { timeout: 15_000 }).toBe(1);
  await settled(ana);
  // Chrome shows what was created; clear it, rewind the worker's resume point to before the assignment, restart it.
  const page = await ana.openOptions();
  await page.evaluate(async (from) => {
    const ext = (globalThis as unknown as { chrome: Ext }).chrome;
    for (const id of Object.keys(await ext.notifications.getAll())) await ext.notifications.clear(id);
    await ext.storage.session.set({ lastEventId: from });
  }, before);
  await ana.stopServiceWorker();
  await ana.startServiceWorker();
  await settled(ana);
  expect(await page.evaluate(() => (globalThis as unknown as { chrome: Ext }).chrome.notifications.getAll())).toEqual({});
  await page.close();
  await hookNotifications(await ana.serviceWorker());
});

test('clicking a notification focuses the WhatsApp tab and opens its chat', async () => {
  const chat = await waitingChat(25, pageAna, ids.ana);
  await expect.poll(async () => (await shownFor(ana, chat.id)).length, { timeout: 15_000 }).toBe(1);
  const [n] = await shownFor(ana, chat.id);
  // Another tab of WhatsApp's window is in front, and WhatsApp shows some other chat.
  const worker = await ana.serviceWorker();
  const other = await worker.evaluate(async () => {
    const ext = (globalThis as unknown as { chrome: Ext }).chrome;
    const [wa] = await ext.tabs.query({ url: 'https://web.whatsapp.com/*' });
    return (await ext.tabs.create({ windowId: wa.windowId, url: 'about:blank', active: true })).id;
  });
  const whatsAppActive = () =>
    worker.evaluate(
      async () => (await (globalThis as unknown as { chrome: Ext }).chrome.tabs.query({ url: 'https://web.whatsapp.com/*' }))[0]?.active ?? false,
    );
  await expect.poll(whatsAppActive).toBe(false);
  expect(await fakeWhatsApp(pageAna).openJid()).not.toBe(chat.jid);
  // What Chrome does when the rep clicks it.
  await worker.evaluate((id) => (globalThis as unknown as { chrome: Ext }).chrome.notifications.onClicked.dispatch(id), n.id);
  await expect.poll(() => fakeWhatsApp(pageAna).openJid(), { timeout: 15_000 }).toBe(chat.jid);
  expect(await whatsAppActive()).toBe(true);
  await expect(pageAna.locator('#main header').getByText(chat.name)).toBeVisible();
  await worker.evaluate((id) => (globalThis as unknown as { chrome: Ext }).chrome.tabs.remove(id), other);
});
