/**
 * The manager's popup over a scripted morning: coverage now, member load, and today's figures, checked
 * against what the script did (worked out below), with a screenshot to look at.
 */
import { expect, test } from '@playwright/test';
import { signIn, useServerAndRep } from './support/inbox-helpers';

const env = useServerAndRep();

async function member(name: string) {
  const { code } = await env.server.invite(name, 'agent');
  return env.server.client(await env.server.redeem(code));
}

test("the manager's popup shows the scripted day's coverage and figures", async () => {
  const ana = await member('Ana Pérez');
  const bo = await member('Bo Chen');
  const bos = await bo.auth.me.query();
  const channel = await ana.conversations.resolveChannel.mutate({ wid: '34600000001' });
  const chat = async (jid: string, title: string) => {
    const r = await ana.conversations.resolve.mutate({ channelId: channel.id, jid, title });
    if (r.ambiguous) throw new Error('ambiguous');
    return r.conversation.id;
  };
  const [c1, c2, c3, c4] = await Promise.all([chat('34611100001@c.us', 'Lucía'), chat('34611100002@c.us', 'Marta'), chat('34611100003@c.us', 'Jorge'), chat('34611100004@c.us', 'Pilar')]);
  const now = Date.now();
  for (const [c, id] of [[c1, 'in-1'], [c2, 'in-2'], [c3, 'in-3']] as const) await ana.observations.message.mutate({ conversationId: c, direction: 'in', at: now - 60_000, messageId: id });
  // c1: Ana claims and answers through the guard: answered, hers.
  await ana.assignment.claim.mutate({ conversationId: c1 });
  const lock = await ana.locks.acquire.mutate({ conversationId: c1 });
  await ana.observations.send.mutate({ conversationId: c1, token: lock.token, at: Date.now(), messageId: 'out-1', idempotencyKey: 'e2e-send-c1-0001' });
  // c2 stays unowned and waiting; c3 is Bo's and waiting; c4 goes from Ana to Bo by handoff.
  await bo.assignment.claim.mutate({ conversationId: c3 });
  await ana.assignment.claim.mutate({ conversationId: c4 });
  await ana.assignment.handoff.mutate({ conversationId: c4, memberId: bos.member.id, note: 'Pilar wants the Friday slot' });
  // Ana tried to answer Bo's customer twice: two sends held by the guard.
  await ana.observations.held.mutate({ conversationId: c3, reason: 'owned-by-other', idempotencyKey: 'e2e-held-0001' });
  await ana.observations.held.mutate({ conversationId: c3, reason: 'owned-by-other', idempotencyKey: 'e2e-held-0002' });

  await signIn(env.rep, env.server, 'Mia Manager', 'manager');
  const popup = await env.rep.openPopup();
  const view = popup.getByTestId('manager-view');
  await expect(view).toBeVisible({ timeout: 15_000 });
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
  const today = popup.getByTestId('figures-today');
  await expect(today).toContainText('1 (0 unneeded)');
  await expect(today.locator('td').nth(3)).toHaveText('2');
  await expect(today.locator('td').nth(0)).not.toHaveText('— / —');
  await expect(popup.getByTestId('trend-chart')).toBeVisible();
  await popup.setViewportSize({ width: 480, height: 900 });
  await popup.screenshot({ path: 'test-results/e2e/manager-popup.png', fullPage: true });
});
