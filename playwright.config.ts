import { defineConfig } from '@playwright/test';

/**
 * End-to-end: the built renderer in Debian's chromium, served by the browser host with the real
 * main-process services behind it, and pcscd with a virtual card. One worker: the tests share the
 * machine's one pcscd and its vpcd reader.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: '.test-output/playwright.json' }]],
  outputDir: '.test-output/playwright-artifacts',
  use: {
    browserName: 'chromium',
    locale: 'ko-KR',
    timezoneId: 'Asia/Seoul',
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // Chromium's background services would try (and fail) to reach the internet.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        // The page's own window.print() takes the system dialog path, as in Electron (which has no
        // print preview); headless cancels that dialog at once and the print ends (`afterprint`).
        // A print preview would stay open unseen, and page.pdf refuses to run while it does.
        '--disable-print-preview',
      ],
    },
  },
});
