/** A rep's first minutes: the options page opens on install, says plainly when the address is wrong, then links on. */
import { expect, test } from '@playwright/test';
import { launchRep, type Rep } from './support/extension';
import { startInboxServer, type InboxServer } from './support/server';

let server: InboxServer;
let rep: Rep;

test.beforeAll(async () => {
  server = await startInboxServer();
});

test.afterAll(async () => {
  await rep?.close();
  await server?.dispose();
});

test("the options page opens on install with the build's server address; a wrong address is explained; then it links to WhatsApp Web", async () => {
  rep = await launchRep({ keepInstallPage: true });
  // Chromium opens it in the window's first tab (or a new one): look for it wherever it is.
  const optionsTab = () => rep.context.pages().find((p) => p.url() === rep.extensionUrl('options.html'));
  await expect.poll(() => !!optionsTab(), { timeout: 15_000 }).toBe(true);
  const options = optionsTab()!;
  await expect(options.getByLabel('Server address')).toHaveValue('http://127.0.0.1:8787');
  const { code } = await server.invite('Eva Rossi');
  // A port nothing listens on: the server's own port once it is closed again.
  const closed = `http://127.0.0.1:${server.port + 1}`;
  await options.getByLabel('Server address').fill(closed);
  await options.getByLabel('Invite code').fill(code);
  await options.getByRole('button', { name: 'Sign in' }).click();
  await expect(options.getByRole('alert')).toContainText(`No Team Inbox server answered at ${closed}`);
  await options.getByLabel('Server address').fill(server.url);
  await options.getByRole('button', { name: 'Sign in' }).click();
  await expect(options.getByTestId('signed-in-as')).toContainText('Eva Rossi');
  await expect(options.getByTestId('signed-in-as')).toContainText('connected');
  await expect(options.getByRole('link', { name: 'Open WhatsApp Web' })).toHaveAttribute('href', 'https://web.whatsapp.com/');
  await options.screenshot({ path: 'test-results/e2e/options-first-run.png' });
});
