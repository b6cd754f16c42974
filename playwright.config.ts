import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3100);

// Runs against a production build (npm run test:e2e builds it) in Debian's Chromium.
export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  outputDir: 'test-results/e2e',
  use: {
    baseURL: `http://localhost:${PORT}`,
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: [
    {
      command: `node node_modules/next/dist/bin/next start -p ${PORT}`,
      url: `http://localhost:${PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: { NODE_ENV: 'production', APP_URL: `http://localhost:${PORT}` },
    },
    {
      // tsx as a loader in the worker's own process, so Playwright's SIGTERM reaches the worker.
      command: 'node --import tsx workers/index.ts',
      // The worker has no port, so no url: Playwright starts it and does not wait. (With the web
      // app's url and reuseExistingServer, Playwright saw that url answering and never started it.)
      timeout: 60_000,
      env: { NODE_ENV: 'production', LOG_LEVEL: 'warn' },
    },
  ],
});
