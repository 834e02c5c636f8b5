import { chromium, type BrowserContext } from '@playwright/test';
import { sharedFixtureServer } from '../../tests/e2e/support/fixture-server';

/** Debian's Chromium, as the e2e tests use it (tests/e2e/support/extension.ts). */
export const CHROMIUM = '/usr/bin/chromium';

/** Chromium exactly as launchRep starts it (tests/e2e/support/extension.ts), minus the extension. */
export async function launchPlain(): Promise<BrowserContext> {
  const fixture = await sharedFixtureServer();
  return chromium.launchPersistentContext('', {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    ignoreHTTPSErrors: true,
    locale: 'it-IT',
    timezoneId: 'Europe/Rome',
    args: [
      `--host-resolver-rules=MAP web.whatsapp.com 127.0.0.1:${fixture.port}`,
      '--ignore-certificate-errors',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}
