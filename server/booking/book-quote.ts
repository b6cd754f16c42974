import { randomUUID } from 'node:crypto';
import { type Db, inTransaction, type Prisma } from '../db';
import { AppError, fromDbError } from '../errors';
import type { PlannedSegment } from './describe-plan';
import type { QuoteSummary } from './quote-job';

export const HOLD_MINUTES = 15;
const HOUR = 3_600_000;

/** One allocation per stage of each segment; stages of one window in one segment are merged. */
export function allocationsOf(segments: PlannedSegment[]) {
  const out: { windowId: string; startsAt: Date; endsAt: Date; gpus: number; centsPerGpuHour: number }[] = [];
  for (const s of segments) {
    const byWindow = new Map<string, { gpus: number; cents: number }>();
    for (const st of s.stages) {
      if (st.bookingId) continue; // already the buyer's (a repair re-using its own allocation)
      const cur = byWindow.get(st.windowId);
      byWindow.set(st.windowId, { gpus: (cur?.gpus ?? 0) + st.gpus, cents: st.centsPerGpuHour });
    }
    for (const [windowId, a] of byWindow) out.push({ windowId, startsAt: new Date(s.start), endsAt: new Date(s.end), gpus: a.gpus, centsPerGpuHour: a.cents });
  }
  return out;
}

export const allocationCents = (a: { startsAt: Date; endsAt: Date; gpus: number; centsPerGpuHour: number }) =>
  (a.gpus * a.centsPerGpuHour * (a.endsAt.getTime() - a.startsAt.getTime())) / HOUR;

/**
 * Creates a booking, its job event, segments and allocations for planned segments, in the caller's
 * transaction and in one SQL statement (a booking is the hot path under contention: fewer round
 * trips, and the window locks are held for as short a time as possible). The allocation trigger
 * re-checks every window's capacity, price and reclaim under its row lock, in window-id order, so
 * two bookings that race for the same GPUs cannot both succeed and cannot deadlock.
 */
export async function createBookingRows(tx: Prisma.TransactionClient, args: {
  jobId: string; orgId: string; quoteId?: string; idempotencyKey: string; segments: PlannedSegment[]; status: 'HELD' | 'CONFIRMED'; holdExpiresAt: Date; now: Date; reason?: string;
  /** The job event that records the booking. */
  event?: (costCents: number, holdExpiresAt: Date) => string;
  /** Set the job's status (and clear its reason) in the same statement. */
  jobStatus?: 'BOOKED' | 'RUNNING';
}) {
  const allocs = allocationsOf(args.segments).sort((x, y) => x.windowId.localeCompare(y.windowId) || x.startsAt.getTime() - y.startsAt.getTime());
  const costCents = Math.floor(allocs.reduce((s, a) => s + allocationCents(a), 0));
  const id = randomUUID();
  const segments = args.segments.map((s) => ({
    id: randomUUID(), starts_at: s.start, ends_at: s.end, tokens_per_sec: s.tokensPerSec, cents_per_hour: Math.round(s.centsPerHour),
    stages: s.stages.map(({ bookingId: _b, ...st }) => st),
  }));
  const allocations = allocs.map((a, n) => ({ n, id: randomUUID(), window_id: a.windowId, starts_at: a.startsAt.toISOString(), ends_at: a.endsAt.toISOString(), gpus: a.gpus, cents: a.centsPerGpuHour }));
  const event = args.event?.(costCents, args.holdExpiresAt) ?? null;
  const status = args.status;
  await tx.$executeRaw`
    WITH q AS (
      UPDATE quote SET status = 'BOOKED' WHERE id = ${args.quoteId ?? null}::text),
    j AS (
      UPDATE training_job SET status = ${args.jobStatus ?? null}::"JobStatus", status_reason = NULL, updated_at = ${args.now}
      WHERE id = ${args.jobId} AND ${args.jobStatus ?? null}::text IS NOT NULL),
    b AS (
      INSERT INTO booking (id, job_id, org_id, quote_id, idempotency_key, status, cost_cents, hold_expires_at, confirmed_at, reason, created_at, updated_at)
      VALUES (${id}, ${args.jobId}, ${args.orgId}, ${args.quoteId ?? null}, ${args.idempotencyKey}, ${status}::"BookingStatus", ${costCents},
              ${args.holdExpiresAt}, ${status === 'CONFIRMED' ? args.now : null}, ${args.reason ?? null}, ${args.now}, ${args.now})
      RETURNING id),
    e AS (
      INSERT INTO job_event (id, job_id, kind, message, data, created_at)
      SELECT ${randomUUID()}, ${args.jobId}, 'BOOKED', ${event}, jsonb_build_object('bookingId', b.id), ${args.now} FROM b WHERE ${event}::text IS NOT NULL),
    s AS (
      INSERT INTO plan_segment (id, job_id, booking_id, starts_at, ends_at, stages, tokens_per_sec, cents_per_hour, status, created_at, updated_at)
      SELECT x.id, ${args.jobId}, b.id, x.starts_at, x.ends_at, x.stages, x.tokens_per_sec, x.cents_per_hour, 'PLANNED', ${args.now}, ${args.now}
      FROM b, jsonb_to_recordset(${JSON.stringify(segments)}::jsonb) AS x(id text, starts_at timestamptz, ends_at timestamptz, stages jsonb, tokens_per_sec float8, cents_per_hour int))
    INSERT INTO allocation (id, booking_id, window_id, starts_at, ends_at, gpus, cents_per_gpu_hour, status, created_at)
    SELECT x.id, b.id, x.window_id, x.starts_at, x.ends_at, x.gpus, x.cents, ${status}::"AllocationStatus", ${args.now}
    FROM b, jsonb_to_recordset(${JSON.stringify(allocations)}::jsonb) AS x(n int, id text, window_id text, starts_at timestamptz, ends_at timestamptz, gpus int, cents int)
    ORDER BY x.n`;
  return {
    id, jobId: args.jobId, orgId: args.orgId, quoteId: args.quoteId ?? null, idempotencyKey: args.idempotencyKey, status, costCents,
    holdExpiresAt: args.holdExpiresAt, confirmedAt: status === 'CONFIRMED' ? args.now : null, releasedAt: null, reason: args.reason ?? null,
    createdAt: args.now, updatedAt: args.now,
  };
}

