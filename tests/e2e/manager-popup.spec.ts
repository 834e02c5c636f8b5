/**
 * The manager's popup over a scripted morning and a few earlier days: coverage now with the list behind every count,
 * figures, the 14/30-day trend, the CSV export (checked against metrics.summary), and the last known figures while
 * the server is down; screenshots at Chrome's largest popup size (800x600) to look at.
 */
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { parseCsv } from '../../utils/metrics/csv';
import { FIGURE_COLUMNS, SUMMARY_HEADER } from '../../utils/metrics/summary-csv';
import { signIn, useServerAndRep } from './support/inbox-helpers';
import { fakeWhatsApp } from './support/extension';
import type { InboxClient } from './support/server';

const env = useServerAndRep();
const DAY = 86_400_000;
const POPUP = { width: 800, height: 600 };
const ids = {} as Record<'c1' | 'c2' | 'c3' | 'c4', string>;
let managerApi: InboxClient;

async function member(name: string, role: 'agent' | 'manager' = 'agent') {
  const { code } = await env.server.invite(name, role);
  return env.server.client(await env.server.redeem(code));
}

/** Opens the popup at 800x600 and waits for the manager's figures. */
async function managerPopup(): Promise<Page> {
  const popup = await env.rep.openPopup();
  await popup.setViewportSize(POPUP);
  await expect(popup.getByTestId('manager-view')).toBeVisible({ timeout: 15_000 });
  return popup;
}

/** Nothing sticks out sideways: the popup scrolls down inside Chrome's 800 px, never clips on the right. */
async function expectNoSidewaysOverflow(popup: Page) {
  const widths = await popup.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
}

