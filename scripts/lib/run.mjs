import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function step(msg) {
  console.log(`\x1b[36m▸\x1b[0m ${msg}`);
}

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: opts.quiet ? 'pipe' : 'inherit', env: { ...process.env, ...opts.env }, encoding: 'utf8' });
  if (r.status !== 0) {
    if (opts.quiet) process.stderr.write((r.stdout ?? '') + (r.stderr ?? ''));
    throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status}`);
  }
  return r;
}

/** npm ci when node_modules is missing or older than the lockfile; then the generated Prisma client. */
export function ensureInstalled() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(marker)) {
    step('Installing dependencies (npm ci)…');
    run('npm', ['ci', '--no-audit', '--no-fund']);
  }
  if (!existsSync(path.join(root, 'server', 'generated', 'prisma', 'client.ts'))) {
    step('Generating the Prisma client…');
    run('node', ['scripts/prisma.mjs', 'generate'], { quiet: true });
  }
}

export function migrate(databaseUrl) {
  run('node', ['scripts/prisma.mjs', 'migrate', 'deploy'], { quiet: true, env: { DATABASE_URL: databaseUrl } });
}
