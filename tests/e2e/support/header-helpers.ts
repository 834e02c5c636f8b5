import { expect, test, type Locator, type Page } from '@playwright/test';
import { launchRep, type Rep } from './extension';
import { signIn } from './inbox-helpers';
import { startInboxServer, type InboxClient, type InboxServer } from './server';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Whether two boxes share any area (touching edges do not count). */
export const boxesOverlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

export const panelOf = (page: Page) => page.locator('[data-inbox="context-panel"]');

/**
 * A header-bar control by its accessible name, wherever the bar's width put it: inline, or in the "More" menu,
 * which this opens when the control is not on the bar itself.
 */
export async function control(bar: Locator, name: string): Promise<Locator> {
  const inline = bar
    .locator('.bar-main')
    .getByLabel(name, { exact: true })
    .or(bar.locator('.bar-main').getByRole('button', { name, exact: true }));
  if (await inline.count()) return inline.first();
  const menu = bar.locator('[data-inbox="more-menu"]');
  if (!(await menu.isVisible())) await bar.locator('[data-inbox="more"]').click();
  const inMenu = menu.getByLabel(name, { exact: true }).or(menu.getByRole('button', { name, exact: true }));
  await expect(inMenu.first()).toBeVisible();
  return inMenu.first();
}

/** The server's record of a chat, found by its title. */
export async function conversationOf(api: InboxClient, title: string) {
  const found = (await api.conversations.list.query({})).filter((c) => c.title === title);
  expect(found).toHaveLength(1);
  return found[0];
}

/** The chat's event log as the server keeps it (the timeline the context panel reads). */
export async function eventsOf(api: InboxClient, conversationId: string) {
  return (await api.conversations.context.query({ conversationId })).timeline;
}

/** Two reps signed in on one server, each with WhatsApp open, for a spec file; closed after it. */
export function useTwoReps(a: { name: string; role: 'agent' | 'manager' }, b: { name: string; role: 'agent' | 'manager' }, chats = 40) {
  const env = {} as { server: InboxServer; pageA: Page; pageB: Page; a: string; b: string; reps: Rep[] };
  test.beforeAll(async () => {
    env.server = await startInboxServer();
    env.reps = await Promise.all([launchRep(), launchRep()]);
    env.a = await signIn(env.reps[0], env.server, a.name, a.role);
    env.b = await signIn(env.reps[1], env.server, b.name, b.role);
    [env.pageA, env.pageB] = await Promise.all(env.reps.map((r) => r.openWhatsApp({ chats })));
  });
  test.afterAll(async () => {
    await Promise.allSettled((env.reps ?? []).map((r) => r.close()));
    await env.server?.dispose();
  });
  return env;
}
