/**
 * Serves the fake WhatsApp Web (tests/e2e/fake-whatsapp/) as https://web.whatsapp.com.
 *
 * Chosen approach: a real HTTPS server on 127.0.0.1 with a self-signed certificate for web.whatsapp.com, and Chromium
 * started with `--host-resolver-rules=MAP web.whatsapp.com 127.0.0.1:<port>` (see extension.ts). The page then has the
 * real origin over real TLS, so the content script's match pattern, origin-scoped localStorage ('last-wid-md') and every
 * sub-resource behave as on the live site, for every tab and for each of several browsers (reps) at once, including
 * tabs the extension opens itself, with no per-context interception to remember.
 *
 * `routeFakeWhatsApp(context)` is the lighter alternative (Playwright's request interception), also enough to trigger
 * the content script; use it only for a context launched without the host-resolver rule.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from '@playwright/test';

export const FAKE_WHATSAPP_DIR = fileURLToPath(new URL('../fake-whatsapp/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** WhatsApp-like CSP, opt-in with `?csp=1`: by default none, so an injected inline handler would run and be caught. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'";

/** Maps a request path to a file of the fake app: its static files by name, index.html for everything else. */
export function fakeWhatsAppFile(urlPath: string): { body: Buffer; contentType: string } | null {
  const name = path.posix.basename(urlPath);
  if (name === 'favicon.ico') return null;
  const file = name && name !== 'index.html' && fs.existsSync(path.join(FAKE_WHATSAPP_DIR, name)) ? name : 'index.html';
  return { body: fs.readFileSync(path.join(FAKE_WHATSAPP_DIR, file)), contentType: TYPES[path.extname(file)] ?? 'application/octet-stream' };
}

/** A self-signed certificate for web.whatsapp.com, made once per machine into the temp dir (never committed). */
export function webWhatsAppCertificate(): { key: Buffer; cert: Buffer; dir: string } {
  const dir = path.join(os.tmpdir(), 'team-inbox-e2e-cert');
  const keyPath = path.join(dir, 'key.pem');
  const certPath = path.join(dir, 'cert.pem');
  if (!fs.existsSync(keyPath) || !fs.existsSync(certPath)) {
    fs.mkdirSync(dir, { recursive: true });
    // Written to a per-process name and renamed, so two test processes never read a half-written pair.
    const tmpKey = `${keyPath}.${process.pid}`;
    const tmpCert = `${certPath}.${process.pid}`;
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-sha256',
        '-days',
        '3650',
        '-subj',
        '/CN=web.whatsapp.com',
        '-addext',
        'subjectAltName=DNS:web.whatsapp.com',
        '-keyout',
        tmpKey,
        '-out',
        tmpCert,
      ],
      { stdio: 'ignore' },
    );
    fs.renameSync(tmpKey, keyPath);
    fs.renameSync(tmpCert, certPath);
  }
  return { key: fs.readFileSync(keyPath), cert: fs.readFileSync(certPath), dir };
}

export interface FixtureServer {
  /** The loopback port that web.whatsapp.com is mapped to. */
  port: number;
  /** Requests served, newest last (path and query), to check what the page loaded. */
  requests: string[];
  close(): Promise<void>;
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const { key, cert } = webWhatsAppCertificate();
  const requests: string[] = [];
  const server = https.createServer({ key, cert }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://web.whatsapp.com');
    requests.push(url.pathname + url.search);
    const file = fakeWhatsAppFile(url.pathname);
    if (!file) return void res.writeHead(204).end();
    const headers: Record<string, string> = { 'content-type': file.contentType, 'cache-control': 'no-store' };
    if (url.searchParams.get('csp') === '1' && file.contentType.startsWith('text/html')) headers['content-security-policy'] = CSP;
    res.writeHead(200, headers).end(file.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  // Never the reason a test process stays alive.
  server.unref();
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Chromium flags for a browser that reaches web.whatsapp.com at the fixture server and nothing else on the network. */
export function fixtureBrowserArgs(fixture: FixtureServer): string[] {
  return [
    `--host-resolver-rules=MAP web.whatsapp.com 127.0.0.1:${fixture.port}`,
    '--ignore-certificate-errors',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
  ];
}

let shared: Promise<FixtureServer> | null = null;
/** One fixture server per test worker process, shared by every rep it launches; it ends with the process. */
export function sharedFixtureServer(): Promise<FixtureServer> {
  shared ??= startFixtureServer();
  return shared;
}

/** The alternative: answer https://web.whatsapp.com/** from the fake app's files inside one browser context. */
export async function routeFakeWhatsApp(context: BrowserContext): Promise<void> {
  await context.route('https://web.whatsapp.com/**', async (route) => {
    const file = fakeWhatsAppFile(new URL(route.request().url()).pathname);
    if (!file) return route.fulfill({ status: 204 });
    await route.fulfill({ status: 200, contentType: file.contentType, body: file.body, headers: { 'cache-control': 'no-store' } });
  });
}
