import type { Db } from '../db';
import { logger } from '../logger';
import { bookQuote } from './book-quote';
import { enqueueHoldRelease, enqueueRepair } from './enqueue';
import { type ReclaimInput, reclaimWindow } from './reclaim-window';

// Database change first, then the background job. If Redis is down at that moment the change
// stands and the minute tick catches up (expired holds, pending reclaims), so nothing is lost.

export async function bookAndHold(db: Db, args: { orgId: string; quoteId: string; idempotencyKey: string }, now: Date) {
  const out = await bookQuote(db, args, now);
  if (!out.replayed && out.booking.status === 'HELD') {
    await enqueueHoldRelease(out.booking.id, out.booking.holdExpiresAt, now).catch((err) => logger.warn({ err: err.message, bookingId: out.booking.id }, 'hold release not queued; the tick will release it'));
  }
  return out;
}

export async function reclaimAndRepair(db: Db, orgId: string, windowId: string, input: ReclaimInput, now: Date) {
  const reclaim = await reclaimWindow(db, orgId, windowId, input, now);
  if (reclaim.status === 'PENDING') {
    await enqueueRepair(reclaim.id).catch((err) => logger.warn({ err: err.message, reclaimId: reclaim.id }, 'repair not queued; the tick will repair it'));
  }
  return reclaim;
}

export const serializeQuote = (q: { id: string; jobId: string; status: string; expiresAt: Date; costCents: number; tokens: bigint; summary: unknown; createdAt: Date }) => ({
  id: q.id, jobId: q.jobId, status: q.status, expiresAt: q.expiresAt.toISOString(), costCents: q.costCents, tokens: Number(q.tokens),
  summary: q.summary as import('./quote-job').QuoteSummary, createdAt: q.createdAt.toISOString(),
});

export const serializeBooking = (b: { id: string; jobId: string; status: string; costCents: number; holdExpiresAt: Date; confirmedAt: Date | null; quoteId: string | null; createdAt: Date }) => ({
  id: b.id, jobId: b.jobId, quoteId: b.quoteId, status: b.status, costCents: b.costCents, holdExpiresAt: b.holdExpiresAt.toISOString(),
  confirmedAt: b.confirmedAt?.toISOString() ?? null, createdAt: b.createdAt.toISOString(),
});
