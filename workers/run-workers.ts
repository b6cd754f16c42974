import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type IORedis from 'ioredis';
import type { Db } from '@/server/db';
import { env } from '@/server/env';
import { describeZodError } from '@/server/errors';
import type { Logger } from '@/server/logger';
import { jobByName } from './jobs';
import { QUEUES, type QueueKey } from './queues';

/** One BullMQ worker per queue, dispatching by job name to the job's validated handler. */
export function startWorkers({ db, connection, log, queues = Object.keys(QUEUES) as QueueKey[] }: { db: Db; connection: IORedis; log: Logger; queues?: QueueKey[] }) {
  const workers = queues.map((key) => {
    const q = QUEUES[key];
    const worker = new Worker(
      q.name,
      async (job: Job) => {
        const def = jobByName.get(job.name);
        if (!def || def.queue !== key) throw new UnrecoverableError(`no handler for job ${job.name} on queue ${q.name}`);
        const payload = def.schema.safeParse(job.data);
        // A payload that does not parse will not parse on a retry either.
        if (!payload.success) throw new UnrecoverableError(`invalid payload for ${job.name}: ${describeZodError(payload.error)}`);
        const jobLog = log.child({ job: job.name, jobId: job.id, attempt: job.attemptsMade + 1 });
        return def.handle(payload.data, { db, redis: connection, log: jobLog, now: () => new Date(), job });
      },
      { connection, prefix: env.QUEUE_PREFIX, concurrency: q.concurrency, stalledInterval: env.WORKER_STALLED_INTERVAL_MS, lockDuration: Math.max(env.WORKER_STALLED_INTERVAL_MS, 5_000) },
    );
    worker.on('failed', (job, err) => log.warn({ job: job?.name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed'));
    worker.on('error', (err) => log.error({ err }, 'worker error'));
    return worker;
  });
  return {
    workers,
    close: () => Promise.all(workers.map((w) => w.close())),
  };
}
