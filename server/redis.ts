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

const globalForProducer = globalThis as unknown as { interstiseProducerRedis?: IORedis };
/** The web app's connection for enqueueing jobs: commands wait briefly for a reconnect, then fail. */
export function producerRedis(): IORedis {
  globalForProducer.interstiseProducerRedis ??= createRedis({ maxRetriesPerRequest: 2, connectTimeout: 2_000 });
  return globalForProducer.interstiseProducerRedis;
}
