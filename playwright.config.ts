import { defineConfig } from '@playwright/test';

// End-to-end tests drive Debian's Chromium with the built extension (npm run test:e2e builds first).
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results/e2e',
  use: {
    // Only for Playwright's built-in browser fixtures: never look for a downloaded browser.
    launchOptions: { executablePath: '/usr/bin/chromium' },
  },
});
