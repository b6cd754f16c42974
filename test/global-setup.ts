// Integration tests get a database of their own, created fresh and migrated, and need Redis.
import { checkPostgres, checkRedis, ensureDatabase } from '../scripts/lib/services.mjs';
import { migrate } from '../scripts/lib/run.mjs';

export default async function setup() {
  const url = process.env.DATABASE_URL!;
  await checkPostgres(url);
  await checkRedis(process.env.REDIS_URL!);
  await ensureDatabase(url, { fresh: true });
  migrate(url);
}
