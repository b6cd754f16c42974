import { sharedRedis } from '../redis';
import { getQueue } from '../../workers/queues';

/** The delayed job that releases an unpaid hold at its expiry. */
export async function enqueueHoldRelease(bookingId: string, holdExpiresAt: Date, now: Date) {
  await getQueue('booking', sharedRedis()).add('booking.release-hold', { bookingId }, { jobId: `release-${bookingId}`, delay: Math.max(0, holdExpiresAt.getTime() - now.getTime()) + 1_000 });
}

/** The repair of a reclaim: deterministic id, high priority. */
export async function enqueueRepair(reclaimId: string) {
  await getQueue('booking', sharedRedis()).add('reclaim.repair', { reclaimId }, { jobId: `repair-${reclaimId}`, priority: 1 });
}
