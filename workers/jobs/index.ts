import type { JobDefinition } from './define-job';
import { icsFeedSweep } from './ics-feed-sweep';
import { icsFeedSync } from './ics-feed-sync';

export const JOBS: JobDefinition[] = [icsFeedSync, icsFeedSweep];
export const jobByName = new Map(JOBS.map((j) => [j.name, j]));
