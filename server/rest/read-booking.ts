import type { Db } from '../db';
import { serializeBooking } from '../booking/actions';
import { AppError } from '../errors';

// Reads for the buyer's REST routes that no domain function answers yet. It belongs next to
// serializeBooking in server/booking; it lives here until that module's owner takes it.

/** A booking of the organization with its allocations (windows, intervals, GPUs, prices), in time order. */
export async function getBookingWithAllocations(db: Db, orgId: string, bookingId: string) {
  const b = await db.booking.findFirst({
    where: { id: bookingId, orgId },
    include: { allocations: { orderBy: [{ startsAt: 'asc' }, { windowId: 'asc' }, { id: 'asc' }] } },
  });
  if (!b) throw new AppError('NOT_FOUND', `Booking ${bookingId} was not found in your organization.`);
  return {
    ...serializeBooking(b),
    allocations: b.allocations.map((a) => ({
      id: a.id, windowId: a.windowId, startsAt: a.startsAt.toISOString(), endsAt: a.endsAt.toISOString(),
      gpus: a.gpus, centsPerGpuHour: a.centsPerGpuHour, status: a.status,
    })),
  };
}

export const serializeReclaim = (r: {
  id: string; windowId: string; requestedAt: Date; at: Date; promisedNoticeMinutes: number; givenNoticeMinutes: number;
  brokePromise: boolean; soldGpuHoursLost: number; status: string;
}) => ({
  id: r.id, windowId: r.windowId, requestedAt: r.requestedAt.toISOString(), at: r.at.toISOString(),
  promisedNoticeMinutes: r.promisedNoticeMinutes, givenNoticeMinutes: r.givenNoticeMinutes,
  brokePromise: r.brokePromise, soldGpuHoursLost: r.soldGpuHoursLost, status: r.status,
});
