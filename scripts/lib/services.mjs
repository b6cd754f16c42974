// Checks that PostgreSQL and Redis answer, and says how to start the one that does not.
import net from 'node:net';
import pg from 'pg';

export const HOW_TO_START = {
  postgres: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
  redis: 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
};

const redact = (url) => url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');

export async function checkPostgres(url) {
  const u = new URL(url);
  const admin = new pg.Client({ host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username || 'postgres'), password: decodeURIComponent(u.password || '') || undefined, database: 'postgres', connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
    await admin.query('SELECT 1');
  } catch (err) {
    throw new Error(`PostgreSQL is not reachable at ${redact(url)} (${err.message}).\n  Start it with: ${HOW_TO_START.postgres}`);
  } finally {
    await admin.end().catch(() => {});
  }
}

export async function checkRedis(url) {
  const u = new URL(url);
  await new Promise((resolve, reject) => {
    const sock = net.connect({ host: u.hostname, port: Number(u.port || 6379) });
    const fail = (msg) => { sock.destroy(); reject(new Error(`Redis is not reachable at ${redact(url)} (${msg}).\n  Start it with: ${HOW_TO_START.redis}`)); };
    sock.setTimeout(3000, () => fail('timed out'));
    sock.on('error', (e) => fail(e.message));
    sock.on('connect', () => sock.write('PING\r\n'));
    sock.on('data', (d) => { sock.end(); d.toString().startsWith('+PONG') ? resolve() : fail(`answered ${JSON.stringify(d.toString().trim())}`); });
  });
}

/** Creates the database named in url when it does not exist (optionally dropping it first). */
export async function ensureDatabase(url, { fresh = false } = {}) {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  if (!/^[a-zA-Z0-9_]+$/.test(name)) throw new Error(`Unusual database name ${name}; create it yourself.`);
  const admin = new pg.Client({ host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username || 'postgres'), password: decodeURIComponent(u.password || '') || undefined, database: 'postgres' });
  await admin.connect();
  try {
    if (fresh) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${name}"`);
    return !rowCount;
  } finally {
    await admin.end();
  }
}
