import { z } from 'zod';
import { releaseExpiredHold } from '@/server/booking/book-quote';
import { advanceSegments, repackBookedJobs } from '@/server/booking/advance-segments';
import { repairAfterReclaim } from '@/server/booking/reclaim-window';
import { env } from '@/server/env';
import { defineJob } from './define-job';

export const TICK_EVERY_MS = 60_000;
export const REPACK_EVERY_MS = 10 * 60_000;

/** Enqueued when a hold is made, delayed to its expiry (job id release-<booking id>; BullMQ ids cannot contain a colon). */
export const releaseHoldJob = defineJob({
  name: 'booking.release-hold',
  queue: 'booking',
  schema: z.object({ bookingId: z.string().min(1) }),
  handle: ({ bookingId }, { db, now }) => releaseExpiredHold(db, bookingId, now()),
});

export const tickJob = defineJob({
  name: 'booking.tick',
  queue: 'booking',
  schema: z.object({}).passthrough(),
  handle: (_p, { db, now }) => advanceSegments(db as never, now()),
});

export const repackJob = defineJob({
  name: 'booking.repack',
  queue: 'booking',
  schema: z.object({}).passthrough(),
  handle: (_p, { db, now }) => repackBookedJobs(db, now()),
});

/** High priority, job id repair-<reclaim id>: a duplicate or a retry cannot repair twice. */
export const repairJob = defineJob({
  name: 'reclaim.repair',
  queue: 'booking',
  schema: z.object({ reclaimId: z.string().min(1) }),
  handle: async ({ reclaimId }, { db, now, log }) => {
    const out = await repairAfterReclaim(db, reclaimId, now(), {
      beforeCommit: env.REPAIR_TEST_PAUSE_MS ? () => new Promise((r) => setTimeout(r, env.REPAIR_TEST_PAUSE_MS)) : undefined,
    });
    log.info({ reclaimId, repaired: out.repaired, jobs: out.jobs.length }, 'reclaim repaired');
    return { repaired: out.repaired, jobs: out.jobs };
  },
});
