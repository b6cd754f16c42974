#!/usr/bin/env node
// npm run test:e2e: a fresh seeded database, a production build, Playwright in Debian's Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { installIfNeeded, root, step } from './bootstrap.mjs';

installIfNeeded();
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(`✗ Chromium is not installed at ${chromium}. Install it with: apt-get update && apt-get install -y chromium`);
  process.exit(1);
}
const { checkPostgres, checkRedis, ensureDatabase } = await import('./lib/services.mjs');
const env = {
  ...process.env,
  DATABASE_URL: process.env.E2E_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/interstice_e2e',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  QUEUE_PREFIX: process.env.E2E_QUEUE_PREFIX ?? 'interstice-e2e',
  BETTER_AUTH_SECRET: 'e2e-secret-e2e-secret-e2e-secret-e2e-secret',
  DEMO_CREDENTIALS_FILE: 'test-results/e2e-credentials.json',
  // Every spec signs in from 127.0.0.1; production keeps the strict default.
  AUTH_ATTEMPTS_PER_10S: '60',
};
try {
  await checkPostgres(env.DATABASE_URL);
  await checkRedis(env.REDIS_URL);
} catch (err) {
  console.error(`✗ ${err.message}`);
  process.exit(1);
}
const run = (label, args) => {
  step(label);
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
const { mkdirSync } = await import('node:fs');
mkdirSync(`${root}/test-results/screens`, { recursive: true });
await ensureDatabase(env.DATABASE_URL, { fresh: true });
run('Migrating the e2e database…', ['scripts/prisma.mjs', 'migrate', 'deploy']);
run('Seeding it…', ['node_modules/tsx/dist/cli.mjs', 'prisma/seed.ts']);
if (process.env.E2E_SKIP_BUILD !== '1') run('Building the app (next build)…', ['node_modules/next/dist/bin/next', 'build']);
run('Running Playwright…', ['node_modules/@playwright/test/cli.js', 'test', ...process.argv.slice(2)]);
