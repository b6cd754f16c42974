import { Queue, type DefaultJobOptions } from 'bullmq';
import type IORedis from 'ioredis';
import { env } from '@/server/env';

// Every queue's defaults in one place: retries with exponential backoff, capped retention, and the
// worker concurrency. Names carry a hash tag so each queue's keys share a slot on Redis Cluster.
export const QUEUES = {
  feeds: {
    name: '{feeds}',
    concurrency: 4,
    defaultJobOptions: {
      attempts: 4,
      backoff: { type: 'exponential', delay: 10_000 },
      removeOnComplete: { count: 1_000, age: 24 * 3600 },
      removeOnFail: { count: 5_000, age: 7 * 24 * 3600 },
    } satisfies DefaultJobOptions,
  },
  booking: {
    name: '{booking}',
    concurrency: 4,
    defaultJobOptions: {
      attempts: 8,
      backoff: { type: 'exponential', delay: 2_000 },
      removeOnComplete: { count: 5_000, age: 24 * 3600 },
      removeOnFail: { count: 10_000, age: 14 * 24 * 3600 },
    } satisfies DefaultJobOptions,
  },
} as const;

export type QueueKey = keyof typeof QUEUES;

const queues = new Map<QueueKey, Queue>();

/** A producer-side queue (web or worker), created once per process on the given connection. */
export function getQueue(key: QueueKey, connection: IORedis): Queue {
  let q = queues.get(key);
  if (!q) {
    q = new Queue(QUEUES[key].name, { connection, prefix: env.QUEUE_PREFIX, defaultJobOptions: QUEUES[key].defaultJobOptions });
    queues.set(key, q);
  }
  return q;
}

export async function closeQueues() {
  await Promise.all([...queues.values()].map((q) => q.close()));
  queues.clear();
}
