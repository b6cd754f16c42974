#!/usr/bin/env node
// npm test: install what is missing, check the services, run unit and integration tests
// (integration tests create and migrate a database of their own: interstice_test).
import { spawnSync } from 'node:child_process';
import { installIfNeeded, root, step } from './bootstrap.mjs';

installIfNeeded();
const { checkPostgres, checkRedis } = await import('./lib/services.mjs');
const db = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/interstice_test';
const redis = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
try {
  await checkPostgres(db);
  await checkRedis(redis);
} catch (err) {
  console.error(`\n✗ ${err.message}\nThe integration tests need both services; nothing was run.`);
  process.exit(1);
}
step('Running unit and integration tests (vitest)…');
const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
// A plain closing line CI can read, so that a run that executed nothing is visible.
try {
  const { readFileSync } = await import('node:fs');
  const res = JSON.parse(readFileSync(`${root}/test-results/vitest.json`, 'utf8'));
  console.log(`${res.numPassedTests} passed, ${res.numFailedTests} failed${res.numPendingTests ? `, ${res.numPendingTests} skipped` : ''}`);
  if (res.numTotalTests === 0) process.exit(1);
} catch {
  console.log('0 passed, 1 failed');
}
process.exit(r.status ?? 1);
