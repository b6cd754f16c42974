import { z } from 'zod';
import { enabledFeedIds } from '@/server/inventory/ics-feeds';
import { getQueue } from '../queues';
import { defineJob } from './define-job';

export const FEED_SWEEP_EVERY_MS = 15 * 60_000;

/** Run by a job scheduler: enqueues a sync for every enabled feed, one per feed per sweep slot. */
export const icsFeedSweep = defineJob({
  name: 'ics-feed.sweep',
  queue: 'feeds',
  schema: z.object({}).passthrough(),
  handle: async (_payload, { db, redis, now }) => {
    const ids = await enabledFeedIds(db);
    const slot = Math.floor(now().getTime() / FEED_SWEEP_EVERY_MS);
    await getQueue('feeds', redis).addBulk(ids.map((feedId) => ({ name: 'ics-feed.sync', data: { feedId }, opts: { jobId: `ics-sync-${feedId}-${slot}` } })));
    return { enqueued: ids.length };
  },
});
