/**
 * A team sets itself up in the extension: an admin creates a queue with round-robin and an SLA with business hours
 * in Settings, a webhook lead is routed by it and the rep sees its SLA clock, a manager's capacity change governs
 * the next routing, and an agent gets only their own profile (the server refuses them the team calls).
 */
import { createHmac } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { launchRep, type Rep } from './support/extension';
import { startInboxServer, type InboxClient, type InboxServer } from './support/server';
import { badgeFor, editorOf, guardDialog, headerBar, openChat, rowFor, signIn } from './support/inbox-helpers';

const WID = '34600000001';
const PHONE_CHAT = '\u202A+39 333 123 4567\u202C';
const SHOTS = 'test-results/e2e';

let server: InboxServer;
let admin: InboxClient;
let boss: Rep;
let rita: Rep;
let ritaId: string;
let ritaPage: Page;
let secret = '';
let workspaceId = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  server = await startInboxServer();
  admin = server.client(await server.adminToken());
  workspaceId = (await admin.auth.me.query()).workspace.id;
  [boss, rita] = await Promise.all([launchRep({ viewport: { width: 1100, height: 900 } }), launchRep()]);
  await signIn(boss, server, 'Ada Boss', 'admin');
  ritaId = await signIn(rita, server, 'Rita Rep');
  ritaPage = await rita.openWhatsApp({ chats: 300 });
  const channel = (await admin.conversations.resolveChannel.mutate({ wid: WID })).id;
  // Routing counts only a rep whose WhatsApp tab of this number is open and healthy.
  await expect
    .poll(async () => (await admin.metrics.coverage.query()).members.find((m) => m.id === ritaId)?.connections.some((c) => c.channelId === channel) ?? false, {
      timeout: 15_000,
    })
    .toBe(true);
});

test.afterAll(async () => {
  await Promise.allSettled([boss?.close(), rita?.close()]);
  await server?.dispose();
});

/** Opens Settings the way a person does: the popup's "Team settings" button opens it in a tab. */
async function openSettingsFromPopup(rep: Rep): Promise<Page> {
  const popup = await rep.openPopup();
  const opened = rep.context.waitForEvent('page', { predicate: (p) => p.url().endsWith('/settings.html') });
  await popup.getByRole('button', { name: 'Team settings' }).click();
  const page = await opened;
  await popup.close();
  await expect(page.getByRole('heading', { name: 'Team settings' })).toBeVisible();
  return page;
}

