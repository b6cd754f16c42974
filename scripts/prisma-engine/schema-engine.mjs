#!/usr/bin/env node
// Stand-in for Prisma's native `schema-engine` binary, for machines that cannot
// download it. Point PRISMA_SCHEMA_ENGINE_BINARY at this file (see
// scripts/prisma.mjs). It speaks the native engine's protocol to the Prisma CLI
// and delegates the work to @prisma/schema-engine-wasm on top of
// @prisma/adapter-pg (PostgreSQL only).
//
// Protocol, as used by the prisma 7.x CLI:
//   schema-engine --version                 -> stdout "schema-engine-cli <hash>"
//   schema-engine --datasource '{"url":..}' cli can-connect-to-database|create-database|drop-database
//       -> exit 0 on success; on failure exit 1 with JSON log lines on stderr
//          (the CLI drops the first stderr line, then parses the rest as JSON).
//   schema-engine [--datamodels <file>]... [--datasource '{"url":..,"shadowDatabaseUrl":..}']
//       -> JSON-RPC 2.0 over stdio, one message per line. Requests come on
//          stdin; responses go to stdout. `diff` output is printed through a
//          `print` request to the CLI, like the native engine does.
//
// This script reads only what Prisma passes it: the --datamodels files and
// the --datasource URL (falling back to DATABASE_URL).
import fs from 'node:fs';
import readline from 'node:readline';
import { bindMigrationAwareSqlAdapterFactory, mockMigrationAwareAdapterFactory } from '@prisma/driver-adapter-utils';
import { loadSchemaEngineWasm, panicRegistry, wasmEngineHash } from './wasm-loader.mjs';
import { PostgresAdapterFactory, describeUrl, parsePostgresUrl, quoteIdent, runOnce } from './pg-adapter.mjs';

// ---------------------------------------------------------------------------
// Logging: JSON lines on stderr, shaped like the native engine's tracing output.
// ---------------------------------------------------------------------------
function logLine(level, fields, target = 'schema_engine') {
  try {
    process.stderr.write(JSON.stringify({ timestamp: new Date().toISOString(), level, fields, target }) + '\n');
  } catch {
    /* stderr closed */
  }
}
const log = (level, message, extra = {}) => logLine(level, { message, ...extra });

// Node warnings (e.g. pg-connection-string's sslmode notice) would otherwise be
// printed as plain text on stderr, which the CLI tries to parse as JSON.
process.emitWarning = (warning) => log('WARN', String(warning?.message ?? warning));

// ---------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------
function parseArgs(argv) {
  const args = { datamodels: [], datasource: undefined, cli: undefined, version: false, help: false, previewFeatures: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`Missing value for ${a}`);
      return argv[++i];
    };
    if (a === '--version' || a === '-V' || a === 'version') args.version = true;
    else if (a === '--help' || a === '-h') args.help = true;
    else if (a === '--datamodels' || a === '-d' || a === '--datamodel') args.datamodels.push(value());
    else if (a.startsWith('--datamodels=')) args.datamodels.push(a.slice('--datamodels='.length));
    else if (a === '--datasource') args.datasource = value();
    else if (a.startsWith('--datasource=')) args.datasource = a.slice('--datasource='.length);
    else if (a === '--enabled-preview-features') args.previewFeatures.push(...value().split(',').filter(Boolean));
    else if (a === '--extension-types') value(); // not used by the wasm engine
    else if (a === 'cli') {
      args.cli = argv[++i];
      break;
    } else throw new Error(`Unknown argument: ${a}`);
  }
  return args;
}

function parseDatasource(raw) {
  let ds = {};
  if (raw) {
    try {
      ds = JSON.parse(raw) ?? {};
    } catch (e) {
      throw new Error(`--datasource is not valid JSON: ${e.message}`);
    }
  }
  const url = ds.url || process.env.DATABASE_URL || undefined;
  const shadowDatabaseUrl = ds.shadowDatabaseUrl || ds.shadow_database_url || undefined;
  return { url, shadowDatabaseUrl };
}

// ---------------------------------------------------------------------------
// Error mapping (pg / wasm errors -> Prisma user-facing error codes)
// ---------------------------------------------------------------------------
function location(config) {
  return `${config.host ?? 'localhost'}:${config.port ?? 5432}`;
}