async function existing(db: Db, orgId: string, idempotencyKey: string) {
  return db.booking.findUnique({ where: { orgId_idempotencyKey: { orgId, idempotencyKey } } });
}

/**
 * Books a quote: re-checks it against current capacity in one transaction and holds its GPUs until
 * payment or expiry. The same Idempotency-Key returns the same booking.
 */
export async function bookQuote(db: Db, args: { orgId: string; quoteId: string; idempotencyKey: string }, now: Date) {
  if (!/^[\w.:-]{8,200}$/.test(args.idempotencyKey)) throw new AppError('VALIDATION', 'The Idempotency-Key must be 8 to 200 letters, digits or ._:- characters.');
  const replay = (b: { quoteId: string | null }) => {
    if (b.quoteId !== args.quoteId) throw new AppError('CONFLICT', 'This Idempotency-Key was already used to book a different quote; use a new key for a new booking.');
    return { booking: b as NonNullable<Awaited<ReturnType<typeof existing>>>, replayed: true };
  };
  const prior = await existing(db, args.orgId, args.idempotencyKey);
  if (prior) return replay(prior);
  try {
    const booking = await inTransaction(db, async (tx) => {
      // One statement: lock the quote, read it with its job and the job's other holds.
      const [q] = await tx.$queryRaw<{ id: string; status: string; expires_at: Date; job_id: string; cost_cents: number; summary: QuoteSummary; job_status: string; spent_cents: number; budget_cents: number; held_cents: number }[]>`
        SELECT q.id, q.status, q.expires_at, q.job_id, q.cost_cents, q.summary, j.status::text AS job_status, j.spent_cents, j.budget_cents,
               (SELECT coalesce(sum(b.cost_cents), 0)::int FROM booking b WHERE b.job_id = j.id AND b.status = 'HELD') AS held_cents
        FROM quote q JOIN training_job j ON j.id = q.job_id
        WHERE q.id = ${args.quoteId} AND j.org_id = ${args.orgId} FOR UPDATE OF q`;
      if (!q) throw new AppError('NOT_FOUND', `Quote ${args.quoteId} was not found.`);
      if (q.status === 'BOOKED') {
        // The same request, sent again while the first was committing, waited on the quote's lock.
        const mine = await existing(tx, args.orgId, args.idempotencyKey);
        if (mine) return { booking: replay(mine).booking, replayed: true };
        throw new AppError('CONFLICT', 'This quote is already booked; get a new quote to book more.');
      }
      if (q.expires_at <= now) throw new AppError('QUOTE_EXPIRED', 'This quote has expired; get a new one (capacity and prices move).');
      if (!q.summary.segments.length) throw new AppError('CONFLICT', 'This quote has no plan to book.');
      if (q.spent_cents + q.held_cents + q.cost_cents > q.budget_cents) {
        throw new AppError('CONFLICT', 'Booking this quote would exceed the job’s budget together with what is already booked.');
      }
      // The allocations go in last, so window locks are held only until the commit right after.
      const b = await createBookingRows(tx, {
        jobId: q.job_id, orgId: args.orgId, quoteId: q.id, idempotencyKey: args.idempotencyKey, segments: q.summary.segments,
        status: 'HELD', holdExpiresAt: new Date(now.getTime() + HOLD_MINUTES * 60_000), now,
        jobStatus: q.job_status === 'RUNNING' ? 'RUNNING' : 'BOOKED',
        event: (cost, until) => `Booked ${q.summary.segments.length} segment(s) for $${(cost / 100).toFixed(2)}; held until ${until.toISOString().slice(0, 16)} UTC for payment.`,
      });
      return { booking: b, replayed: false };
    });
    return booking;
  } catch (err) {
    // The same key sent twice at once: the loser of the unique index returns the winner's booking.
    const e = fromDbError(err);
    if (e instanceof AppError && e.code === 'CONFLICT' && /same unique/.test(e.message)) {
      const again = await existing(db, args.orgId, args.idempotencyKey).catch(() => null);
      if (again) return replay(again);
    }
    throw e;
  }
}

