import { defineConfig } from '@playwright/test'

/**
 * E2E tests drive the web preview in a real Chromium: Debian's /usr/bin/chromium
 * here (never a browser downloaded by Playwright). CHROMIUM_PATH overrides it.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  // Fails the run if a test modified a tracked file (README pictures go to test-results/screenshots/).
  globalSetup: './tests/e2e/support/trackedFilesUnchanged.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
  },
})
