import type IORedis from 'ioredis';
import { REPACK_EVERY_MS, TICK_EVERY_MS } from './jobs/booking-jobs';
import { FEED_SWEEP_EVERY_MS } from './jobs/ics-feed-sweep';
import { getQueue } from './queues';

/** The clock-driven jobs, registered idempotently at start-up (BullMQ job schedulers). */
export async function registerSchedulers(connection: IORedis) {
  await getQueue('feeds', connection).upsertJobScheduler('ics-feed-sweep', { every: FEED_SWEEP_EVERY_MS }, { name: 'ics-feed.sweep', data: {} });
  await getQueue('booking', connection).upsertJobScheduler('booking-tick', { every: TICK_EVERY_MS }, { name: 'booking.tick', data: {} });
  await getQueue('booking', connection).upsertJobScheduler('booking-repack', { every: REPACK_EVERY_MS }, { name: 'booking.repack', data: {} });
}
