import IORedis from 'ioredis';
import { describe, expect, it } from 'vitest';
import { db } from '@/server/db';
import { createRedis } from '@/server/redis';
import { checkHealth } from './check-health';

describe('health', () => {
  it('answers ok when PostgreSQL and Redis answer', async () => {
    const redis = createRedis();
    try {
      expect(await checkHealth(db, redis)).toEqual({ ok: true, parts: { db: 'ok', redis: 'ok' } });
    } finally {
      redis.disconnect();
    }
  });

  it('names the part that is down', async () => {
    const dead = new IORedis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    await dead.connect().catch(() => undefined);
    const h = await checkHealth(db, dead);
    expect(h.ok).toBe(false);
    expect(h.parts.db).toBe('ok');
    expect(h.parts.redis).toMatch(/^down: /);
    dead.disconnect();
  });
});
