/**
 * Launches "reps": one Chromium (Debian's, never a Playwright download) per rep, each with its own profile and the
 * built extension, with web.whatsapp.com mapped to the fake app (fixture-server.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type CDPSession, type Page, type Worker } from '@playwright/test';
import { fixtureBrowserArgs, sharedFixtureServer, type FixtureServer } from './fixture-server';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CHROMIUM = '/usr/bin/chromium';
export const WHATSAPP_URL = 'https://web.whatsapp.com/';

/** One chat as `window.__wa.chats()` reports it. */
export interface FakeChat {
  index: number;
  jid: string;
  name: string;
  isGroup: boolean;
  muted: boolean;
  unread: number;
  position: number;
  open: boolean;
  lastMessage: { id: string; text: string; fromMe: boolean } | null;
}
export interface FakeMessage {
  id: string;
  fromMe: boolean;
  sender: string;
  text: string;
  ts: number;
  status: 'read' | 'delivered' | null;
  origin: 'history' | 'incoming' | 'phone' | SendPath;
}
export type ChatRef = number | string;
/** How the fake app sent a message from this page: each of WhatsApp's send paths, and a hidden test-only one. */
export type SendPath = 'composer' | 'media' | 'voice' | 'expression' | 'forward' | 'hidden';
/** The fake app's control functions (tests/e2e/fake-whatsapp/app.js, `window.__wa`). */
export interface FakeWhatsAppApi {
  chats(): FakeChat[];
  chat(ref: ChatRef): FakeChat;
  messages(ref: ChatRef): FakeMessage[];
  incoming(ref: ChatRef, text: string, opts?: { id?: string; sender?: string }): string;
  outgoingFromPhone(ref: ChatRef, text: string, opts?: { id?: string }): string;
  sentMessages(): { jid: string; text: string; id: string; at: number; path: SendPath }[];
  openChat(ref: ChatRef): void;
  closeChat(): void;
  openJid(): string | null;
  /** What the search box last searched ('' while the full list shows). */
  searchQuery(): string;
  scrollTo(positionOrJid: ChatRef): void;
  renderedRows(): { position: number; jid: string | null }[];
  draft(): string | null;
  openForward(refs?: ChatRef[]): void;
  revealHiddenSend(): void;
  openMediaEditor(files: string[]): void;
  startRecording(): void;
  openExpressions(tab: 'emoji' | 'gif' | 'sticker'): void;
  closeOverlays(): void;
}
type Remote<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never };

/** Typed calls into the page's `window.__wa` (main world), e.g. `await fakeWhatsApp(page).incoming(3, 'Ciao')`. */
export function fakeWhatsApp(page: Page): Remote<FakeWhatsAppApi> {
  return new Proxy({} as Remote<FakeWhatsAppApi>, {
    // 'then' stays undefined so that awaiting the proxy itself does not call into the page.
    get: (_, name) =>
      name === 'then'
        ? undefined
        : (...args: unknown[]) =>
            page.evaluate(({ name, args }) => (window as unknown as { __wa: Record<string, (...a: unknown[]) => unknown> }).__wa[name](...args), {
              name: String(name),
              args,
            }),
  });
}

/** Replays `from`'s composer sends into `to` as phone/other-device sends with the same ids (two reps, one number). */
export async function mirrorSentMessages(from: Page, to: Page): Promise<number> {
  let mirrored = 0;
  for (const s of await fakeWhatsApp(from).sentMessages()) {
    const known = (await fakeWhatsApp(to).messages(s.jid)).some((m) => m.id === s.id);
    if (known) continue;
    await fakeWhatsApp(to).outgoingFromPhone(s.jid, s.text, { id: s.id });
    mirrored++;
  }
  return mirrored;
}

export interface LaunchRepOptions {
  /** The unpacked extension, absolute or relative to the repository root. */
  extensionPath?: string;
  /** Defaults to one HTTPS fixture server shared by all reps of this test process. */
  fixture?: FixtureServer;
  viewport?: { width: number; height: number };
  /** Extra Chromium flags. */
  args?: string[];
  /** The browser's language (its UI and the pages'); Italian by default, a language the extension falls back to English for. */
  locale?: string;
  /** Keep the options page the extension opens on install (first-run tests); by default it is closed once open. */
  keepInstallPage?: boolean;
}

export interface Rep {
  context: BrowserContext;
  extensionId: string;
  /** chrome-extension://<id>/<file> */
  extensionUrl(file: string): string;
  /** The extension's current service worker, waiting for it to (re)start if none is running. */
  serviceWorker(): Promise<Worker>;
  /** Opens https://web.whatsapp.com/<query> in a new tab and waits until the fake app is ready. */
  openWhatsApp(query?: string | Record<string, string | number | boolean>): Promise<Page>;
  openOptions(): Promise<Page>;
  openPopup(): Promise<Page>;
  /**
   * Stops the MV3 service worker the way Chromium does when it idles out (under Playwright it never does). The next
   * extension event (a content-script message, an alarm) restarts it, and the same Worker object works again then;
   * evaluating in a stopped worker does not wake it (it waits for that event), so check serviceWorkerStatus().
   */
  stopServiceWorker(): Promise<void>;
  /** Starts the worker without an extension event (CDP ServiceWorker.startWorker), e.g. to end a simulated outage. */
  startServiceWorker(): Promise<void>;
  serviceWorkerStatus(): Promise<WorkerStatus>;
  close(): Promise<void>;
}

export type WorkerStatus = 'stopped' | 'starting' | 'running' | 'stopping';