/** A signed delivery with the secret the admin copied from Settings. */
async function deliver(body: Record<string, unknown>) {
  const raw = JSON.stringify(body);
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = createHmac('sha256', secret).update(`${ts}.${raw}`).digest('hex');
  const res = await fetch(`${server.url}/webhooks/automation/${workspaceId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-inbox-timestamp': ts, 'x-inbox-signature': `sha256=${sig}` },
    body: raw,
  });
  return res.status;
}

const handoff = (eventId: string, phone: string) => ({
  type: 'handoff',
  eventId,
  channelWid: WID,
  phone,
  queue: 'vip',
  priority: 'high',
  summary: 'Wants the yearly plan',
  reason: 'asked for a person',
});

test('an admin creates a queue with round-robin and an SLA with business hours, by clicking and typing', async () => {
  const page = await openSettingsFromPopup(boss);
  const tab = (name: string) => page.getByRole('tab', { name });

  // Queues: a bad name is refused next to its field by the server's own schema, then "vip" is created and routed.
  await tab('Queues').click();
  await page.getByLabel('New queue').fill('vip, gold');
  await page.getByRole('button', { name: 'Create queue' }).click();
  await expect(page.getByRole('form', { name: 'Create queue' }).getByRole('alert')).toHaveText('A queue name cannot contain a comma.');
  await page.getByLabel('New queue').fill('vip');
  await page.getByRole('button', { name: 'Create queue' }).click();
  const vip = page.locator('[data-queue="vip"]');
  await expect(vip).toBeVisible();
  await vip.getByLabel('Routing', { exact: true }).selectOption('round-robin');
  await vip.getByLabel('Owner-response timeout (minutes)').fill('0');
  await vip.getByRole('button', { name: 'Save' }).click();
  await expect(vip.getByRole('alert')).toHaveText('Must be more than 0.');
  await vip.getByLabel('Owner-response timeout (minutes)').fill('');
  await vip.getByRole('button', { name: 'Save' }).click();
  await expect(vip.getByRole('status')).toContainText('Saved');
  await page.screenshot({ path: `${SHOTS}/settings-queues.png`, fullPage: true });

  // Members: an invite shows its one-time code and the steps to send; the code signs the person in.
  await tab('Members').click();
  await page.getByLabel('Name of the person to invite').fill('Nora New');
  await page.getByRole('button', { name: 'Invite', exact: true }).click();
  const invite = page.getByTestId('invite-result');
  await expect(invite.locator('pre')).toContainText(server.url);
  const code = (await page.getByTestId('invite-code').textContent())!;
  await expect(invite.locator('pre')).toContainText(code);
  await page.screenshot({ path: `${SHOTS}/settings-invite.png`, fullPage: true });
  expect(await server.redeem(code)).toBeTruthy();

  // Rita works the new queue.
  const ritaRow = page.locator('tr', { hasText: 'Rita Rep' });
  await ritaRow.getByRole('checkbox', { name: 'vip' }).check();
  await expect(ritaRow.getByRole('status')).toContainText('Saved');

  // SLA: first response in 30 minutes, open all day every day (so the test's clock is inside), a holiday far away.
  await tab('SLA').click();
  await page.getByLabel('Queue', { exact: true }).selectOption('vip');
  await page.getByLabel('First response').fill('30');
  await page.getByLabel('Warn at (% of the target)').fill('80');
  await page.getByRole('button', { name: 'Add hours to Monday' }).click();
  await page.getByLabel('Monday, range 1, opens').fill('00:00');
  await page.getByLabel('Monday, range 1, closes').fill('25:00');
  await page.getByRole('button', { name: 'Save SLA' }).click();
  await expect(page.locator('tr[data-day="mon"]').getByRole('alert')).toHaveText('Use HH:MM, from 00:00 to 24:00.');
  await page.getByLabel('Monday, range 1, closes').fill('24:00');
  await page.getByLabel('Time zone').fill('Mars/Olympus');
  await page.getByRole('button', { name: 'Save SLA' }).click();
  await expect(page.locator('#sla-zone + .field-error, #sla-zone ~ .field-error')).toContainText('Not a time zone');
  await page.getByLabel('Time zone').fill('Europe/Rome');
  await page.getByRole('button', { name: 'Same hours as Monday every day' }).click();
  await page.getByLabel('Holidays (closed all day)').fill('2031-01-01');
  await page.getByRole('button', { name: 'Add holiday' }).click();
  await page.getByLabel('Move the chat to').selectOption('escalation');
  await page.getByRole('button', { name: 'Save SLA' }).click();
  await expect(page.getByRole('form', { name: 'SLA policy of vip' }).getByRole('status')).toContainText('Saved');
  await page.screenshot({ path: `${SHOTS}/settings-sla-vip.png`, fullPage: true });

  // Support: office hours with a lunch break on weekdays, closed at the weekend and on Christmas.
  await page.getByLabel('Queue', { exact: true }).selectOption('support');
  await page.getByLabel('First response').fill('60');
  await page.getByLabel('Resolution').fill('2880');
  await page.getByLabel('Time zone').fill('Europe/Madrid');
  await page.getByRole('button', { name: 'Add hours to Monday' }).click();
  await page.getByRole('button', { name: 'Add hours to Monday' }).click();
  await page.getByRole('button', { name: 'Same hours as Monday every day' }).click();
  for (const day of ['sat', 'sun'])
    while (await page.locator(`tr[data-day="${day}"] .range`).count())
      await page.locator(`tr[data-day="${day}"]`).getByRole('button', { name: 'Remove these hours' }).first().click();
  await page.getByLabel('Holidays (closed all day)').fill('2026-12-25');
  await page.getByRole('button', { name: 'Add holiday' }).click();
  await page.getByLabel('Notify').selectOption('managers');
  await page.getByRole('button', { name: 'Save SLA' }).click();
  await expect(page.getByRole('form', { name: 'SLA policy of support' }).getByRole('status')).toContainText('Saved');
  await page.screenshot({ path: `${SHOTS}/settings-sla.png`, fullPage: true });
  const support = (await admin.sla.getPolicies.query()).find((p) => p.queue === 'support')!.policy;
  expect(support).toMatchObject({
    firstResponseMs: 3_600_000,
    resolutionMs: 2880 * 60_000,
    escalation: { notify: 'managers', moveToQueue: null },
    mode: {
      schedule: {
        timeZone: 'Europe/Madrid',
        holidays: ['2026-12-25'],
        weekly: {
          mon: [
            { start: '09:00', end: '13:00' },
            { start: '14:00', end: '18:00' },
          ],
          fri: [
            { start: '09:00', end: '13:00' },
            { start: '14:00', end: '18:00' },
          ],
          sat: [],
          sun: [],
        },
      },
    },
  });

  // Rules: the admin creates the automation webhook's secret and copies it (shown once), with an example request.
  await tab('Rules').click();
  await page.getByRole('button', { name: 'Create secret' }).click();
  const shown = page.getByTestId('webhook-secret');
  await expect(shown).toContainText('whsec_');
  secret = (await shown.locator('code').first().textContent())!;
  await expect(shown.locator('pre')).toContainText(`/webhooks/automation/${workspaceId}`);
  await page.screenshot({ path: `${SHOTS}/settings-rules.png`, fullPage: true });

  // What the server now holds is what was typed.
  const queue = (await admin.routing.getQueues.query()).queues.find((q) => q.name === 'vip');
  expect(queue).toMatchObject({ mode: 'round-robin', sticky: false, ownerResponseTimeoutMs: null });
  const policy = (await admin.sla.getPolicies.query()).find((p) => p.queue === 'vip')!.policy;
  expect(policy).toMatchObject({
    firstResponseMs: 30 * 60_000,
    warnAtFraction: 0.8,
    escalation: { moveToQueue: 'escalation' },
    mode: { kind: 'business', schedule: { timeZone: 'Europe/Rome', holidays: ['2031-01-01'] } },
  });
  expect(
    policy.mode.kind === 'business' &&
      Object.values(policy.mode.schedule.weekly).every((d) => d.length === 1 && d[0]!.start === '00:00' && d[0]!.end === '24:00'),
  ).toBe(true);
  expect((await admin.members.list.query()).find((m) => m.id === ritaId)!.queues).toContain('vip');
  await page.close();
});

test("a webhook lead is routed to the queue's rep, who sees its SLA clock on WhatsApp", async () => {
  expect(await deliver(handoff('e2e-settings-lead-1', '+393331234567'))).toBe(200);
  await expect
    .poll(async () => (await admin.conversations.list.query({ limit: 5000 })).find((c) => c.phone === '393331234567' && c.queue === 'vip')?.ownerId ?? null, {
      timeout: 20_000,
    })
    .toBe(ritaId);
  await rowFor(ritaPage, PHONE_CHAT).scrollIntoViewIfNeeded();
  await expect(badgeFor(ritaPage, PHONE_CHAT)).toHaveAttribute('data-owner', 'Rita Rep');
  await expect(badgeFor(ritaPage, PHONE_CHAT).locator('.sla')).toBeVisible();
  await openChat(ritaPage, PHONE_CHAT);
  await expect(headerBar(ritaPage).locator('[data-inbox="sla"]')).toBeVisible();
  await ritaPage.screenshot({ path: `${SHOTS}/settings-routed-lead.png` });
});

test("a manager changes a member's capacity in Settings and the next routing respects it", async () => {
  // The admin's browser is handed to a manager.
  const options = await boss.openOptions();
  await options.getByRole('button', { name: 'Sign out' }).click();
  await options.close();
  await signIn(boss, server, 'Mia Manager', 'manager');
  const page = await openSettingsFromPopup(boss);
  const ritaRow = page.locator('tr', { hasText: 'Rita Rep' });
  // Rita owns one chat now: a capacity of 1 leaves no room for the next lead.
  await ritaRow.getByLabel('Capacity of Rita Rep').fill('-1');
  await ritaRow.getByRole('button', { name: 'Save' }).click();
  await expect(ritaRow.getByRole('alert')).toHaveText('At least 0.');
  await ritaRow.getByLabel('Capacity of Rita Rep').fill('1');
  await ritaRow.getByRole('button', { name: 'Save' }).click();
  await expect.poll(async () => (await admin.members.list.query()).find((m) => m.id === ritaId)!.capacity).toBe(1);
  await expect(page.locator('tr', { hasText: 'Rita Rep' }).getByLabel('Capacity of Rita Rep')).toHaveValue('1');
  // A manager sees no admin controls: no invite, no role change, no revoke.
  await expect(page.getByRole('form', { name: 'Invite' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Revoke' })).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/settings-members.png`, fullPage: true });

  expect(await deliver(handoff('e2e-settings-lead-2', '+393330000002'))).toBe(200);
  const second = async () => (await admin.conversations.list.query({ limit: 5000 })).find((c) => c.phone === '393330000002');
  await expect.poll(async () => (await second())?.queue ?? null, { timeout: 15_000 }).toBe('vip');
  // Several routing passes go by (one every few seconds) and the chat stays unowned, waiting for room.
  const lead = (await second())!;
  const pass = await admin.routing.drain.mutate({ limit: 100 });
  expect(pass.assigned.some((a) => a.conversationId === lead.id)).toBe(false);
  expect((await second())!.ownerId).toBeNull();

  // Room for one more: the waiting lead goes to Rita on the next pass.
  await page.locator('tr', { hasText: 'Rita Rep' }).getByLabel('Capacity of Rita Rep').fill('2');
  await page.locator('tr', { hasText: 'Rita Rep' }).getByRole('button', { name: 'Save' }).click();
  await expect.poll(async () => (await second())?.ownerId ?? null, { timeout: 20_000 }).toBe(ritaId);
  await page.close();
});

