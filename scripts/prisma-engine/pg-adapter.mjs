// PostgreSQL driver-adapter factory for the wasm schema engine, built on
// @prisma/adapter-pg with the fixes the schema engine needs:
//
//  1. adapter-pg rejects Postgres' one-byte "char" type (OID 18), which the
//     engine's catalog queries return (pg_class.relkind, pg_constraint.contype,
//     ...). Such columns are reported as `Character`.
//  2. adapter-pg's connectToShadowDb() spreads a `connectionString`, which wins
//     over `database`, so its "shadow" database is the main one. We always pass
//     discrete host/port/user/password/database fields.
//  3. adapter-pg drops the shadow database before closing the pool that is
//     connected to it. We close the pool first, then DROP ... WITH (FORCE).
//  4. adapter-pg's executeScript() splits the script on every ";", which breaks
//     dollar-quoted bodies, string literals and comments containing ";". We send
//     the whole script as one simple-protocol query on one connection, like the
//     native engine does.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { ColumnTypeEnum } from '@prisma/driver-adapter-utils';

const require = createRequire(import.meta.url);
// pg-connection-string is a dependency of pg: resolve it from pg's location.
const { parse: parsePgConnectionString } = createRequire(require.resolve('pg'))('pg-connection-string');

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/**
 * Parses a postgres:// URL into a pg client config with discrete fields (never
 * `connectionString`), plus the Prisma-specific `schema` parameter.
 */
export function parsePostgresUrl(url) {
  if (typeof url !== 'string' || !/^postgres(ql)?:\/\//i.test(url)) {
    throw Object.assign(new Error(`The datasource URL must start with postgresql:// or postgres:// (got ${describeUrl(url)}).`), {
      code: 'P1013',
    });
  }
  const parsed = parsePgConnectionString(url);
  const { schema, sslmode, connection_limit, pool_timeout, socket_timeout, pgbouncer, statement_cache_size, ...rest } = parsed;
  const config = {};
  for (const [k, v] of Object.entries(rest)) if (v !== undefined && v !== null) config[k] = v;
  if (config.port !== undefined) config.port = Number(config.port);
  if (config.ssl === undefined && sslmode === 'disable') config.ssl = false;
  if (connection_limit) config.max = Number(connection_limit);
  if (schema) {
    // Like the native engine: unqualified names (e.g. the _prisma_migrations
    // table the engine creates) must land in the URL's schema, not in public.
    const searchPath = `-c search_path=${quoteIdent(schema).replace(/([\\ ])/g, '\\$1')}`;
    config.options = config.options ? `${config.options} ${searchPath}` : searchPath;
  }
  return { config, schema: schema || undefined };
}

export function describeUrl(url) {
  if (typeof url !== 'string') return String(url);
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

export function quoteIdent(name) {
  return `"${String(name).replace(/"/g, '""')}"`;
}

/** Runs one statement on a short-lived client. */
export async function runOnce(config, sql) {
  const client = new pg.Client(config);
  client.on('error', () => {});
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end().catch(() => {});
  }
}

function once(fn) {
  let p;
  return () => (p ??= Promise.resolve().then(fn));
}

/**
 * Remembers the database error behind a DriverAdapterError: the wasm engine
 * only reports e.g. "No such table: Nope", dropping Postgres' code and message.
 */
function recordDbError(error, onDbError) {
  const cause = error?.cause;
  if (onDbError && cause && typeof cause === 'object') {
    onDbError({
      kind: cause.kind,
      code: cause.originalCode ?? cause.code,
      message: cause.originalMessage ?? error.message,
    });
  }
}

/** Patches a PgQueryable (adapter or transaction) instance in place. */
function patchQueryable(queryable, onDbError) {
  const charColumns = new WeakMap(); // result.rows -> indexes of "char" columns
  const performIO = queryable.performIO.bind(queryable);
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.performIO = async (query) => {
    let result;
    try {
      result = await performIO(query);
    } catch (error) {
      recordDbError(error, onDbError);
      throw error;
    }
    if (result?.fields) {
      const idx = [];
      result.fields.forEach((field, i) => {
        if (field.dataTypeID === PG_CHAR_OID) {
          idx.push(i);
          field.dataTypeID = PG_TEXT_OID; // values are already parsed (as strings)
        }
      });
      if (idx.length > 0 && result.rows) charColumns.set(result.rows, idx);
    }
    return result;
  };
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    const idx = charColumns.get(result.rows);
    if (idx) for (const i of idx) result.columnTypes[i] = ColumnTypeEnum.Character;
    return result;
  };
  return queryable;
}

