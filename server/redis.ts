import IORedis, { type RedisOptions } from 'ioredis';
import { env } from './env';

// BullMQ needs maxRetriesPerRequest: null on the connections its workers block on.
export function createRedis(opts: RedisOptions = {}) {
  return new IORedis(env.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: false, ...opts });
}

const globalForRedis = globalThis as unknown as { interstiseRedis?: IORedis };
export function sharedRedis(): IORedis {
  globalForRedis.interstiseRedis ??= createRedis({ enableOfflineQueue: false, connectTimeout: 2_000 });
  return globalForRedis.interstiseRedis;
}