function pgErrorToUserFacing(e, config) {
  const code = e?.code ?? e?.cause?.originalCode;
  if (code === '3D000') {
    return { error_code: 'P1003', message: `Database \`${config.database}\` does not exist on the database server at \`${location(config)}\`.` };
  }
  if (code === '28P01' || code === '28000') {
    return {
      error_code: 'P1000',
      message: `Authentication failed against database server, the provided database credentials for \`${config.user}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at the configured address.`,
    };
  }
  if (code === '42P04') {
    return { error_code: 'P1009', message: `Database \`${config.database}\` already exists on the database server at \`${location(config)}\`` };
  }
  if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN'].includes(code)) {
    return {
      error_code: 'P1001',
      message: `Can't reach database server at \`${location(config)}\`\n\nPlease make sure your database server is running at \`${location(config)}\`.`,
    };
  }
  if (e?.code && /^P\d{4}$/.test(e.code)) return { error_code: e.code, message: e.message };
  return { message: String(e?.message ?? e) };
}

function isWasmPanic(e) {
  return e instanceof WebAssembly.RuntimeError || e?.name === 'RuntimeError';
}

/**
 * Rewrites an engine error that was caused by a database error into the shape
 * the native engine produces (P3018 for a migration that fails to apply).
 */
function enrichDbError(method, e) {
  const db = e?.dbError;
  if (!db) return undefined;
  const dbText = `Database error code: ${db.code ?? 'unknown'}\n\nDatabase error:\nERROR: ${db.message}`;
  const applied = /apply_migration::apply_script[\s\S]*?migration_name="([^"]+)"/.exec(String(e.message));
  if (method === 'applyMigrations' && applied) {
    return {
      error_code: 'P3018',
      message:
        'A migration failed to apply. New migrations cannot be applied before the error is recovered from. ' +
        'Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve\n\n' +
        `Migration name: ${applied[1]}\n\n${dbText}\n`,
      meta: { migration_name: applied[1], database_error_code: db.code ?? null, database_error: db.message },
    };
  }
  return { message: `${e.message}\n\n${dbText}\n` };
}

/** Builds the JSON-RPC `error` object the CLI understands. */
function toRpcError(e, method) {
  if (isWasmPanic(e)) {
    const message = panicRegistry.message ?? String(e?.message ?? e);
    panicRegistry.message = undefined;
    return { code: 4466, message: 'An error happened. Check the data field for details.', data: { is_panic: true, message, backtrace: e?.stack ?? null } };
  }
  const data = { is_panic: false, message: String(e?.message ?? e), meta: e?.meta ?? null };
  if (typeof e?.code === 'string' && /^P\d{4}$/.test(e.code)) data.error_code = e.code;
  Object.assign(data, enrichDbError(method, e));
  return { code: 4466, message: 'An error happened. Check the data field for details.', data };
}

// ---------------------------------------------------------------------------
// `cli` sub-commands
// ---------------------------------------------------------------------------
async function runCliCommand(command, datasource) {
  logLine('INFO', { message: `Starting schema engine CLI (wasm stand-in) for \`${command}\``, git_hash: wasmEngineHash() });
  const { url } = datasource;
  let config;
  try {
    if (!url) throw new Error('No datasource URL given (pass --datasource or set DATABASE_URL).');
    ({ config } = parsePostgresUrl(url));
    switch (command) {
      case 'can-connect-to-database':
        await runOnce(config, 'SELECT 1');
        return 0;
      case 'create-database': {
        const { database, ...server } = config;
        await runAdmin(server, `CREATE DATABASE ${quoteIdent(database)}`);
        process.stdout.write(`Database '${database}' was successfully created.\n`);
        return 0;
      }
      case 'drop-database': {
        const { database, ...server } = config;
        await runAdmin(server, `DROP DATABASE ${quoteIdent(database)}`);
        process.stdout.write(`The database was successfully dropped.\n`);
        return 0;
      }
      default:
        throw new Error(`Unknown cli sub-command: ${command}`);
    }
  } catch (e) {
    const fields = { is_panic: false, ...pgErrorToUserFacing(e, config ?? {}) };
    if (!fields.error_code) fields.error_code = undefined;
    logLine('ERROR', JSON.parse(JSON.stringify(fields)), 'schema_engine::logger');
    return 1;
  }
}

/** Runs a statement against the maintenance database (postgres, then template1). */
async function runAdmin(server, sql) {
  try {
    return await runOnce({ ...server, database: 'postgres' }, sql);
  } catch (e) {
    if (e?.code !== '3D000') throw e;
    return await runOnce({ ...server, database: 'template1' }, sql);
  }
}

