import { chromium, type BrowserContext } from '@playwright/test';
import { fixtureBrowserArgs, sharedFixtureServer } from '../../tests/e2e/support/fixture-server';

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
    args: fixtureBrowserArgs(fixture),
  });
}