/**
 * The one step that turns a hold into a sale. Until settlement exists it is an explicit confirm;
 * the settlement issue replaces its caller with a payment, not this function's rules.
 */
export async function confirmBooking(db: Db, orgId: string, bookingId: string, now: Date) {
  return inTransaction(db, async (tx) => {
    const [b] = await tx.$queryRaw<{ id: string; status: string; hold_expires_at: Date; job_id: string; cost_cents: number }[]>`
      SELECT id, status, hold_expires_at, job_id, cost_cents FROM booking WHERE id = ${bookingId} AND org_id = ${orgId} FOR UPDATE`;
    if (!b) throw new AppError('NOT_FOUND', `Booking ${bookingId} was not found.`);
    if (b.status === 'CONFIRMED') return tx.booking.findUniqueOrThrow({ where: { id: b.id } });
    if (b.status !== 'HELD') throw new AppError('CONFLICT', `This booking is ${b.status.toLowerCase()}; get a new quote.`);
    if (b.hold_expires_at <= now) throw new AppError('QUOTE_EXPIRED', 'The hold on this booking expired and its GPUs were released; get a new quote.');
    await tx.allocation.updateMany({ where: { bookingId: b.id, status: 'HELD' }, data: { status: 'CONFIRMED' } });
    // training_job_spent_within_budget refuses a spend past the budget.
    await tx.trainingJob.update({ where: { id: b.job_id }, data: { spentCents: { increment: b.cost_cents } } });
    await tx.jobEvent.create({ data: { jobId: b.job_id, kind: 'CONFIRMED', message: `Booking confirmed: $${(b.cost_cents / 100).toFixed(2)} committed.`, data: { bookingId: b.id } } });
    return tx.booking.update({ where: { id: b.id }, data: { status: 'CONFIRMED', confirmedAt: now } });
  });
}

/** Releases an unpaid hold once it has expired; harmless to call again or early (it then does nothing). */
export async function releaseExpiredHold(db: Db, bookingId: string, now: Date) {
  return inTransaction(db, async (tx) => {
    const [b] = await tx.$queryRaw<{ id: string; status: string; hold_expires_at: Date; job_id: string }[]>`
      SELECT id, status, hold_expires_at, job_id FROM booking WHERE id = ${bookingId} FOR UPDATE`;
    if (!b || b.status !== 'HELD' || b.hold_expires_at > now) return { released: false };
    await tx.allocation.updateMany({ where: { bookingId: b.id }, data: { status: 'RELEASED' } });
    await tx.planSegment.updateMany({ where: { bookingId: b.id, status: 'PLANNED' }, data: { status: 'CANCELLED' } });
    await tx.booking.update({ where: { id: b.id }, data: { status: 'RELEASED', releasedAt: now } });
    const live = await tx.booking.count({ where: { jobId: b.job_id, status: { in: ['HELD', 'CONFIRMED'] } } });
    if (!live) await tx.trainingJob.update({ where: { id: b.job_id }, data: { status: 'DRAFT', statusReason: 'The unpaid hold expired; get a new quote.' } });
    await tx.jobEvent.create({ data: { jobId: b.job_id, kind: 'HOLD_RELEASED', message: 'The hold expired unpaid; its GPUs went back to the market.', data: { bookingId: b.id } } });
    return { released: true };
  });
}