// ---------------------------------------------------------------------------
// JSON-RPC server
// ---------------------------------------------------------------------------
function createServer(args) {
  const datasource = parseDatasource(args.datasource);
  const datamodels = args.datamodels.map((file) => [file, fs.readFileSync(file, 'utf8')]);
  let wasmModule;
  const liveFactories = new Set();

  const engineLog = (msg) => {
    // The wasm engine hands us tracing events as strings (usually JSON).
    let parsed;
    try {
      parsed = JSON.parse(msg);
    } catch {
      /* plain text */
    }
    if (parsed && typeof parsed === 'object' && parsed.fields) logLine(parsed.level ?? 'INFO', parsed.fields, parsed.target ?? 'schema_engine');
    else log('INFO', String(msg));
  };

  // A fresh engine (and fresh connections) per request: the wasm engine only
  // wires the shadow-database factory up on some code paths, and per-request
  // engines guarantee every pool is closed and every shadow database dropped
  // before the response is written (the CLI kills us as soon as it is done).
  async function withEngine(fn) {
    wasmModule ??= await loadSchemaEngineWasm();
    const factory = new PostgresAdapterFactory({
      url: datasource.url,
      shadowDatabaseUrl: datasource.shadowDatabaseUrl,
      log: (level, message) => log(level, message),
    });
    liveFactories.add(factory);
    // Without a URL, give the engine a mock adapter so that it fails with a
    // clear message when it needs the database (unlike the native engine, the
    // wasm engine queries the database even for schema-to-schema diffs).
    const bound = bindMigrationAwareSqlAdapterFactory(datasource.url ? factory : mockMigrationAwareAdapterFactory('postgres'));
    let engine;
    try {
      engine = await wasmModule.SchemaEngine.new({ datamodels: datamodels.length > 0 ? datamodels : undefined }, engineLog, bound);
      return await fn(engine);
    } catch (e) {
      // JS errors thrown inside the adapter reach us as "External error id#N":
      // surface the original error instead.
      const external = /External error id#(\d+)/.exec(String(e?.message ?? ''));
      const original = external ? bound.errorRegistry.consumeError(Number(external[1]))?.error : undefined;
      if (original) {
        if (!datasource.url && /^Not implemented: /.test(String(original.message))) {
          throw new Error(
            'This command needs a database connection (the wasm schema engine connects even for `migrate diff --from-empty --to-schema`), ' +
              'but no datasource URL was given: set `datasource.url` in prisma.config.ts or DATABASE_URL.',
          );
        }
        throw original;
      }
      // Errors that come from the database reach us as "external connector
      // error" without Postgres' code/message: attach what the adapter saw.
      if (factory.lastDbError && e && typeof e === 'object' && /external connector error/.test(String(e.message))) {
        try {
          e.dbError = factory.lastDbError;
        } catch {
          /* frozen */
        }
      }
      throw e;
    } finally {
      try {
        engine?.free();
      } catch {
        /* already freed */
      }
      await factory.close();
      liveFactories.delete(factory);
    }
  }

  // Methods whose wasm implementation needs the engine to have gone through
  // devDiagnostic first (otherwise: "shadow DB must be provided through an
  // external factory").
  const needsDevDiagnostic = new Set(['evaluateDataLoss', 'createMigration']);

  // JSON-RPC methods passed straight through to the wasm engine.
  const passthrough = new Set([
    'applyMigrations',
    'createMigration',
    'dbExecute',
    'devDiagnostic',
    'diagnoseMigrationHistory',
    'ensureConnectionValidity',
    'evaluateDataLoss',
    'introspect',
    'introspectSql',
    'markMigrationApplied',
    'markMigrationRolledBack',
    'reset',
    'schemaPush',
  ]);

  const handlers = {
    async createDatabase(params) {
      const target = params?.datasource?.tag === 'ConnectionString' ? params.datasource.url : datasource.url;
      const { config } = parsePostgresUrl(target);
      const { database, ...server } = config;
      await runAdmin(server, `CREATE DATABASE ${quoteIdent(database)}`);
      return { databaseName: database };
    },
    async getDatabaseVersion(params) {
      return withEngine((engine) => engine.version(params ?? undefined));
    },
    async getDatabaseDescription() {
      throw new Error('getDatabaseDescription is not supported by the wasm schema engine stand-in.');
    },
    async diff(params) {
      const result = await withEngine((engine) => engine.diff(params));
      if (result?.stdout) {
        await printToCli(result.stdout.endsWith('\n') ? result.stdout.slice(0, -1) : result.stdout);
      }
      return { exitCode: result?.exitCode ?? 0 };
    },
    async debugPanic() {
      return withEngine(async (engine) => engine.debugPanic());
    },
  };

  async function dispatch(method, params) {
    if (Object.hasOwn(handlers, method)) return handlers[method](params);
    if (!passthrough.has(method)) throw Object.assign(new Error(`Method not found: ${method}`), { rpcCode: -32601 });
    return withEngine(async (engine) => {
      if (needsDevDiagnostic.has(method) && params?.migrationsList) {
        await engine.devDiagnostic({ migrationsList: params.migrationsList, filters: params.filters ?? { externalTables: [], externalEnums: [] } });
      }
      const result = await engine[method](params);
      return result === undefined ? {} : result;
    });
  }

  // --- stdio plumbing ---
  const write = (msg) => process.stdout.write(JSON.stringify(msg) + '\n');
  let nextOutgoingId = 1;
  const pendingOutgoing = new Map();
  function printToCli(content) {
    const id = `stand-in-print-${nextOutgoingId++}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        pendingOutgoing.delete(id);
        resolve();
      }, 10_000);
      pendingOutgoing.set(id, () => {
        clearTimeout(timer);
        resolve();
      });
      write({ jsonrpc: '2.0', id, method: 'print', params: { content } });
    });
  }

  let queue = Promise.resolve();
  async function handleRequest(req) {
    const { id, method, params } = req;
    log('INFO', `rpc request: ${method}`);
    try {
      const result = await dispatch(method, params);
      if (id !== undefined && id !== null) write({ jsonrpc: '2.0', id, result: result ?? {} });
    } catch (e) {
      log('ERROR', `${method} failed: ${e?.message ?? e}`);
      if (id !== undefined && id !== null) {
        const error = e?.rpcCode ? { code: e.rpcCode, message: e.message } : toRpcError(e, method);
        write({ jsonrpc: '2.0', id, error });
      }
    }
  }

  function onLine(line) {
    if (!line.trim()) return;
    let msg;
    try {
      msg = JSON.parse(line);
    } catch (e) {
      write({ jsonrpc: '2.0', id: null, error: { code: -32700, message: `Parse error: ${e.message}` } });
      return;
    }
    if (msg.method === undefined) {
      // A response to one of our own requests (print).
      const done = pendingOutgoing.get(msg.id);
      if (done) {
        pendingOutgoing.delete(msg.id);
        done();
      }
      return;
    }
    // The CLI sends one request at a time; serialize anyway.
    queue = queue.then(() => handleRequest(msg));
  }

  async function cleanup() {
    for (const f of liveFactories) await f.close().catch(() => {});
  }

  return { onLine, drain: () => queue, cleanup, datasource };
}

// ---------------------------------------------------------------------------
// main
// ---------------------------------------------------------------------------
async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    return 1;
  }
  if (args.version) {
    process.stdout.write(`schema-engine-cli ${wasmEngineHash()}\n`);
    return 0;
  }
  if (args.help) {
    process.stdout.write(
      'schema-engine (wasm stand-in)\n\nUSAGE:\n  schema-engine [--datamodels <path>]... [--datasource <json>]   JSON-RPC over stdio\n  schema-engine --datasource <json> cli <can-connect-to-database|create-database|drop-database>\n  schema-engine --version\n',
    );
    return 0;
  }
  if (args.cli) return runCliCommand(args.cli, parseDatasource(args.datasource));

  const server = createServer(args);
  log('INFO', `Starting schema engine RPC server (wasm stand-in ${wasmEngineHash()})`, {
    datasource: server.datasource.url ? describeUrl(server.datasource.url) : null,
  });
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
    process.once(signal, () => {
      server.cleanup().finally(() => process.exit(0));
      setTimeout(() => process.exit(0), 3000).unref();
    });
  }
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on('line', (line) => server.onLine(line));
  await new Promise((resolve) => rl.once('close', resolve));
  await server.drain();
  await server.cleanup();
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
    // pg pools/timers must not keep us alive once stdin is closed.
    setTimeout(() => process.exit(code), 50).unref();
  },
  (e) => {
    log('ERROR', `schema engine stand-in crashed: ${e?.stack ?? e}`);
    process.exit(101);
  },
);
