/** npm run demo, as a person without a WhatsApp account meets it: badges, the guard and the popup on the demo page. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { expect, test } from '@playwright/test';
import { launchRep, ROOT, type Rep } from './support/extension';
import { badgeFor, editorOf, guardDialog, openChat } from './support/inbox-helpers';

let demo: ChildProcess | undefined;
let rep: Rep | undefined;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

test.afterAll(async () => {
  await rep?.close();
  demo?.kill('SIGTERM');
});

test('the demo: a seeded team on a demo chat page, with badges, the guard and the manager popup', async () => {
  test.setTimeout(120_000);
  const [serverPort, pagePort] = [await freePort(), await freePort()];
  // What npm run demo builds, for the port this test's demo server gets.
  execFileSync('npx', ['wxt', 'build', '--mode', 'demo'], {
    cwd: ROOT,
    stdio: 'ignore',
    env: { ...process.env, WXT_SERVER_URL: `http://127.0.0.1:${serverPort}` },
  });
  demo = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--no-build'], {
    cwd: ROOT,
    env: { ...process.env, DEMO_SERVER_PORT: String(serverPort), DEMO_PAGE_PORT: String(pagePort) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  demo.stdout!.on('data', (b) => (out += String(b)));
  demo.stderr!.on('data', (b) => (out += String(b)));
  await expect.poll(() => out, { timeout: 60_000 }).toContain('Press Ctrl+C to stop.');
  const code = /invite code (\S+)/.exec(out)![1];

  rep = await launchRep({ extensionPath: '.output/chrome-mv3-demo' });
  const options = await rep.openOptions();
  await expect(options.getByLabel('Server address')).toHaveValue(`http://127.0.0.1:${serverPort}`);
  await options.getByLabel('Invite code').fill(code);
  await options.getByRole('button', { name: 'Sign in' }).click();
  await expect(options.getByTestId('signed-in-as')).toContainText('You');

  const page = await rep.context.newPage();
  await page.goto(`http://127.0.0.1:${pagePort}/?chats=200`);
  await expect(badgeFor(page, 'Cliente 0000')).toHaveAttribute('data-owner', 'Ana Pérez', { timeout: 15_000 });
  await expect(badgeFor(page, 'Cliente 0002')).toHaveAttribute('data-owner', 'Bo Chen');
  await openChat(page, 'Cliente 0000');
  await editorOf(page).click();
  await page.keyboard.type('Buongiorno!');
  await page.keyboard.press('Enter');
  await expect(guardDialog(page)).toContainText('Ana Pérez');
  await page.screenshot({ path: 'test-results/e2e/demo-guard.png' });

  const popup = await rep.openPopup();
  await expect(popup.getByTestId('manager-view')).toBeVisible({ timeout: 15_000 });
  await expect(popup.getByTestId('trend-chart')).toBeVisible();
  await popup.screenshot({ path: 'test-results/e2e/demo-popup.png', fullPage: true });
});