async function until(condition: () => boolean, message: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((r) => setTimeout(r, 25));
  }
}

interface Manifest {
  options_ui?: { page?: string };
  options_page?: string;
  action?: { default_popup?: string };
}

/** Starts one rep: a fresh Chromium profile with the extension. Call it twice for two reps on one WhatsApp number. */
export async function launchRep(opts: LaunchRepOptions = {}): Promise<Rep> {
  const extensionPath = path.resolve(ROOT, opts.extensionPath ?? '.output/chrome-mv3');
  const manifestPath = path.join(extensionPath, 'manifest.json');
  if (!fs.existsSync(manifestPath)) throw new Error(`no built extension at ${extensionPath}: run "npx wxt build" first (npm run test:e2e does)`);
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run .ci/install-chromium.sh`);
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest;
  const fixture = opts.fixture ?? (await sharedFixtureServer());

  const context = await chromium.launchPersistentContext('', {
    executablePath: CHROMIUM,
    headless: true,
    viewport: opts.viewport ?? { width: 1280, height: 800 },
    ignoreHTTPSErrors: true,
    locale: opts.locale ?? 'it-IT',
    timezoneId: 'Europe/Rome',
    args: [
      // Playwright passes --disable-extensions; this flag is what lets ours load.
      `--disable-extensions-except=${extensionPath}`,
      `--load-extension=${extensionPath}`,
      ...fixtureBrowserArgs(fixture),
      ...(opts.locale ? [`--lang=${opts.locale}`] : []),
      ...(opts.args ?? []),
    ],
  });

  const isOurs = (w: Worker) => w.url().startsWith('chrome-extension://');
  const current = () => context.serviceWorkers().find(isOurs);
  const waitForWorker = async () => current() ?? (await context.waitForEvent('serviceworker', { predicate: isOurs, timeout: 15_000 }));
  let first: Worker;
  try {
    first = await waitForWorker();
  } catch (err) {
    await context.close();
    throw new Error(`the extension's service worker did not start: ${String(err)}`);
  }
  const extensionId = new URL(first.url()).host;
  const extensionUrl = (file: string) => `chrome-extension://${extensionId}/${file.replace(/^\//, '')}`;
  // The install opens the options page in whatever tab is newest; wait for it first, or it can take over a test's tab.
  const installPage = () => context.pages().find((p) => p.url() === extensionUrl('options.html'));
  await until(() => !!installPage(), 'the options page did not open on install', 15_000);
  if (!opts.keepInstallPage) await installPage()!.close();

  // ServiceWorker.* needs a CDP session on an extension page; manifest.json is one every build has.
  async function withWorkerStates<T>(fn: (cdp: CDPSession, states: Map<string, WorkerStatus>) => Promise<T>): Promise<T> {
    const page = await context.newPage();
    try {
      await page.goto(extensionUrl('manifest.json'));
      const cdp = await context.newCDPSession(page);
      const states = new Map<string, WorkerStatus>();
      cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
        for (const v of versions) {
          if (!v.scriptURL.startsWith(extensionUrl(''))) continue;
          if (v.status === 'redundant') states.delete(v.versionId);
          else states.set(v.versionId, v.runningStatus);
        }
      });
      await cdp.send('ServiceWorker.enable');
      try {
        return await fn(cdp, states);
      } finally {
        await cdp.detach().catch(() => undefined);
      }
    } finally {
      await page.close();
    }
  }

  async function openExtensionPage(file: string | undefined, what: string): Promise<Page> {
    if (!file) throw new Error(`the built manifest declares no ${what} page`);
    const page = await context.newPage();
    await page.goto(extensionUrl(file));
    return page;
  }

  return {
    context,
    extensionId,
    extensionUrl,
    serviceWorker: waitForWorker,
    async openWhatsApp(query = '') {
      const qs =
        typeof query === 'string' ? query.replace(/^\/?\??/, '') : new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
      const page = await context.newPage();
      await page.goto(qs ? `${WHATSAPP_URL}?${qs}` : WHATSAPP_URL);
      await page.waitForFunction(() => (window as unknown as { __wa?: { ready: boolean } }).__wa?.ready === true);
      return page;
    },
    openOptions: () => openExtensionPage(manifest.options_ui?.page ?? manifest.options_page, 'options'),
    openPopup: () => openExtensionPage(manifest.action?.default_popup, 'popup'),
    async stopServiceWorker() {
      await withWorkerStates(async (cdp, states) => {
        await until(() => states.size > 0, 'no service worker registration for the extension');
        // Latched from the event, so a worker the extension wakes again at once still counts as stopped.
        let stopped = false;
        cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
          if (versions.some((v) => v.scriptURL.startsWith(extensionUrl('')) && v.runningStatus === 'stopped')) stopped = true;
        });
        await cdp.send('ServiceWorker.stopAllWorkers');
        // Playwright's Worker gets no 'close' here (the target survives a stop), so wait on Chromium's own status.
        await until(() => stopped || [...states.values()].every((s) => s === 'stopped'), 'the service worker did not stop');
      });
    },
    startServiceWorker: () =>
      withWorkerStates(async (cdp, states) => {
        await cdp.send('ServiceWorker.startWorker', { scopeURL: extensionUrl('') });
        await until(() => [...states.values()].includes('running'), 'the service worker did not start');
      }),
    serviceWorkerStatus: () =>
      withWorkerStates(async (_cdp, states) => {
        await until(() => states.size > 0, 'no service worker registration for the extension');
        const all = [...states.values()];
        return all.find((s) => s !== 'stopped') ?? 'stopped';
      }),
    close: () => context.close(),
  };
}
