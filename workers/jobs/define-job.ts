import type { Job } from 'bullmq';
import type { z } from 'zod';
import type { Db } from '@/server/db';
import type { Logger } from '@/server/logger';
import type { QueueKey } from '../queues';
import type IORedis from 'ioredis';

export interface JobContext {
  db: Db;
  redis: IORedis;
  log: Logger;
  now: () => Date;
  job: Job;
}

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  queue: QueueKey;
  schema: S;
  handle: (payload: z.infer<S>, ctx: JobContext) => Promise<unknown>;
}

export const defineJob = <S extends z.ZodType>(def: JobDefinition<S>) => def as unknown as JobDefinition;
