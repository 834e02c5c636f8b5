/**
 * A member revoked by an admin: the next time the extension's worker starts, the server refuses the token and the
 * worker forgets the session (the options page asks to sign in again) instead of failing every request with it.
 */
import { expect, test } from '@playwright/test';
import { badgeFor, signIn, useServerAndRep } from './support/inbox-helpers';

const env = useServerAndRep();

test('a revoked member is signed out when the worker starts again, and the WhatsApp tab stops showing the inbox', async () => {
  const { server, rep } = env;
  const memberId = await signIn(rep, server, 'Ona Ruiz');
  const page = await rep.openWhatsApp({ chats: 20 });
  await expect(badgeFor(page, 'Cliente 0000')).toContainText('Unassigned');

  await server.client(await server.adminToken()).members.revoke.mutate({ memberId });
  await rep.stopServiceWorker();
  // Opening the options page is an extension event: the worker starts, and its first call is refused.
  const options = await rep.openOptions();
  await expect(options.getByRole('button', { name: 'Sign in' })).toBeVisible({ timeout: 15_000 });
  await expect(options.getByTestId('signed-in-as')).toHaveCount(0);
  await expect(options.getByLabel('Invite code')).toBeEmpty();
  // It says why, and signing in again goes to the same server.
  await expect(options.getByTestId('signed-out-reason')).toContainText('no longer accepts this member');
  await expect(options.getByLabel('Server address')).toHaveValue(server.url);
  await options.screenshot({ path: 'test-results/e2e/revoked-signed-out.png' });

  // The tab hears the signed-out snapshot: no badges drawn from the forgotten session.
  await expect(page.locator('[data-inbox-host]')).toHaveCount(0, { timeout: 15_000 });
  await options.close();

  // A new invite signs the rep in again; signing out by choice then gives no reason, and keeps the address.
  await signIn(rep, server, 'Ona Ruiz');
  await expect(badgeFor(page, 'Cliente 0000')).toContainText('Unassigned', { timeout: 15_000 });
  const again = await rep.openOptions();
  await again.getByRole('button', { name: 'Sign out' }).click();
  await expect(again.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(again.getByTestId('signed-out-reason')).toHaveCount(0);
  await expect(again.getByLabel('Server address')).toHaveValue(server.url);
});

test('a member revoked while working is signed out within seconds, without a worker restart', async () => {
  const { server, rep } = env;
  const memberId = await signIn(rep, server, 'Pia Soler');
  const page = await rep.openWhatsApp({ chats: 20 });
  await expect(badgeFor(page, 'Cliente 0001')).toContainText('Unassigned', { timeout: 15_000 });
  const options = await rep.openOptions();
  await expect(options.getByTestId('signed-in-as')).toContainText('Pia Soler');

  await server.client(await server.adminToken()).members.revoke.mutate({ memberId });
  // No worker restart: the feed's member.revoked, or the next call refused with UNAUTHORIZED, signs the worker out.
  await expect(page.locator('[data-inbox-host]')).toHaveCount(0, { timeout: 10_000 });
  await expect(options.getByTestId('signed-out-reason')).toContainText('no longer accepts this member', { timeout: 10_000 });
  await expect(options.getByLabel('Server address')).toHaveValue(server.url);
});
