import IORedis, { type RedisOptions } from 'ioredis';
import { env } from './env';

// BullMQ needs maxRetriesPerRequest: null on the connections its workers block on.
export function createRedis(opts: RedisOptions = {}) {
  return new IORedis(env.REDIS_URL, { maxRetriesPerRequest: null, ...opts });
}

const globalForRedis = globalThis as unknown as { interstiseRedis?: IORedis };
/**
 * The web app's one connection (health checks, enqueueing jobs): a command waits for a reconnect
 * once, then fails, so a request never hangs on a Redis that is down.
 */
export function sharedRedis(): IORedis {
  globalForRedis.interstiseRedis ??= createRedis({ maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  return globalForRedis.interstiseRedis;
}
