import type { JobDefinition } from './define-job';
import { releaseHoldJob, repackJob, repairJob, tickJob } from './booking-jobs';
import { icsFeedSweep } from './ics-feed-sweep';
import { icsFeedSync } from './ics-feed-sync';

export const JOBS: JobDefinition[] = [icsFeedSync, icsFeedSweep, releaseHoldJob, tickJob, repackJob, repairJob];
export const jobByName = new Map(JOBS.map((j) => [j.name, j]));