test.describe.serial("the manager's popup", () => {
  test.beforeAll(async () => {
    const ana = await member('Ana Pérez');
    const bo = await member('Bo Chen');
    const bos = await bo.auth.me.query();
    const channel = await ana.conversations.resolveChannel.mutate({ wid: '34600000001' });
    const chat = async (jid: string, title: string) => {
      const r = await ana.conversations.resolve.mutate({ channelId: channel.id, jid, title });
      if (r.ambiguous) throw new Error('ambiguous');
      return r.conversation.id;
    };
    // Earlier days: two chats on each of the last 12 days and one 20 and 25 days ago, answered through the guard
    // after a few minutes, then resolved.
    const earlier: Array<[number, number]> = [
      [20, 8],
      [25, 12],
    ];
    for (let d = 1; d <= 12; d++) earlier.push([d, 2 + (d % 5)], [d, 6 + (d % 5) + (d % 3) * 3]);
    let n = 0;
    for (const [daysAgo, minutes] of earlier) {
      const c = await chat(`3462220${String(++n).padStart(4, '0')}@c.us`, `Earlier ${n}`);
      const at = Date.now() - daysAgo * DAY;
      await ana.observations.message.mutate({ conversationId: c, direction: 'in', at, messageId: `old-in-${n}` });
      await ana.assignment.claim.mutate({ conversationId: c });
      const lock = await ana.locks.acquire.mutate({ conversationId: c });
      await ana.observations.send.mutate({
        conversationId: c,
        token: lock.token,
        at: at + minutes * 60_000,
        messageId: `old-out-${n}`,
        idempotencyKey: `e2e-old-send-${n}-000`,
      });
      await ana.status.set.mutate({ conversationId: c, status: 'resolved' });
    }
    [ids.c1, ids.c2, ids.c3, ids.c4] = await Promise.all([
      chat('34611100001@c.us', 'Lucía'),
      chat('34611100002@c.us', 'Marta'),
      chat('34611100003@c.us', 'Jorge'),
      chat('34611100004@c.us', 'Pilar'),
    ]);
    const now = Date.now();
    for (const [c, id] of [
      [ids.c1, 'in-1'],
      [ids.c2, 'in-2'],
      [ids.c3, 'in-3'],
    ] as const)
      await ana.observations.message.mutate({ conversationId: c, direction: 'in', at: now - 60_000, messageId: id });
    // c1: Ana claims and answers through the guard: answered, hers.
    await ana.assignment.claim.mutate({ conversationId: ids.c1 });
    const lock = await ana.locks.acquire.mutate({ conversationId: ids.c1 });
    await ana.observations.send.mutate({ conversationId: ids.c1, token: lock.token, at: Date.now(), messageId: 'out-1', idempotencyKey: 'e2e-send-c1-0001' });
    // c2 stays unowned and waiting; c3 is Bo's and waiting; c4 goes from Ana to Bo by handoff.
    await bo.assignment.claim.mutate({ conversationId: ids.c3 });
    await ana.assignment.claim.mutate({ conversationId: ids.c4 });
    await ana.assignment.handoff.mutate({ conversationId: ids.c4, memberId: bos.member.id, note: 'Pilar wants the Friday slot' });
    // Ana tried to answer Bo's customer twice: two sends held by the guard.
    await ana.observations.held.mutate({ conversationId: ids.c3, reason: 'owned-by-other', idempotencyKey: 'e2e-held-0001' });
    await ana.observations.held.mutate({ conversationId: ids.c3, reason: 'owned-by-other', idempotencyKey: 'e2e-held-0002' });
    await signIn(env.rep, env.server, 'Mia Manager', 'manager');
    managerApi = await member('Max Reader', 'manager');
  });

  test('shows coverage now, each member, and the figures, inside 800x600', async () => {
    const popup = await managerPopup();
    // Open: c1..c4 = 4. Unowned: c2 = 1. Unattended (waiting): c2, c3 = 2. No SLA policy: no warnings or breaches.
    await expect(popup.getByTestId('coverage-open')).toContainText('4');
    await expect(popup.getByTestId('coverage-unowned')).toContainText('1');
    await expect(popup.getByTestId('coverage-unattended')).toContainText('2');
    await expect(popup.getByTestId('coverage-warning')).toContainText('0');
    await expect(popup.getByTestId('coverage-breaching')).toContainText('0');
    // Load: Ana owns c1 = 1; Bo owns c3 and c4 = 2 (of the default capacity 20).
    const load = popup.getByTestId('member-load');
    await expect(load.locator('tr', { hasText: 'Ana Pérez' })).toContainText('1/20');
    await expect(load.locator('tr', { hasText: 'Bo Chen' })).toContainText('2/20');
    // The manager's own running extension reports itself: online, one live connection.
    await expect(load.locator('tr', { hasText: 'Mia Manager' })).toContainText('available');
    // Today: one reassignment (the handoff, not yet judged unnecessary), two collisions prevented, one first reply.
    await expect(popup.getByTestId('figure-reassignments').getByTestId('today')).toHaveText('1 (0 unnecessary)');
    await expect(popup.getByTestId('figure-held').getByTestId('today')).toHaveText('2');
    await expect(popup.getByTestId('figure-first-reply').getByTestId('today')).not.toHaveText('— / —');
    // Per member over 7 days: Ana's two held sends, and the reassignment is Bo's (the new owner).
    const members = popup.getByTestId('member-figures');
    await expect(members.locator('tr', { hasText: 'Ana Pérez' }).locator('td').last()).toHaveText('2 / 0 / 0');
    await expect(members.locator('tr', { hasText: 'Bo Chen' })).toContainText('1 (0 unnecessary)');
    await expect(popup.getByTestId('queue-figures').locator('tr[data-queue="support"]')).toBeVisible();
    await popup.screenshot({ path: 'test-results/e2e/manager-view.png' });
    await popup.getByTestId('figures').scrollIntoViewIfNeeded();
    await popup.screenshot({ path: 'test-results/e2e/manager-view-figures.png' });
    await popup.getByTestId('export-csv').scrollIntoViewIfNeeded();
    await popup.screenshot({ path: 'test-results/e2e/manager-view-bottom.png' });
    await expectNoSidewaysOverflow(popup);
    await popup.close();
  });

  test('every count opens the list of the chats behind it', async () => {
    const popup = await managerPopup();
    const list = popup.getByTestId('drill-list');
    const listed = () => list.getByTestId('drill-item').evaluateAll((items) => items.map((i) => i.getAttribute('data-conversation-id')).sort());
    const drill = async (open: () => Promise<void>, expected: string[]) => {
      await open();
      await expect(list.getByTestId('drill-item')).toHaveCount(expected.length);
      expect(await listed()).toEqual([...expected].sort());
    };
    await drill(() => popup.getByTestId('coverage-unowned').click(), [ids.c2]);
    await expect(list.getByTestId('drill-item')).toContainText('Marta');
    await expect(list.getByTestId('drill-item')).toContainText('Unassigned');
    await popup.getByRole('button', { name: 'Close' }).click();
    await expect(list).toBeHidden();
    await drill(() => popup.getByTestId('coverage-unattended').click(), [ids.c2, ids.c3]);
    await popup.keyboard.press('Escape');
    await drill(() => popup.getByTestId('coverage-open').click(), [ids.c1, ids.c2, ids.c3, ids.c4]);
    await popup.keyboard.press('Escape');
    // The same count in one queue (all four are in the default queue), and a member's load.
    await drill(() => popup.getByTestId('queue-coverage').locator('tr[data-queue="support"]').getByTestId('queue-unowned').click(), [ids.c2]);
    await popup.keyboard.press('Escape');
    await drill(() => popup.getByTestId('member-load').locator('tr', { hasText: 'Bo Chen' }).getByTestId('member-load-count').click(), [ids.c3, ids.c4]);
    await expect(list.locator('h3')).toContainText('Chats owned by Bo Chen (2)');
    await expect(list.getByTestId('drill-item').first()).toBeEnabled();
    await popup.screenshot({ path: 'test-results/e2e/manager-drill-down.png' });
    await popup.keyboard.press('Escape');
    // Zero counts open nothing.
    await expect(popup.getByTestId('coverage-breaching')).toBeDisabled();
    await popup.close();
  });

  test('the trend switches between 14 and 30 days, with labelled axes and a tooltip per day', async () => {
    const popup = await managerPopup();
    const chart = popup.getByTestId('trend-chart');
    await chart.scrollIntoViewIfNeeded();
    // 14 days: today and the 12 days before it have first replies; 30 days adds 20 and 25 days ago.
    await expect(chart).toHaveAttribute('data-days', '14');
    await expect(chart.getByTestId('trend-day')).toHaveCount(14);
    await expect(chart.locator('circle.p50-dot')).toHaveCount(13);
    const labels14 = await chart.getByTestId('trend-x-label').allTextContents();
    await popup.getByTestId('trend-30').click();
    await expect(chart).toHaveAttribute('data-days', '30');
    await expect(chart.getByTestId('trend-day')).toHaveCount(30);
    await expect(chart.locator('circle.p50-dot')).toHaveCount(15);
    expect(await chart.getByTestId('trend-x-label').allTextContents()).not.toEqual(labels14);
    await expect(chart.locator('text.tick').filter({ hasText: /min/ }).first()).toBeVisible();
    await expect(chart.locator('text.axis-title')).toHaveText('first reply');
    // The day 25 days ago: one first reply after 12 minutes.
    await chart
      .getByTestId('trend-day')
      .nth(29 - 25)
      .hover();
    await expect(popup.getByTestId('trend-tooltip')).toContainText('1 first reply');
    await expect(popup.getByTestId('trend-tooltip')).toContainText('p50 12 min');
    await popup.screenshot({ path: 'test-results/e2e/manager-trend-30.png' });
    await popup.getByTestId('trend-14').click();
    await expect(chart).toHaveAttribute('data-days', '14');
    await popup.close();
  });

  test('Export CSV downloads the summary of the chosen days, as metrics.summary gives it', async () => {
    const popup = await managerPopup();
    const today = await popup.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    });
    await popup.getByLabel('From').fill(today);
    await popup.getByLabel('To').fill(today);
    const [download] = await Promise.all([popup.waitForEvent('download'), popup.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe(`team-inbox-summary_${today}_${today}.csv`);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header).toEqual(SUMMARY_HEADER);
    const workspace = rows.find((r) => r[0] === 'workspace')!;
    const col = (row: string[], name: string) => row[header!.indexOf(name)];
    // The range is the browser's local day (Europe/Rome): [midnight, next midnight).
    const from = Date.parse(col(workspace, 'from')!);
    const to = Date.parse(col(workspace, 'to')!);
    expect(to - from).toBeGreaterThanOrEqual(23 * 3_600_000);
    const summary = await managerApi.metrics.summary.query({ from, to });
    // Time unowned keeps growing while c2 waits, so it is read at a later instant here; every other figure is fixed.
    const steady = FIGURE_COLUMNS.filter(([name]) => name !== 'unowned_time_s');
    expect(steady.map(([name]) => (col(workspace, name) === '' ? null : Number(col(workspace, name))))).toEqual(steady.map(([, read]) => read(summary)));
    expect([col(workspace, 'collisions_prevented'), col(workspace, 'reassignments'), col(workspace, 'open'), col(workspace, 'unattended')]).toEqual([
      '2',
      '1',
      '4',
      '2',
    ]);
    expect(rows.filter((r) => r[0] === 'member').map((r) => col(r, 'member'))).toEqual(expect.arrayContaining(['Ana Pérez', 'Bo Chen', 'Mia Manager']));
    await expect(popup.getByRole('status').filter({ hasText: 'Saved to your downloads.' })).toBeVisible();
    await popup.close();
  });

  test('a chat in a drill-down list opens in the WhatsApp tab', async () => {
    // No unread rows: inbound capture leaves the team's counts as the other tests expect them.
    const page = await env.rep.openWhatsApp({ chats: 100, unread: 0 });
    const target = await fakeWhatsApp(page).chat(30);
    const channel = await managerApi.conversations.resolveChannel.mutate({ wid: '34600000001' });
    const r = await managerApi.conversations.resolve.mutate({ channelId: channel.id, jid: target.jid, title: target.name });
    if (r.ambiguous) throw new Error('ambiguous');
    await managerApi.observations.message.mutate({ conversationId: r.conversation.id, direction: 'in', at: Date.now(), messageId: 'drill-open-in-1' });
    expect(await fakeWhatsApp(page).openJid()).toBeNull();
    const popup = await managerPopup();
    await popup.getByTestId('coverage-unowned').click();
    await popup.getByTestId('drill-list').locator(`[data-conversation-id="${r.conversation.id}"]`).click();
    await expect.poll(() => fakeWhatsApp(page).openJid(), { timeout: 15_000 }).toBe(target.jid);
    await page.close();
    await managerApi.status.set.mutate({ conversationId: r.conversation.id, status: 'resolved' });
  });

  test('while the server is down the last known figures stay, marked stale with their time', async () => {
    const popup = await managerPopup();
    await expect(popup.getByTestId('manager-stale')).toBeHidden();
    await popup.close();
    await env.server.stop();
    const offline = await managerPopup();
    await expect(offline.getByTestId('manager-stale')).toContainText('Offline: the last known figures, from');
    await expect(offline.getByTestId('manager-view')).toHaveAttribute('data-stale', 'true');
    await expect(offline.getByTestId('coverage-open')).toContainText('4');
    await expect(offline.getByTestId('coverage-unowned')).toContainText('1');
    await expect(offline.getByTestId('member-load').locator('tr', { hasText: 'Bo Chen' })).toContainText('2/20');
    await expectNoSidewaysOverflow(offline);
    await offline.screenshot({ path: 'test-results/e2e/manager-view-offline.png' });
    await offline.close();
  });
});