function patchAdapter(adapter, { onDispose, onDbError } = {}) {
  patchQueryable(adapter, onDbError);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (...args) => patchQueryable(await startTransaction(...args), onDbError);
  adapter.executeScript = async (script) => {
    const pool = adapter.underlyingDriver();
    let client;
    try {
      client = await pool.connect();
      await client.query(script);
    } catch (error) {
      try {
        adapter.onError(error); // throws a DriverAdapterError
      } catch (adapterError) {
        recordDbError(adapterError, onDbError);
        throw adapterError;
      }
    } finally {
      client?.release();
    }
  };
  const dispose = adapter.dispose.bind(adapter);
  adapter.dispose = once(async () => {
    await dispose();
    await onDispose?.();
  });
  return adapter;
}

/**
 * A migration-aware SqlDriverAdapterFactory (connect + connectToShadowDb).
 * Wrap it with bindMigrationAwareSqlAdapterFactory() before handing it to the
 * wasm engine. Call close() after each engine request: it disposes every pool
 * and drops every shadow database this factory created.
 */
export class PostgresAdapterFactory {
  provider = 'postgres';
  adapterName = '@prisma/adapter-pg';

  constructor({ url, shadowDatabaseUrl, log = () => {} }) {
    this.url = url;
    this.shadowDatabaseUrl = shadowDatabaseUrl || undefined;
    this.log = log;
    this.adapters = [];
    this.shadowDatabases = new Set();
    /** Last database error seen on any connection ({ kind, code, message }). */
    this.lastDbError = undefined;
  }

  get main() {
    if (!this.url) {
      throw Object.assign(
        new Error('No datasource URL was provided (set `datasource.url` in prisma.config.ts or DATABASE_URL).'),
        { code: 'P1012' },
      );
    }
    return (this._main ??= parsePostgresUrl(this.url));
  }

  async #open({ config, schema }, onDispose) {
    const factory = new PrismaPg({ ...config }, schema ? { schema } : undefined);
    const adapter = patchAdapter(await factory.connect(), {
      onDispose,
      onDbError: (dbError) => {
        this.lastDbError = dbError;
      },
    });
    this.adapters.push(adapter);
    return adapter;
  }

  async connect() {
    return this.#open(this.main);
  }

  async connectToShadowDb() {
    if (this.shadowDatabaseUrl) {
      // A user-provided shadow database: like the native engine, start from an empty schema.
      const shadow = parsePostgresUrl(this.shadowDatabaseUrl);
      const schema = shadow.schema ?? 'public';
      await runOnce(shadow.config, `DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE; CREATE SCHEMA ${quoteIdent(schema)};`);
      return this.#open(shadow);
    }
    const { config, schema } = this.main;
    const database = `prisma_migrate_shadow_db_${randomUUID()}`;
    await runOnce(config, `CREATE DATABASE ${quoteIdent(database)}`);
    this.shadowDatabases.add(database);
    this.log('INFO', `Created shadow database ${database}`);
    return this.#open({ config: { ...config, database }, schema }, async () => {
      await this.#dropShadow(database);
    });
  }

  async #dropShadow(database) {
    const { config } = this.main;
    try {
      await runOnce(config, `DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
    } catch (e) {
      // PostgreSQL < 13 has no WITH (FORCE).
      await runOnce(config, `DROP DATABASE IF EXISTS ${quoteIdent(database)}`);
    }
    this.shadowDatabases.delete(database);
    this.log('INFO', `Dropped shadow database ${database}`);
  }

  /** Disposes all adapters (closing pools first) and drops leftover shadow databases. */
  async close() {
    const adapters = this.adapters.splice(0).reverse();
    for (const adapter of adapters) {
      try {
        await adapter.dispose();
      } catch (e) {
        this.log('WARN', `Failed to dispose a connection: ${e?.message ?? e}`);
      }
    }
    for (const database of [...this.shadowDatabases]) {
      try {
        await this.#dropShadow(database);
      } catch (e) {
        this.log('WARN', `Failed to drop shadow database ${database}: ${e?.message ?? e}`);
      }
    }
  }
}
