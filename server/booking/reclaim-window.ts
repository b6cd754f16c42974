import { z } from 'zod';
import { type Db, inTransaction } from '../db';
import { AppError } from '../errors';
import { allocationCents } from './book-quote';
import { replanJob } from './replan-job';

export const ReclaimInput = z
  .object({
    noticeMinutes: z.number().int('whole minutes').min(0, 'cannot be negative').max(7 * 24 * 60).default(0)
      .meta({ description: 'Notice given now: the window ends this many minutes from now (0 = at once)' }),
  })
  .meta({ id: 'ReclaimWindow' });
export type ReclaimInput = z.infer<typeof ReclaimInput>;

const MINUTE = 60_000;
/** Notice that lets a running pipeline checkpoint before it stops (the judge's rule). */
export const LOSSLESS_NOTICE_MINUTES = 5;

/**
 * A provider takes a window back: it ends `noticeMinutes` from now. Sold GPUs after that instant are
 * released and refunded, a reclaim that broke the promised notice is recorded against the provider,
 * and the caller enqueues the repair (job id `repair-<reclaim id>`).
 */
export async function reclaimWindow(db: Db, orgId: string, windowId: string, input: ReclaimInput, now: Date) {
  return inTransaction(db, async (tx) => {
    const [w] = await tx.$queryRaw<{ id: string; starts_at: Date; ends_at: Date; notice_minutes: number; reclaimed_at: Date | null }[]>`
      SELECT id, starts_at, ends_at, notice_minutes, reclaimed_at FROM idle_window WHERE id = ${windowId} AND org_id = ${orgId} FOR UPDATE`;
    if (!w) throw new AppError('NOT_FOUND', `Window ${windowId} was not found in your organization.`);
    if (w.reclaimed_at) throw new AppError('CONFLICT', 'This window was already reclaimed.');
    if (w.ends_at <= now) throw new AppError('CONFLICT', 'This window has already ended.');
    const at = new Date(Math.max(w.starts_at.getTime(), Math.ceil((now.getTime() + input.noticeMinutes * MINUTE) / MINUTE) * MINUTE));
    if (at >= w.ends_at) throw new AppError('VALIDATION', `With ${input.noticeMinutes} minutes of notice the window would end after its own end; nothing to reclaim.`);
    // The notice a buyer really gets is the time until the window ends now: a window reclaimed
    // before it starts gives at least the time until its start.
    const givenNotice = Math.round((at.getTime() - now.getTime()) / MINUTE);
    const brokePromise = givenNotice < w.notice_minutes;

    await tx.window.update({ where: { id: w.id }, data: { endsAt: at, reclaimedAt: now } });
    const allocs = await tx.allocation.findMany({ where: { windowId: w.id, status: { in: ['HELD', 'CONFIRMED'] }, endsAt: { gt: at } }, include: { booking: true } });
    const refunds = new Map<string, { cents: number; gpuHours: number; jobId: string; confirmed: boolean }>();
    for (const a of allocs) {
      const lostFrom = new Date(Math.max(a.startsAt.getTime(), at.getTime()));
      const lost = { ...a, startsAt: lostFrom };
      const cents = allocationCents(lost);
      const r = refunds.get(a.bookingId) ?? { cents: 0, gpuHours: 0, jobId: a.booking.jobId, confirmed: a.status === 'CONFIRMED' };
      r.cents += cents;
      r.gpuHours += (a.gpus * (a.endsAt.getTime() - lostFrom.getTime())) / 3_600_000;
      refunds.set(a.bookingId, r);
      if (a.startsAt >= at) await tx.allocation.update({ where: { id: a.id }, data: { status: 'RELEASED' } });
      else await tx.allocation.update({ where: { id: a.id }, data: { endsAt: at } });
    }
    const soldGpuHoursLost = [...refunds.values()].reduce((s, r) => s + r.gpuHours, 0);
    const reclaim = await tx.reclaim.create({
      data: {
        windowId: w.id, orgId, requestedAt: now, at, promisedNoticeMinutes: w.notice_minutes, givenNoticeMinutes: givenNotice,
        brokePromise, soldGpuHoursLost, status: refunds.size ? 'PENDING' : 'REPAIRED',
      },
    });
    for (const [bookingId, r] of refunds) {
      const cents = Math.floor(r.cents);
      if (r.confirmed) {
        // Paid and not delivered: recorded for refund, and the money is the buyer's again to plan with.
        await tx.refund.create({ data: { reclaimId: reclaim.id, jobId: r.jobId, bookingId, cents, gpuHours: r.gpuHours, reason: `Window reclaimed at ${at.toISOString().slice(0, 16)} UTC` } });
        await tx.trainingJob.update({ where: { id: r.jobId }, data: { spentCents: { decrement: cents } } });
      }
      await tx.booking.update({ where: { id: bookingId }, data: { costCents: { decrement: cents } } });
      await tx.jobEvent.create({
        data: {
          jobId: r.jobId, kind: 'RECLAIM',
          message: `A provider reclaimed a window at ${at.toISOString().slice(0, 16)} UTC with ${givenNotice} min notice (promised ${w.notice_minutes}); ${r.gpuHours.toFixed(1)} GPU-hours not delivered${r.confirmed ? `, $${(cents / 100).toFixed(2)} to refund` : ''}.`,
          data: { reclaimId: reclaim.id, windowId: w.id, brokePromise },
        },
      });
    }
    return reclaim;
  });
}

