#!/usr/bin/env node
// npm run demo: install, migrate, seed, build, start the web app and the worker, print the logins.
import { installIfNeeded, root, step } from './bootstrap.mjs';

installIfNeeded();

const { spawn, spawnSync } = await import('node:child_process');
const { randomBytes } = await import('node:crypto');
const { existsSync, readFileSync, writeFileSync } = await import('node:fs');
const net = await import('node:net');
const path = (await import('node:path')).default;
const { checkPostgres, checkRedis, ensureDatabase } = await import('./lib/services.mjs');

const PORT = Number(process.env.PORT ?? 3000);
const envFile = path.join(root, '.env');
if (!existsSync(envFile)) {
  step('Writing .env with a fresh session secret (git-ignored)…');
  writeFileSync(envFile, [
    '# Written by npm run demo. Local development defaults; production sets these explicitly.',
    'DATABASE_URL=postgresql://postgres@127.0.0.1:5432/interstice',
    'REDIS_URL=redis://127.0.0.1:6379',
    `APP_URL=http://localhost:${PORT}`,
    `BETTER_AUTH_SECRET=${randomBytes(32).toString('hex')}`,
    '',
  ].join('\n'));
}
for (const line of readFileSync(envFile, 'utf8').split('\n')) {
  const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
  if (m && process.env[m[1]] === undefined) process.env[m[1]] = m[2];
}
const DATABASE_URL = process.env.DATABASE_URL;
const REDIS_URL = process.env.REDIS_URL;

const fail = (err) => {
  console.error(`\n\x1b[31m✗\x1b[0m ${err.message ?? err}`);
  process.exit(1);
};

step(`Checking PostgreSQL (${DATABASE_URL.replace(/\/\/[^@]*@/, '//')}) and Redis (${REDIS_URL})…`);
await checkPostgres(DATABASE_URL).catch(fail);
await checkRedis(REDIS_URL).catch(fail);

const portFree = await new Promise((resolve) => {
  const s = net.createServer().once('error', () => resolve(false)).once('listening', () => s.close(() => resolve(true))).listen(PORT, '0.0.0.0');
});
if (!portFree) fail(`Port ${PORT} is in use. Stop what runs there, or run PORT=3100 npm run demo.`);

const run = (label, cmd, args) => {
  step(label);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status !== 0) fail(`${label.replace(/…$/, '')} failed (exit code ${r.status}).`);
};

if (await ensureDatabase(DATABASE_URL)) step('Created the database.');
run('Applying database migrations…', process.execPath, ['scripts/prisma.mjs', 'migrate', 'deploy']);
run('Seeding the demo market (providers, nodes, two weeks of idle windows, buyers, an admin)…', process.execPath, ['node_modules/tsx/dist/cli.mjs', 'prisma/seed.ts']);
if (process.env.DEMO_SKIP_BUILD !== '1') run('Building the web app (next build)…', process.execPath, ['node_modules/next/dist/bin/next', 'build']);

step(`Starting the web app on port ${PORT} and the worker…`);
const children = [
  spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(PORT)], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } }),
  spawn(process.execPath, ['--import', 'tsx', 'workers/index.ts'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' } }),
];
let stopping = false;
const stop = (code = 0) => {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3000).unref();
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r))))).then(() => process.exit(code));
};
for (const c of children) c.on('exit', (code) => { if (!stopping) { console.error(`\n✗ A process stopped (exit code ${code}); stopping the demo.`); stop(1); } });
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

const url = `http://localhost:${PORT}`;
for (let i = 0; i < 120; i++) {
  const ok = await fetch(`${url}/api/health`).then((r) => r.ok).catch(() => false);
  if (ok) break;
  await new Promise((r) => setTimeout(r, 500));
}
const creds = JSON.parse(readFileSync(path.join(root, '.demo-credentials.json'), 'utf8'));
console.log(`
\x1b[32m✓ Interstice is running at ${url}\x1b[0m   (health: ${url}/api/health · API: ${url}/api/v1/openapi.json)

  Demo logins (password for all: ${creds.provider.password}); API keys are in .demo-credentials.json
    provider  ${creds.provider.email.padEnd(28)} Northwind Compute, a NeoCloud with 8-GPU nodes
    buyer     ${creds.buyer.email.padEnd(28)} Acme Research Lab
    admin     ${creds.admin.email.padEnd(28)} platform operator

  Try the API:  curl -H "Authorization: Bearer ${creds.provider.apiKey.slice(0, 12)}…" ${url}/api/v1/nodes
  Stop with Ctrl-C.
`);
