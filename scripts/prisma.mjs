#!/usr/bin/env node
// Runs the project's local Prisma CLI with a schema engine that works offline.
//
//   node scripts/prisma.mjs <prisma args...>     e.g. node scripts/prisma.mjs migrate deploy
//
// Prisma 7's migrate/db commands need the native `schema-engine` binary, which
// the CLI downloads from Prisma's servers. Where that is impossible, this
// wrapper points PRISMA_SCHEMA_ENGINE_BINARY at scripts/prisma-engine/schema-engine.mjs
// (a stand-in backed by @prisma/schema-engine-wasm + @prisma/adapter-pg).
// If PRISMA_SCHEMA_ENGINE_BINARY is already set, it is respected as is
// (e.g. to use a real native engine).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const cli = path.join(root, 'node_modules', 'prisma', 'build', 'index.js');
const standIn = path.join(here, 'prisma-engine', 'schema-engine.mjs');

const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
  try {
    fs.chmodSync(standIn, 0o755); // git checkouts on some filesystems lose the x bit
  } catch {}
  env.PRISMA_SCHEMA_ENGINE_BINARY = standIn;
}

const child = spawn(process.execPath, [cli, ...process.argv.slice(2)], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('error', (e) => {
  console.error(`Failed to start the Prisma CLI (${cli}): ${e.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