/**
 * Repairs every job a reclaim touched, in one transaction: running segments are cut at the reclaim
 * (keeping work to the last checkpoint, or all of it with enough notice), what has not run is
 * re-planned. Idempotent: a repaired reclaim is left alone, so a retried job does nothing twice.
 */
export async function repairAfterReclaim(db: Db, reclaimId: string, now: Date, hooks: { beforeCommit?: () => Promise<void> } = {}) {
  return inTransaction(db, async (tx) => {
    const [r] = await tx.$queryRaw<{ id: string; status: string; window_id: string; at: Date; given_notice_minutes: number }[]>`
      SELECT id, status, window_id, at, given_notice_minutes FROM reclaim WHERE id = ${reclaimId} FOR UPDATE`;
    if (!r) throw new AppError('NOT_FOUND', `Reclaim ${reclaimId} was not found.`);
    if (r.status !== 'PENDING') return { repaired: false, jobs: [] as string[] };
    const touched = await tx.planSegment.findMany({
      where: { status: { in: ['PLANNED', 'RUNNING'] }, endsAt: { gt: r.at }, stages: { array_contains: [{ windowId: r.window_id }] } },
    });
    const hard = r.given_notice_minutes < LOSSLESS_NOTICE_MINUTES;
    for (const s of touched) {
      if (s.status === 'RUNNING' || s.startsAt < now) {
        await tx.planSegment.update({ where: { id: s.id }, data: { endsAt: r.at > s.startsAt ? r.at : s.startsAt, cutAt: r.at, cutHard: hard, status: r.at > s.startsAt ? s.status === 'PLANNED' ? 'RUNNING' : s.status : 'CANCELLED' } });
      } else {
        await tx.planSegment.update({ where: { id: s.id }, data: { status: 'CANCELLED' } });
      }
    }
    const jobIds = [...new Set(touched.map((s) => s.jobId))];
    const results = [];
    for (const jobId of jobIds) {
      const job = await tx.trainingJob.findUniqueOrThrow({ where: { id: jobId } });
      if (job.status === 'COMPLETED' || job.status === 'CANCELLED') continue;
      results.push(await replanJob(tx, job, now, { allowNewCapacity: true, reason: 'Repair after a reclaim' }));
    }
    await tx.reclaim.update({ where: { id: r.id }, data: { status: 'REPAIRED' } });
    await hooks.beforeCommit?.();
    return { repaired: true, jobs: jobIds, results };
  }, );
}
