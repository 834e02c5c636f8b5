// npm run demo: the product in a minute without a WhatsApp account. A server on its own throwaway database, seeded
// with a team and a week of history, a demo chat page (the project's WhatsApp Web fixture) and an extension build
// that also runs on that page. `--check` starts everything, checks it answers, and exits.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createSqliteStore } from '../server/store/sqlite';
import { fakeWhatsAppFile } from '../tests/e2e/support/fixture-server';
import { seedDemo } from './demo-seed';
import { ROOT, sleep } from '../bench/support/server-process';

const args = new Set(process.argv.slice(2));
const SERVER_PORT = Number(process.env.DEMO_SERVER_PORT ?? 8790);
const PAGE_PORT = Number(process.env.DEMO_PAGE_PORT ?? 8791);
// Its own directory: the demo never touches ./data/inbox.sqlite or any real workspace.
const DIR = path.join(ROOT, 'data', 'demo');
const DB = path.join(DIR, 'demo.sqlite');
const EXTENSION = path.join(ROOT, '.output', 'chrome-mv3-demo');

async function answers(url: string): Promise<boolean> {
  return fetch(url).then(
    (r) => r.ok,
    () => false,
  );
}

async function main() {
  if (!args.has('--no-build')) {
    const build = spawn('npx', ['wxt', 'build', '--mode', 'demo'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, WXT_SERVER_URL: `http://127.0.0.1:${SERVER_PORT}` },
    });
    const code = await new Promise<number | null>((resolve) => build.on('exit', resolve));
    if (code !== 0) throw new Error('the demo extension did not build');
  }
  fs.rmSync(DIR, { recursive: true, force: true });
  fs.mkdirSync(DIR, { recursive: true });
  const store = await createSqliteStore(DB);
  const seeded = await seedDemo(store).finally(() => store.close());

  const server = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DATABASE_URL: DB, HOST: '127.0.0.1', PORT: String(SERVER_PORT), LOG_LEVEL: 'warn' },
  });
  const page = http.createServer((req, res) => {
    const file = fakeWhatsAppFile(new URL(req.url ?? '/', 'http://x').pathname);
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file.contentType }).end(file.body);
  });
  await new Promise<void>((resolve) => page.listen(PAGE_PORT, '127.0.0.1', resolve));
  const stop = () => {
    server.kill('SIGTERM');
    page.close();
  };
  process.on('SIGINT', () => (stop(), process.exit(0)));
  process.on('SIGTERM', () => (stop(), process.exit(0)));

  const deadline = Date.now() + 30_000;
  while (!(await answers(`http://127.0.0.1:${SERVER_PORT}/health`))) {
    if (server.exitCode !== null || Date.now() > deadline) throw new Error('the demo server did not start');
    await sleep(200);
  }
  const pageUrl = `http://127.0.0.1:${PAGE_PORT}/?chats=200`;
  if (!(await answers(pageUrl))) throw new Error('the demo page is not served');
  console.log(`
Team Inbox demo is ready (a throwaway database in ${DIR}).
  1. Chrome -> chrome://extensions -> Developer mode -> Load unpacked -> ${EXTENSION}
  2. Its options page opens: server address http://127.0.0.1:${SERVER_PORT}, invite code ${seeded.inviteCode}
  3. Open the demo chat page ${pageUrl}: badges show who owns each chat; open one, type and press Enter to meet
     the guard in a teammate's chat; the toolbar icon's popup shows the manager's view with a week of figures.
Press Ctrl+C to stop.`);
  if (args.has('--check')) {
    stop();
    console.log('demo check: server and page answered');
    process.exit(0);
  }
}

main().catch((err) => {
  console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
