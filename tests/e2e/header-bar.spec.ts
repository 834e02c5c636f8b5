/**
 * The header bar and the context panel as reps use them: handoff requests between two browsers, queue moves,
 * labels and assignment edited inline, and a layout that stays clear of WhatsApp's own header and composer.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { fakeWhatsApp } from './support/extension';
import { editorOf, guardDialog, headerBar, openChat } from './support/inbox-helpers';
import { boxesOverlap, control, conversationOf, eventsOf, panelOf, useTwoReps, type Box } from './support/header-helpers';

const WID = '34600000001';
test.describe.configure({ mode: 'serial' });
// Ana is a manager: she answers requests as the owner and reassigns a teammate's chat with a note.
const env = useTwoReps({ name: 'Ana Pérez', role: 'manager' }, { name: 'Bo Chen', role: 'agent' });
let pageA: Page;
let pageB: Page;
let ana: string;
let bo: string;
test.beforeAll(() => ({ pageA, pageB, a: ana, b: bo } = env));

const admin = async () => env.server.client(await env.server.adminToken());
const requestFor = (page: Page) => headerBar(page).locator('[data-inbox="handoff-request"]');

test("B's held send becomes a handoff request; A sees it in the header bar, accepts, and B sends", async () => {
  await openChat(pageA, 'Cliente 0001');
  await headerBar(pageA).getByRole('button', { name: 'Claim' }).click();
  await expect(headerBar(pageA).locator('[data-inbox="owner"]')).toContainText('You');
  await openChat(pageB, 'Cliente 0001');
  await expect(headerBar(pageB).locator('[data-inbox="owner"]')).toContainText('Ana Pérez');
  await editorOf(pageB).click();
  await pageB.keyboard.type('Te escribo yo');
  await pageB.keyboard.press('Enter');
  await expect(guardDialog(pageB)).toBeVisible();
  await guardDialog(pageB).getByRole('button', { name: 'Request handoff' }).click();
  await expect(guardDialog(pageB)).toHaveCount(0);
  await expect(headerBar(pageB).locator('[data-inbox="handoff-requested"]')).toHaveText('Handoff requested');
  // The owner's bar shows the request without a reload, from the live feed.
  await expect(requestFor(pageA)).toContainText('Bo Chen asks for this chat');
  await pageA.screenshot({ path: 'test-results/e2e/header-request-1280.png' });
  await requestFor(pageA).getByRole('button', { name: 'Accept' }).click();
  await expect(headerBar(pageB).locator('[data-inbox="owner"]')).toContainText('You');
  await expect(headerBar(pageA).locator('[data-inbox="owner"]')).toContainText('Bo Chen');
  await expect(requestFor(pageA)).toHaveCount(0);
  // B's text is still in the composer: now the send goes through.
  expect(await fakeWhatsApp(pageB).draft()).toBe('Te escribo yo');
  await editorOf(pageB).click();
  await pageB.keyboard.press('Enter');
  await expect.poll(async () => (await fakeWhatsApp(pageB).sentMessages()).map((m) => m.text)).toEqual(['Te escribo yo']);
  await expect(guardDialog(pageB)).toHaveCount(0);
  const conv = await conversationOf(await admin(), 'Cliente 0001');
  const events = await eventsOf(await admin(), conv.id);
  expect(events.find((e) => e.type === 'handoff.requested')?.data).toEqual({ requestedBy: bo, ownerId: ana });
  expect(events.find((e) => e.type === 'ownership.handed_off')?.data).toMatchObject({ from: ana, to: bo, requested: true });
});

test('a request from the header bar with a note, declined by the owner', async () => {
  await openChat(pageA, 'Cliente 0006');
  await headerBar(pageA).getByRole('button', { name: 'Claim' }).click();
  await expect(headerBar(pageA).locator('[data-inbox="owner"]')).toContainText('You');
  await openChat(pageB, 'Cliente 0006');
  await headerBar(pageB).getByRole('button', { name: 'Request handoff' }).click();
  await headerBar(pageB).getByLabel('Why you need this chat (optional)').fill('I sold them the plan');
  await headerBar(pageB).getByRole('button', { name: 'Send request' }).click();
  await expect(headerBar(pageB).locator('[data-inbox="handoff-requested"]')).toBeVisible();
  await expect(requestFor(pageA)).toContainText('Bo Chen asks for this chat: I sold them the plan');
  await requestFor(pageA).getByRole('button', { name: 'Decline' }).click();
  await expect(requestFor(pageA)).toHaveCount(0);
  await expect(headerBar(pageB).locator('[data-inbox="handoff-requested"]')).toHaveCount(0);
  await expect(headerBar(pageB).getByRole('button', { name: 'Request handoff' })).toBeVisible();
  await expect(headerBar(pageB).locator('[data-inbox="owner"]')).toContainText('Ana Pérez');
  const conv = await conversationOf(await admin(), 'Cliente 0006');
  expect(conv.ownerId).toBe(ana);
  const events = await eventsOf(await admin(), conv.id);
  expect(events.find((e) => e.type === 'handoff.requested')?.data).toEqual({ requestedBy: bo, ownerId: ana, note: 'I sold them the plan' });
  expect(events.find((e) => e.type === 'handoff.declined')?.data).toEqual({ requestedBy: bo, by: ana });
});

test('moving a chat to another queue from the header bar', async () => {
  await openChat(pageA, 'Cliente 0006');
  const queue = await control(headerBar(pageA), 'Queue');
  await expect(queue).toHaveValue('support');
  await queue.selectOption('escalation');
  await expect.poll(async () => (await conversationOf(await admin(), 'Cliente 0006')).queue).toBe('escalation');
  const conv = await conversationOf(await admin(), 'Cliente 0006');
  expect((await eventsOf(await admin(), conv.id)).filter((e) => e.type === 'conversation.queue_changed').map((e) => e.data)).toEqual([
    { from: 'support', to: 'escalation' },
  ]);
  await expect(await control(headerBar(pageA), 'Queue')).toHaveValue('escalation');
});

test('labels are edited inline: chips added by Enter or comma, removed by their ×, saved at once', async () => {
  await openChat(pageA, 'Cliente 0006');
  await (await control(headerBar(pageA), 'Edit labels')).click();
  const editor = headerBar(pageA).locator('[data-inbox="labels-editor"]');
  await expect(editor).toBeVisible();
  const input = editor.getByLabel('Add a label');
  await input.fill('vip');
  await input.press('Enter');
  await input.pressSequentially('renewal,');
  await input.pressSequentially('typo,');
  await expect(editor.locator('.pill.label')).toHaveText(['vip', 'renewal', 'typo'].map((l) => new RegExp(`^${l}`)));
  await editor.getByRole('button', { name: 'Remove typo' }).click();
  await pageA.screenshot({ path: 'test-results/e2e/header-labels-editor.png' });
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor).toHaveCount(0);
  await expect.poll(async () => (await conversationOf(await admin(), 'Cliente 0006')).labels).toEqual(['renewal', 'vip']);
});

test("reassigning a teammate's chat asks for the handoff note inline, and the note travels with it", async () => {
  const { code } = await env.server.invite('Mia Rossi', 'agent');
  const mia = env.server.client(await env.server.redeem(code));
  const channel = await mia.conversations.resolveChannel.mutate({ wid: WID });
  const r = await mia.conversations.resolve.mutate({ channelId: channel.id, title: 'Cliente 0008' });
  if (r.ambiguous) throw new Error('ambiguous');
  await mia.assignment.claim.mutate({ conversationId: r.conversation.id });
  await openChat(pageA, 'Cliente 0008');
  await expect(headerBar(pageA).locator('[data-inbox="owner"]')).toContainText('Mia Rossi');
  await (await control(headerBar(pageA), 'Assign to…')).click();
  const editor = headerBar(pageA).locator('[data-inbox="assign-editor"]');
  await editor.getByLabel('Assign to').selectOption({ label: 'Bo Chen' });
  const note = editor.getByLabel('Handoff note (required)');
  await expect(note).toBeVisible();
  await expect(editor.getByRole('button', { name: 'Assign' })).toBeDisabled();
  await note.fill('Waiting for the signed contract');
  await pageA.screenshot({ path: 'test-results/e2e/header-assign-note.png' });
  await editor.getByRole('button', { name: 'Assign' }).click();
  await expect(headerBar(pageA).locator('[data-inbox="owner"]')).toContainText('Bo Chen');
  const events = await eventsOf(await admin(), r.conversation.id);
  expect(events.find((e) => e.type === 'ownership.assigned')?.data).toMatchObject({ to: bo, note: 'Waiting for the signed contract' });
});

for (const size of [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
]) {
  test(`at ${size.width}x${size.height} the bar is one line under WhatsApp's header and the panel clears header and composer`, async () => {
    await pageA.setViewportSize(size);
    await openChat(pageA, 'Cliente 0006');
    // Text in the composer, so WhatsApp shows its send button.
    await editorOf(pageA).click();
    await pageA.keyboard.type('borrador');
    const header = await boxOf(pageA.locator('#main > header'));
    const icons = await Promise.all((await pageA.locator('#main > header button, #main > header [role="button"]').all()).map(boxOf));
    const bar = await boxOf(headerBar(pageA));
    expect(icons.length).toBeGreaterThan(1);
    expect(boxesOverlap(bar, header)).toBe(false);
    for (const icon of icons) expect(boxesOverlap(bar, icon)).toBe(false);
    // One line: as tall as one control row, and every control in it sits on that row.
    expect(bar.height).toBeLessThanOrEqual(40);
    for (const slot of await headerBar(pageA).locator('.bar-main > *, .bar-end > *').all()) {
      const b = await boxOf(slot);
      expect(b.y).toBeGreaterThanOrEqual(bar.y);
      expect(b.y + b.height).toBeLessThanOrEqual(bar.y + bar.height);
    }
    await pageA.screenshot({ path: `test-results/e2e/header-${size.width}x${size.height}-closed.png` });
    await headerBar(pageA).getByRole('button', { name: 'Context' }).click();
    const panel = panelOf(pageA);
    await expect(panel).toBeVisible();
    const p = await boxOf(panel);
    const composer = await boxOf(editorOf(pageA));
    const send = await boxOf(pageA.locator('#main footer button[data-testid="send"]'));
    const main = await boxOf(pageA.locator('#main'));
    for (const other of [composer, send, header, ...icons, bar]) expect(boxesOverlap(p, other)).toBe(false);
    // Docked to the conversation's right edge, WhatsApp's drawer width, with the conversation still beside it.
    expect(Math.round(p.x + p.width)).toBe(Math.round(main.x + main.width));
    expect(p.width).toBeGreaterThanOrEqual(240);
    expect(p.x).toBeGreaterThan(main.x + 150);
    await pageA.screenshot({ path: `test-results/e2e/header-${size.width}x${size.height}-panel.png` });
    await panel.getByRole('button', { name: 'Close context' }).click();
    await editorOf(pageA).click();
    await pageA.keyboard.press('Control+A');
    await pageA.keyboard.press('Delete');
  });
}

async function boxOf(l: Locator): Promise<Box> {
  const b = await l.boundingBox();
  if (!b) throw new Error('not visible');
  return b;
}
