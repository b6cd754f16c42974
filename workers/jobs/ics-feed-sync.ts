import { z } from 'zod';
import { syncIcsFeed } from '@/server/inventory/ics-feeds';
import { defineJob } from './define-job';

/** Re-lists one node's windows from its busy calendar feed. */
export const icsFeedSync = defineJob({
  name: 'ics-feed.sync',
  queue: 'feeds',
  schema: z.object({ feedId: z.string().min(1) }),
  handle: async ({ feedId }, { db, now, log }) => {
    const out = await syncIcsFeed(db, feedId, now());
    log.info({ feedId, ...('summary' in out ? { summary: out.summary } : { skipped: true }) }, 'feed synced');
    return 'summary' in out ? out.summary : 'skipped';
  },
});