test('an agent cannot open team settings: only their profile and availability, and the server refuses the calls', async () => {
  const page = await openSettingsFromPopup(rita);
  await expect(page.getByTestId('agent-note')).toBeVisible();
  await expect(page.getByRole('tab')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Members' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'My profile' })).toBeVisible();
  await page.getByLabel('The name teammates see').fill('Rita R.');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Rita R. (invited as Rita Rep)')).toBeVisible({ timeout: 10_000 });
  await page.getByLabel('Availability').selectOption('away');
  await expect.poll(async () => (await admin.members.list.query()).find((m) => m.id === ritaId)!.availability).toBe('away');
  await page.screenshot({ path: `${SHOTS}/settings-agent.png`, fullPage: true });
  await page.getByLabel('Availability').selectOption('available');
  await page.close();

  // An agent's token, asking the server directly: every team call is refused.
  const agent = server.client(await server.redeem((await server.invite('Ugo Agent', 'agent')).code));
  const refusals = await Promise.all([
    agent.settings.team.query().then(
      () => 'allowed',
      (e) => e.data?.code,
    ),
    agent.settings.createQueue.mutate({ name: 'mine' }).then(
      () => 'allowed',
      (e) => e.data?.code,
    ),
    agent.settings.setRules.mutate({ agentsCanTakeOver: true }).then(
      () => 'allowed',
      (e) => e.data?.code,
    ),
    agent.members.update.mutate({ memberId: ritaId, capacity: 50 }).then(
      () => 'allowed',
      (e) => e.data?.code,
    ),
    agent.sla.setPolicy.mutate({ queue: 'vip', policy: null }).then(
      () => 'allowed',
      (e) => e.data?.code,
    ),
    agent.routing.setQueue.mutate({ queue: 'vip', mode: 'manual' }).then(
      () => 'allowed',
      (e) => e.data?.code,
    ),
  ]);
  expect(refusals).toEqual(Array(6).fill('FORBIDDEN'));
});

test("the take-over rule reaches the agent's guard live: offered only while the team allows it", async () => {
  const name = 'Cliente 0020';
  const chat = await admin.conversations.resolve.mutate({ channelId: (await admin.conversations.resolveChannel.mutate({ wid: WID })).id, title: name });
  if (chat.ambiguous) throw new Error('ambiguous');
  await admin.assignment.claim.mutate({ conversationId: chat.conversation.id });
  await rowFor(ritaPage, name).scrollIntoViewIfNeeded();
  await openChat(ritaPage, name);
  await editorOf(ritaPage).click();
  await ritaPage.keyboard.type('Buongiorno');
  await ritaPage.keyboard.press('Enter');
  const dialog = guardDialog(ritaPage);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Take over', exact: true })).toHaveCount(0);

  const page = await openSettingsFromPopup(boss);
  await page.getByRole('tab', { name: 'Rules' }).click();
  await page.getByRole('checkbox', { name: 'Agents may take over' }).check();
  await expect(page.getByRole('region', { name: 'Rules' }).getByRole('status')).toContainText('Saved');
  await expect(dialog.getByRole('button', { name: 'Take over', exact: true })).toBeVisible({ timeout: 10_000 });
  await page.getByRole('checkbox', { name: 'Agents may take over' }).uncheck();
  await expect(dialog.getByRole('button', { name: 'Take over', exact: true })).toHaveCount(0, { timeout: 10_000 });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await page.close();
});
