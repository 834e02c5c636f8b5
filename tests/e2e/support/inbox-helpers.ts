import { expect, test, type Page } from '@playwright/test';
import { launchRep, type Rep } from './extension';
import { startInboxServer, type InboxServer } from './server';

export const ROWS = '#pane-side [role="row"]';
export const TITLE = '[role="gridcell"][aria-colindex="2"] span[dir="auto"][title]';
export const rowFor = (page: Page, name: string) => page.locator(ROWS).filter({ has: page.locator(`${TITLE}[title="${name}"]`) });
export const badgeFor = (page: Page, name: string) => rowFor(page, name).locator('[data-inbox="row-badge"]');
export const editorOf = (page: Page) => page.locator('#main footer [contenteditable="true"][role="textbox"]');
export const headerBar = (page: Page) => page.locator('[data-inbox="header-bar"]');
export const guardDialog = (page: Page) => page.locator('[data-inbox="guard"]');

/** Signs a rep in the way a person does: the options page, its labelled fields, the Sign in button. */
export async function signIn(
  rep: Rep,
  server: InboxServer,
  name: string,
  role: 'agent' | 'manager' | 'admin' = 'agent',
  address = server.url,
): Promise<string> {
  const { code, memberId } = await server.invite(name, role);
  const options = await rep.openOptions();
  await options.getByLabel('Server address').fill(address);
  await options.getByLabel('Invite code').fill(code);
  await options.getByLabel('Your name').fill(name);
  await options.getByRole('button', { name: 'Sign in' }).click();
  await expect(options.getByTestId('signed-in-as')).toContainText(name);
  await options.close();
  return memberId;
}

/**
 * Every rendered row's title, whether it is on screen in the list, and the owner its badge names (empty when
 * unassigned, null when the row has no badge), read through the shadow roots.
 */
export function renderedBadges(page: Page): Promise<Array<{ title: string; onScreen: boolean; owner: string | null }>> {
  return page.evaluate(
    ({ rows, title }) => {
      const pane = document.getElementById('pane-side')!.getBoundingClientRect();
      return [...document.querySelectorAll(rows)].flatMap((row) => {
        const t = row.querySelector(title)?.getAttribute('title');
        if (!t) return [];
        const r = row.getBoundingClientRect();
        const badge = row.querySelector('[data-inbox-host]')?.shadowRoot?.querySelector('[data-inbox="row-badge"]');
        return [{ title: t, onScreen: r.bottom > pane.top && r.top < pane.bottom, owner: badge ? badge.getAttribute('data-owner') : null }];
      });
    },
    { rows: ROWS, title: TITLE },
  );
}

/**
 * Badges are right when every row on screen has one naming its owner (empty for none) and no row, on screen or
 * off, has one naming anyone else. Rows far off screen may have none: WhatsApp renders many more than it shows.
 */
export function badgesRight(rows: Array<{ title: string; onScreen: boolean; owner: string | null }>, ownerOf: (title: string) => string | null): boolean {
  return rows.some((r) => r.onScreen) && rows.every((r) => (r.owner === null ? !r.onScreen : (r.owner || null) === ownerOf(r.title)));
}

/** Opens a chat the way WhatsApp opens one (mousedown on the row) and waits for the header bar to know it. */
export async function openChat(page: Page, name: string, opts: { known?: boolean } = {}) {
  await rowFor(page, name).locator('[role="gridcell"]').first().dispatchEvent('mousedown');
  await expect(page.locator('#main header span').filter({ hasText: name }).first()).toBeVisible();
  await expect(headerBar(page)).toBeVisible();
  if (opts.known !== false) await expect(headerBar(page).locator('[data-inbox="owner"]')).toBeVisible();
}

/** A spec file's own server and one rep's browser: started before its tests, closed after them. */
export function useServerAndRep(): { readonly server: InboxServer; readonly rep: Rep } {
  const env = {} as { server: InboxServer; rep: Rep };
  test.beforeAll(async () => {
    env.server = await startInboxServer();
    env.rep = await launchRep();
  });
  test.afterAll(async () => {
    await env.rep?.close();
    await env.server?.dispose();
  });
  return env;
}
