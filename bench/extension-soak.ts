/**
 * npm run bench:extension-soak: the built extension on the WhatsApp fixture for a long stretch of a busy day
 * (BENCH_EXT_SOAK_MS, default 10 minutes), next to the same page without the extension driven by the same seeded
 * activity: customer messages, list jumps, a teammate claiming and releasing chats, the rep opening chats and
 * sending. It checks that nothing the extension keeps grows: the service worker's JS heap and the page's (the content
 * script lives in the page's heap, so the page without the extension is subtracted), each after a forced GC, from the
 * end of warm-up to the end. Target: growth < 1 MB each. Writes bench/results/extension-soak.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import { launchPlain } from './support/browsers';
import { connectCdp, debuggerUrl } from './support/cdp';
import { freePort, ROOT, sleep } from './support/server-process';
import { fakeWhatsApp, launchRep, WHATSAPP_URL } from '../tests/e2e/support/extension';
import { editorOf, signIn } from '../tests/e2e/support/inbox-helpers';
import { startInboxServer } from '../tests/e2e/support/server';

const SOAK_MS = Number(process.env.BENCH_EXT_SOAK_MS ?? 600_000);
const WARMUP_SHARE = 0.2;
const SAMPLES = 10;
const CHATS = 500;
const ACTIVITY = { incomingPerS: 2, scrollEveryMs: 3_000, ownershipEveryMs: 1_000, sendEveryMs: 20_000 };
const TARGET_GROWTH_MB = 1;
const RESULTS = path.join(ROOT, 'bench', 'results', 'extension-soak.json');
const PROBE = fs.readFileSync(path.join(ROOT, 'bench', 'page-probe.js'), 'utf8');
const log = (msg: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 1000) / 1000;

/** Heap used after a full GC, through a page's CDP session. */
async function pageHeap(cdp: CDPSession): Promise<number> {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

async function openFixture(context: BrowserContext): Promise<{ page: Page; cdp: CDPSession }> {
  const page = await context.newPage();
  await page.goto(`${WHATSAPP_URL}?chats=${CHATS}`);
  await page.waitForFunction('window.__wa?.ready === true');
  await page.evaluate(PROBE);
  return { page, cdp: await context.newCDPSession(page) };
}

async function main() {
  const cleanups: Array<() => Promise<unknown>> = [];
  try {
    const server = await startInboxServer();
    cleanups.push(() => server.dispose());
    const debugPort = await freePort();
    const rep = await launchRep({ args: [`--remote-debugging-port=${debugPort}`] });
    cleanups.push(() => rep.close());
    await signIn(rep, server, 'Ana Pérez');
    const plain = await launchPlain();
    cleanups.push(() => plain.close());

    // A teammate on the API claims and releases chats the rep sees, so badges, the feed and the worker's cache churn.
    const { code } = await server.invite('Mia Rossi', 'agent');
    const mia = server.client(await server.redeem(code, 'Mia Rossi'));
    const channel = await mia.conversations.resolveChannel.mutate({ wid: '34600000001' });
    const chats: string[] = [];
    for (let i = 0; i < 40; i++) {
      const r = await mia.conversations.resolve.mutate({ channelId: channel.id, title: `Cliente ${String(20 + i).padStart(4, '0')}` });
      if (r.ambiguous) throw new Error(`ambiguous fixture chat ${20 + i}`);
      chats.push(r.conversation.id);
    }

    const withExt = await openFixture(rep.context);
    const without = await openFixture(plain);
    // Playwright gives CDP sessions to pages only: the worker is reached through Chromium's own debugging port.
    const worker = await connectCdp(
      await debuggerUrl(debugPort, (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${rep.extensionId}/`)),
    );
    cleanups.push(async () => worker.close());
    await withExt.page.waitForFunction(`!!document.querySelector('#pane-side [data-inbox-host]')`, null, { timeout: 30_000 });

    const start = (page: Page) =>
      page.evaluate(
        `window.__bench.start(${JSON.stringify({ seed: 7, durationMs: SOAK_MS, incomingPerS: ACTIVITY.incomingPerS, scrollEveryMs: ACTIVITY.scrollEveryMs, excludeIndex: 1 })})`,
      );
    await Promise.all([start(withExt.page), start(without.page)]);
    const t0 = Date.now();
    const deadline = t0 + SOAK_MS;
    let claims = 0;
    let sends = 0;
    const teammate = (async () => {
      for (let k = 0; Date.now() < deadline; k++) {
        const id = chats[k % chats.length];
        // Every chat is claimed on one pass over the list and released on the next.
        await (
          Math.floor(k / chats.length) % 2 === 0 ? mia.assignment.claim.mutate({ conversationId: id }) : mia.assignment.release.mutate({ conversationId: id })
        ).catch(() => undefined);
        claims++;
        await sleep(ACTIVITY.ownershipEveryMs);
      }
    })();
    const typist = (async () => {
      for (let k = 0; Date.now() < deadline - ACTIVITY.sendEveryMs; k++) {
        await sleep(ACTIVITY.sendEveryMs);
        for (const page of [withExt.page, without.page]) {
          await fakeWhatsApp(page).openChat(100 + (k % 50));
          await editorOf(page).pressSequentially(`reply ${k}`, { delay: 30 });
          await page.keyboard.press('Enter');
        }
        sends++;
      }
    })();

    const samples: Array<{ atS: number; workerMB: number; pageWithMB: number; pageWithoutMB: number }> = [];
    for (let i = 1; i <= SAMPLES; i++) {
      await sleep(t0 + (SOAK_MS * i) / SAMPLES - Date.now());
      const [workerHeap, pageWith, pageWithout] = [await worker.heapAfterGc(), await pageHeap(withExt.cdp), await pageHeap(without.cdp)];
      samples.push({ atS: Math.round((Date.now() - t0) / 1000), workerMB: mb(workerHeap), pageWithMB: mb(pageWith), pageWithoutMB: mb(pageWithout) });
      log(`sample ${i}/${SAMPLES}: worker ${mb(workerHeap)} MB, page with extension ${mb(pageWith)} MB, without ${mb(pageWithout)} MB`);
    }
    await Promise.all([teammate, typist]);

    const warm = samples[Math.max(0, Math.round(SAMPLES * WARMUP_SHARE) - 1)];
    const last = samples[samples.length - 1];
    const workerGrowthMB = Math.round((last.workerMB - warm.workerMB) * 1000) / 1000;
    const contentScriptGrowthMB = Math.round((last.pageWithMB - warm.pageWithMB - (last.pageWithoutMB - warm.pageWithoutMB)) * 1000) / 1000;
    const result = {
      machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg() },
      date: new Date().toISOString(),
      method: { soakMs: SOAK_MS, warmupShare: WARMUP_SHARE, chats: CHATS, activity: ACTIVITY, teammateChanges: claims, repSends: sends },
      samples,
      workerGrowthMB,
      contentScriptGrowthMB,
      target: { growthMB: TARGET_GROWTH_MB },
      met: workerGrowthMB < TARGET_GROWTH_MB && contentScriptGrowthMB < TARGET_GROWTH_MB,
    };
    fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
    fs.writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(result, null, 2));
  } finally {
    while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
  }
}

await main();
