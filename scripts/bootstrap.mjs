// Dependency-free first steps shared by `npm run demo` and `npm test`: install what is missing,
// before anything imports a package.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// These machines are offline; nothing should try to phone home.
process.env.NEXT_TELEMETRY_DISABLED ??= '1';
export const step = (msg) => console.log(`\x1b[36m▸\x1b[0m ${msg}`);

export function installIfNeeded() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs) {
    step('Installing dependencies (npm ci)…');
    const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error('npm ci failed; see the output above.');
      process.exit(1);
    }
  }
  if (!existsSync(path.join(root, 'server', 'generated', 'prisma', 'client.ts'))) {
    step('Generating the Prisma client…');
    const r = spawnSync(process.execPath, ['scripts/prisma.mjs', 'generate'], { cwd: root, stdio: 'pipe', encoding: 'utf8' });
    if (r.status !== 0) {
      console.error(r.stdout + r.stderr);
      process.exit(1);
    }
  }
}
