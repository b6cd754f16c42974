import type IORedis from 'ioredis';
import type { Db } from '../db';

type Part = 'db' | 'redis';
export type Health = Record<Part, 'ok' | string>;

const withTimeout = <T,>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms))]);

/** Each part answers "ok" or names what failed; the caller turns any failure into a 503. */
export async function checkHealth(db: Db, redis: IORedis): Promise<{ ok: boolean; parts: Health }> {
  const [d, r] = await Promise.allSettled([
    withTimeout(db.$queryRaw`SELECT 1`, 2_000, 'PostgreSQL'),
    withTimeout(redis.ping(), 2_000, 'Redis'),
  ]);
  const parts: Health = {
    db: d.status === 'fulfilled' ? 'ok' : `down: ${(d.reason as Error).message.split('\n')[0]}`,
    redis: r.status === 'fulfilled' && r.value === 'PONG' ? 'ok' : `down: ${r.status === 'rejected' ? (r.reason as Error).message : 'no PONG'}`,
  };
  return { ok: Object.values(parts).every((v) => v === 'ok'), parts };
}
